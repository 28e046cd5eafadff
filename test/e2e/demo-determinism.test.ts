// DESIGN, Snapshot: two recordings of the same behaviour into an empty folder agree on every span,
// count, attribute and status (they differ in durations, and in the order and concurrency of
// siblings that Node's millisecond clock cannot order), and recording unchanged behaviour again
// leaves the files byte-identical.
// Two recordings and one re-record (once three and two): each recording learns from three runs of
// every test, so the pair already compares six independent runs; a third recording repeated that
// comparison, and a second re-record repeated the first's. The services are booted once for all
// three (test/support/booted-demo.ts): the orders the runs place add up in one database, and ids
// that grow from run to run must not show in a snapshot either.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { bootDemo, type BootedDemo } from '../support/booted-demo.ts';
import {
  DEMO_TEST_IDS,
  durationOff,
  timeBoundsOff,
  lineDiff,
  maskDurations,
  testById,
  treeWithoutClock,
  type DemoProject,
} from '../support/demo-project.ts';

// Each recording learns from three runs of each test: two recordings make six runs.
const RECORDINGS = 2;
const SNAPSHOT_FILES = DEMO_TEST_IDS.map((id) => `${id}.trace.yaml`);

let boot: BootedDemo;
let demo: DemoProject;
let last: Map<string, string> | undefined;
before(async () => {
  // Durations beyond tolerance are drift, and drift is rewritten: with tolerances off, a re-record
  // on a busy machine tests "no rewrite without drift" and not the machine's load. A failed time
  // bound would refuse the recording: it is lifted too.
  boot = await bootDemo();
  demo = await boot.createProject({ snapshots: false, config: durationOff, tests: timeBoundsOff });
});
after(async () => {
  await demo?.cleanup();
  await boot?.stop();
});

test(`${RECORDINGS} recordings into an empty snapshots folder agree on everything but the clock`, async (t) => {
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
      const before = first.get(name) ?? '';
      const now = files.get(name) ?? '';
      // The clock-free content must agree, and so must the text once durations are masked, apart
      // from what the SDK's millisecond clock decides (see treeWithoutClock).
      try {
        assert.deepEqual(treeWithoutClock(now, name), treeWithoutClock(before, name));
      } catch (error) {
        problems.push(`recording #1 vs #${round + 1}, ${name}: ${(error as Error).message}`);
        continue;
      }
      const diff = lineDiff(maskDurations(before), maskDurations(now));
      if (diff.length > 0) t.diagnostic(`recording #1 vs #${round + 1}, ${name}: ${diff.length} lines differ in sibling order or concurrency (clock precision)`);
    }
  }
  assert.equal(problems.length, 0, `recordings differ beyond the clock\n${problems.join('\n')}`);
});

test('recording again over existing snapshots leaves them byte-identical', async (t) => {
  if (!last) return t.skip('the recordings above did not complete');
  const { result, report } = await demo.runJson(['record']);
  assert.equal(result.code, 0, `re-record\n${result.stdout}\n${result.stderr}`);
  assert.deepEqual(report.writtenFiles, [], 're-record writes nothing: no drift');
  for (const id of DEMO_TEST_IDS) assert.equal(testById(report, id).snapshot.action, 'matched', `re-record: ${id}`);
  const files = await demo.readSnapshots();
  for (const name of SNAPSHOT_FILES) {
    assert.equal(files.get(name), last.get(name), `re-record left ${name} byte-identical\n${lineDiff(last.get(name) ?? '', files.get(name) ?? '').join('\n')}`);
  }
  assert.deepEqual([...files.keys()], SNAPSHOT_FILES);
});
