// The runnable examples in examples/ pass under node:test, vitest and jest: each boots the demo
// once through `startSystem` and checks its traces against the committed snapshots (in a temp
// copy, with duration checks off so a busy machine cannot fail them, and CI=true so nothing is written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDemoProject, durationOff, timeBoundsOff, type DemoProject } from '../support/demo-project.ts';
import { ensureFreshBuild } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';

interface Outcome {
  readonly code: number | null;
  readonly output: string;
}

/**
 * The demo copy as a user's project: `tbt` resolves to this checkout (its built dist/) and every
 * other package to the repo's install, through a node_modules of symlinks.
 */
async function exampleProject(): Promise<DemoProject> {
  ensureFreshBuild();
  const project = await createDemoProject({ config: durationOff, tests: timeBoundsOff });
  const modules = path.join(project.dir, 'node_modules');
  await rm(modules);
  await mkdir(modules);
  for (const name of await readdir(path.join(projectRoot, 'node_modules'))) {
    if (name !== 'tbt') await symlink(path.join(projectRoot, 'node_modules', name), path.join(modules, name));
  }
  await symlink(projectRoot, path.join(modules, 'tbt'), 'dir');
  // A user's project has a package.json; jest looks for one to find its root.
  await writeFile(path.join(project.dir, 'package.json'), `${JSON.stringify({ name: 'tbt-example', private: true }, null, 2)}\n`);
  await cp(path.join(projectRoot, 'examples'), path.join(project.dir, 'examples'), { recursive: true });
  return project;
}

function run(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  // The runner's own marker would make the child node:test skip its files (a "recursive run").
  const { NODE_TEST_CONTEXT: _nested, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...inherited, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', CHECKOUT_BUGS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish within 240 s\n${output}`));
    }, 240_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const bin = (name: string, file: string): string => path.join(projectRoot, 'node_modules', name, file);

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
        const result = await run(project.dir, [bin('vitest', 'vitest.mjs'), 'run', 'examples/vitest/']);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /Tests\s+2 passed \(2\)/, result.output);
      }),
      t.test('jest', async () => {
        const result = await run(project.dir, ['--experimental-vm-modules', bin('jest', 'bin/jest.js'), '--config', 'examples/jest/jest.config.mjs']);
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
