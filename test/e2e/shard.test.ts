// `tbt verify --shard i/n` through the real bin: shards 1..3 of an eight-test suite together run
// every test exactly once, the suite is really split, and every shard's tests pass against their
// recorded snapshots.
// (Moved from demo-scale.test.ts, where each shard booted the checkout demo: which tests a shard
// runs is decided before any service starts, so a project whose triggers export one span each
// proves the same partition at a fraction of the cost. runner/selection.test.ts covers shardTests
// itself, on plain values.)
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonReport } from '../../src/report/json-report-types.ts';
import { createTinyProject, type TinyProject } from '../support/tiny-project.ts';

const IDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

let tiny: TinyProject | undefined;
after(async () => {
  await tiny?.cleanup();
});

async function runJson(project: TinyProject, args: readonly string[], label: string): Promise<{ code: number | null; stdout: string; report: JsonReport }> {
  const reportFile = `report-${label}.json`;
  const result = await project.run([...args, '--reporter', 'pretty', '--reporter', `json=${reportFile}`]);
  let text: string;
  try {
    text = await readFile(path.join(project.dir, reportFile), 'utf8');
  } catch {
    throw new Error(`tbt ${args.join(' ')} wrote no JSON report (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
  }
  return { code: result.code, stdout: `${result.stdout}\n${result.stderr}`, report: JSON.parse(text) as JsonReport };
}

test('--shard i/3 for i = 1..3 covers the suite exactly once', async () => {
  const project = await createTinyProject();
  tiny = project;
  await project.write(
    'tbt.config.yaml',
    ['tests: ["tests/*.tbt.yaml"]', 'receiver: { port: 0 }', 'collect: { settle: 50ms, timeout: 4s }', 'tolerances: { duration: off }', 'record: { runs: 1 }', ''].join('\n'),
  );
  for (const id of IDS) await project.write(`tests/${id}.tbt.yaml`, `name: ${id}\ntrigger:\n  command: ${project.scripts.exportSpan} ${id}\n`);

  // One run per test and four at a time: what is recorded does not matter here, only that it passes.
  const recorded = await runJson(project, ['record', '--concurrency', '4'], 'record');
  assert.equal(recorded.code, 0, recorded.stdout);
  assert.equal(recorded.report.summary.passed, IDS.length, recorded.stdout);

  // The shards are independent runs: they may run side by side.
  const shards = await Promise.all([1, 2, 3].map((index) => runJson(project, ['verify', '--ci', '--shard', `${index}/3`], `shard-${index}`)));
  const seen: string[][] = [];
  for (const [position, { code, stdout, report }] of shards.entries()) {
    assert.equal(code, 0, `shard ${position + 1}/3\n${stdout}`);
    assert.ok(report.tests.every((verdict) => verdict.outcome === 'passed'), `shard ${position + 1}/3\n${stdout}`);
    assert.equal(report.summary.total, report.tests.length);
    seen.push(report.tests.map((verdict) => verdict.id));
  }
  const all = seen.flat();
  assert.deepEqual([...all].sort(), [...IDS].sort(), `the shards together run every test once: ${JSON.stringify(seen)}`);
  assert.equal(new Set(all).size, all.length, 'no test runs in two shards');
  assert.ok(seen.filter((ids) => ids.length > 0).length >= 2, `the suite is actually split: ${JSON.stringify(seen)}`);
});
