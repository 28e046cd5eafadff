// The runnable examples in examples/ pass under node:test, vitest and jest: each boots the demo
// once through `startSystem` and checks its traces against the committed snapshots (in a temp
// copy, with duration checks off so a busy machine cannot fail them, and CI=true so nothing is written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { createDemoProject, durationOff, timeBoundsOff, type DemoProject } from '../support/demo-project.ts';
import { linkTbtInto, runNode, runnerBin, type RunnerOutcome } from '../support/runner-project.ts';
import { projectRoot } from '../support/shared-traces.ts';

/** The demo copy as a user's project, with `tbt` linked to this checkout and the examples beside it. */
async function exampleProject(): Promise<DemoProject> {
  const project = await createDemoProject({ config: durationOff, tests: timeBoundsOff });
  await linkTbtInto(project.dir);
  await cp(path.join(projectRoot, 'examples'), path.join(project.dir, 'examples'), { recursive: true });
  return project;
}

/** Runs a runner in the project with the demo's bug switches off. */
const run = (cwd: string, args: readonly string[]): Promise<RunnerOutcome> => runNode(cwd, args, { CHECKOUT_BUGS: '' });

test('the examples pass under node:test, vitest and jest', { timeout: 900_000, concurrency: true }, async (t) => {
  const project = await exampleProject();
  try {
    // Each runner boots its own demo (startSystem, free ports) and writes nothing (CI=true), so the
    // three run side by side.
    await Promise.all([
      t.test('node:test', async () => {
        const result = await run(project.dir, ['--test', 'examples/node-test/']);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /^# pass 2$/m, result.output);
        assert.match(result.output, /^# fail 0$/m, result.output);
      }),
      t.test('vitest', async () => {
        const result = await run(project.dir, [runnerBin('vitest', 'vitest.mjs'), 'run', 'examples/vitest/']);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /Tests\s+2 passed \(2\)/, result.output);
      }),
      t.test('jest', async () => {
        const result = await run(project.dir, ['--experimental-vm-modules', runnerBin('jest', 'bin/jest.js'), '--config', 'examples/jest/jest.config.mjs']);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /Tests:\s+1 passed, 1 total/, result.output);
      }),
    ]);
    // CI=true: nothing may have been written next to the committed snapshots.
    const files = [...(await project.readSnapshots()).keys()];
    assert.deepEqual(files.filter((name) => !name.endsWith('.trace.yaml') || name.endsWith('.trace.new.yaml')), []);
  } finally {
    await project.cleanup();
  }
});
