// Finds the config's test files and loads every test they define, refusing duplicate ids
// (two tests would fight over one snapshot file).
import path from 'node:path';
import { TbtError, type TbtConfig, type TestDefinition } from '../model/index.ts';
import { loadTestFile } from '../testfile/index.ts';
import { findFilesByGlob } from './find-files.ts';

export interface LoadedTests {
  readonly tests: readonly TestDefinition[];
  /** Tracetest suites: the ids of their steps, in the order they must run. */
  readonly suites: readonly { readonly id: string; readonly steps: readonly string[] }[];
}

/** `extraFiles` (absolute paths) are loaded too, even when no `tests:` glob covers them. */
export async function loadTestDefinitions(config: TbtConfig, extraFiles: readonly string[] = []): Promise<LoadedTests> {
  const { files: globbed, unmatched } = await findFilesByGlob(config.rootDir, config.tests);
  // A glob that matches nothing is a typo, never an empty suite: with -u it would have turned
  // every snapshot obsolete, and in CI it would pass with "0 passed, 0 failed". Test files named
  // on the command line stand in for the globs.
  if (extraFiles.length === 0 && (unmatched.length > 0 || config.tests.length === 0)) {
    const globs = unmatched.map((glob) => `"${glob}"`).join(', ');
    throw new TbtError('config', config.tests.length === 0 ? 'tests: lists no glob, so there is no test to run' : `tests: ${globs} matches no test file under ${config.rootDir}`, {
      location: { file: config.file ?? path.join(config.rootDir, 'tbt.config.yaml') },
      hint: 'globs are relative to the config file, e.g. tests/**/*.tbt.yaml; a directory alone is not a test file',
    });
  }
  const files = [...globbed, ...extraFiles.filter((file) => !globbed.includes(file))];
  const tests: TestDefinition[] = [];
  const suites: { id: string; steps: readonly string[] }[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    const loaded = await loadTestFile(file, { rootDir: config.rootDir });
    if (loaded.suite) suites.push({ id: loaded.suite.id, steps: loaded.suite.steps });
    for (const test of loaded.tests) {
      const owner = owners.get(test.id);
      if (owner !== undefined) {
        throw new TbtError('config', `two tests have the id "${test.id}": ${owner} and ${test.file}`, {
          location: { file: path.relative(config.rootDir, file) },
          hint: 'rename one of the files; the id names the snapshot file',
        });
      }
      owners.set(test.id, test.file);
      tests.push(test);
    }
  }
  return { tests, suites };
}

/**
 * Groups the selected tests into units that may run in parallel: a suite's steps form one unit
 * and keep their order (each step's outputs feed the next); every other test is a unit alone.
 */
export function groupIntoRunUnits(selected: readonly TestDefinition[], suites: LoadedTests['suites']): TestDefinition[][] {
  const byId = new Map(selected.map((test) => [test.id, test]));
  const inSuite = new Set<string>();
  const units: TestDefinition[][] = [];
  for (const suite of suites) {
    const steps = suite.steps.map((id) => byId.get(id)).filter((test): test is TestDefinition => test !== undefined);
    for (const step of steps) inSuite.add(step.id);
    if (steps.length > 0) units.push(steps);
  }
  for (const test of selected) if (!inSuite.has(test.id)) units.push([test]);
  // Keep the run in the tests' own order, so output is stable whatever the suite files say.
  const position = new Map(selected.map((test, index) => [test.id, index]));
  return units.sort((a, b) => (position.get(a[0]?.id ?? '') ?? 0) - (position.get(b[0]?.id ?? '') ?? 0));
}
