// Finds the config's test files and loads every test they define, refusing duplicate ids
// (two tests would fight over one snapshot file).
import path from 'node:path';
import { TbtError, type TbtConfig, type TestDefinition } from '../model/index.ts';
import { loadTestFile } from '../testfile/index.ts';
import { findFiles } from './find-files.ts';

export async function loadTestDefinitions(config: TbtConfig): Promise<TestDefinition[]> {
  const files = await findFiles(config.rootDir, config.tests);
  const tests: TestDefinition[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    const loaded = await loadTestFile(file, { rootDir: config.rootDir });
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
  return tests;
}
