// The demo end to end: a clean `verify --ci` on the committed snapshots passes, and Ctrl-C during
// a run exits 130 and leaves no demo service behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { binPath } from '../support/run-bin.ts';
import {
  canSeeProcesses,
  createDemoProject,
  demoServicesIn,
  DEMO_TEST_IDS,
  durationOff,
  findingLabels,
  testById,
  timeBoundsOff,
  type DemoProject,
} from '../support/demo-project.ts';

let demo: DemoProject;
before(async () => {
  // Duration tolerances and the two-items time bound off: a busy machine must not fail a clean
  // run. What durations catch is proven by demo-bugs' slow-payment, with the demo's own config.
  demo = await createDemoProject({ config: durationOff, tests: timeBoundsOff });
});
after(async () => {
  await demo?.cleanup();
});

test('verify --ci on the committed snapshots passes all three tests and writes nothing', async () => {
  const snapshotsBefore = await demo.readSnapshots();
  const { result, report } = await demo.runJson(['verify', '--ci']);
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  // The summary line stands alone and ends the output.
  assert.match(result.stdout, /(^|\n)3 passed, 0 failed\n?$/);
  assert.deepEqual(report.summary, { total: 3, passed: 3, failed: 0, errored: 0, interrupted: 0, skipped: 0 });
  for (const id of DEMO_TEST_IDS) {
    const verdict = testById(report, id);
    assert.equal(verdict.outcome, 'passed', id);
    assert.equal(verdict.snapshot.action, 'matched', id);
    assert.deepEqual(findingLabels(verdict), [], `${id} has no unsuppressed finding`);
    assert.ok(verdict.assertions.every((assertion) => assertion.passed), `${id}: every spec assertion passes`);
  }
  assert.deepEqual(report.writtenFiles, []);
  assert.deepEqual(report.obsoleteSnapshots, []);
  assert.deepEqual(await demo.readSnapshots(), snapshotsBefore);
  assert.deepEqual(await demoServicesIn(demo.dir), [], 'no demo service outlives the run');
});

test('Ctrl-C during verify exits 130 and stops every demo service', { skip: canSeeProcesses ? false : 'needs /proc to see the services' }, async () => {
  const child = spawn(process.execPath, [binPath, 'verify', '--ci'], {
    cwd: demo.dir,
    env: { ...process.env, NO_COLOR: '1', CI: '', CHECKOUT_BUGS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const bound = AbortSignal.timeout(30_000);
  // The services are looked for while the first test runs, so that Ctrl-C can follow the first
  // test's line at once: on a busy machine, a scan after it let the run finish before the signal.
  let running: number[] = [];
  const servicesSeen = (async () => {
    while (running.length === 0 && !bound.aborted && child.exitCode === null) {
      running = await demoServicesIn(demo.dir);
      if (running.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  // The first test's line means the services are up and a run is in flight.
  const firstOutput = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      resolve();
    });
  });
  const first = await Promise.race([
    firstOutput.then(() => 'printed' as const),
    exited.then(() => 'exited' as const),
    once(bound, 'abort').then(() => 'timeout' as const),
  ]);
  assert.equal(first, 'printed', `verify must still be running and have printed its first test\n${stdout}\n${stderr}`);
  child.kill('SIGINT');
  await servicesSeen;
  assert.ok(running.length > 0, 'the services were running before Ctrl-C arrived (otherwise this test proves nothing)');

  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await exited;
  clearTimeout(killer);
  assert.equal(signal, null, `tbt handled SIGINT itself instead of dying of it\n${stdout}\n${stderr}`);
  assert.equal(code, 130, `${stdout}\n${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace on Ctrl-C');
  const left = await demoServicesIn(demo.dir);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  assert.deepEqual(left, [], 'no demo service is left after Ctrl-C');
});
