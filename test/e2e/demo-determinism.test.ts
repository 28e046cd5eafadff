// DESIGN, Snapshot: "Two recordings of the same behaviour into an empty folder differ, at most, in
// their duration: values", and recording unchanged behaviour again leaves the files byte-identical.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  createDemoProject,
  DEMO_TEST_IDS,
  durationOff,
  lineDiff,
  maskDurations,
  testById,
  withoutExpressClockNoise,
  type DemoProject,
} from '../support/demo-project.ts';

const RECORDINGS = 5;
const SNAPSHOT_FILES = DEMO_TEST_IDS.map((id) => `${id}.trace.yaml`);

let demo: DemoProject;
let last: Map<string, string> | undefined;
before(async () => {
  // Durations beyond tolerance are drift, and drift is rewritten: with tolerances off, a re-record
  // on a busy machine tests "no rewrite without drift" and not the machine's load.
  demo = await createDemoProject({ snapshots: false, config: durationOff });
});
after(async () => {
  await demo?.cleanup();
});

test(`${RECORDINGS} recordings into an empty snapshots folder differ only in duration: values`, async () => {
  const recordings: Map<string, string>[] = [];
  for (let round = 1; round <= RECORDINGS; round += 1) {
    for (const name of (await demo.readSnapshots()).keys()) await rm(path.join(demo.snapshotDir, name));
    const { result, report } = await demo.runJson(['record']);
    assert.equal(result.code, 0, `record #${round}\n${result.stdout}\n${result.stderr}`);
    for (const id of DEMO_TEST_IDS) assert.equal(testById(report, id).snapshot.action, 'written', `record #${round}: ${id}`);
    const files = await demo.readSnapshots();
    assert.deepEqual([...files.keys()], SNAPSHOT_FILES, `record #${round} wrote exactly the three snapshots`);
    recordings.push(files);
  }
  last = recordings.at(-1);

  const problems: string[] = [];
  const first = recordings[0] as Map<string, string>;
  for (const [round, files] of recordings.entries()) {
    if (round === 0) continue;
    for (const name of SNAPSHOT_FILES) {
      // Known clock noise of Node's SDK on Express spans is left out (see isExpressClockNoise).
      const comparable = (text: string): string => maskDurations(withoutExpressClockNoise(text));
      const diff = lineDiff(comparable(first.get(name) ?? ''), comparable(files.get(name) ?? ''));
      if (diff.length > 0) problems.push(`recording #1 vs #${round + 1}, ${name}:\n  ${diff.join('\n  ')}`);
    }
  }
  assert.equal(problems.length, 0, `recordings differ beyond duration: values\n${problems.join('\n')}`);
});

test('recording twice more over existing snapshots leaves them byte-identical', async (t) => {
  if (!last) return t.skip('the recordings above did not complete');
  for (let round = 1; round <= 2; round += 1) {
    const { result, report } = await demo.runJson(['record']);
    assert.equal(result.code, 0, `re-record #${round}\n${result.stdout}\n${result.stderr}`);
    assert.deepEqual(report.writtenFiles, [], `re-record #${round} writes nothing: no drift`);
    for (const id of DEMO_TEST_IDS) assert.equal(testById(report, id).snapshot.action, 'matched', `re-record #${round}: ${id}`);
    const files = await demo.readSnapshots();
    for (const name of SNAPSHOT_FILES) {
      assert.equal(files.get(name), last.get(name), `re-record #${round} left ${name} byte-identical\n${lineDiff(last.get(name) ?? '', files.get(name) ?? '').join('\n')}`);
    }
    assert.deepEqual([...files.keys()], SNAPSHOT_FILES);
  }
});
