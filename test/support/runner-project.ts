// A user's project for the test-runner tests: `tbt` resolves to this checkout (its built dist/,
// through package.json's exports) and every other package to the repo's install, through a
// node_modules of symlinks; and a runner (node --test, vitest, jest) run in it as a child process.
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureFreshBuild, runCommand } from './run-bin.ts';
import { projectRoot } from './shared-traces.ts';

export interface RunnerOutcome {
  readonly code: number | null;
  readonly output: string;
}

/** Replaces `dir`'s node_modules with the linked one and gives it a package.json (jest looks for one to find its root). */
export async function linkTbtInto(dir: string): Promise<void> {
  ensureFreshBuild();
  const modules = path.join(dir, 'node_modules');
  await rm(modules, { recursive: true, force: true });
  await mkdir(modules);
  for (const name of await readdir(path.join(projectRoot, 'node_modules'))) {
    if (name !== 'tbt') await symlink(path.join(projectRoot, 'node_modules', name), path.join(modules, name));
  }
  await symlink(projectRoot, path.join(modules, 'tbt'), 'dir');
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'tbt-user', private: true }, null, 2)}\n`);
}

/** The path of a runner's entry script in the repo's install (`vitest/vitest.mjs`, `jest/bin/jest.js`). */
export const runnerBin = (name: string, file: string): string => path.join(projectRoot, 'node_modules', name, file);

/** Runs `node ARGS` in `cwd` as CI would (CI=true, no colour), with output and exit code. */
export async function runNode(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<RunnerOutcome> {
  // The runner's own marker would make a child node:test skip its files (a "recursive run").
  const { NODE_TEST_CONTEXT: _nested, ...inherited } = process.env;
  const result = await runCommand(process.execPath, args, { cwd, env: { ...inherited, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeoutMs: 240_000 });
  return { code: result.code, output: result.stdout + result.stderr };
}
