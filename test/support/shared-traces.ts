// Locates ../shared/traces (third-party data, never copied into the project). Tests that read it
// skip with a printed reason where it is absent, as in a user's fresh clone.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of `../shared/traces`, or undefined when this checkout has no `../shared`. */
export const sharedTracesDir: string | undefined = (() => {
  const dir = path.resolve(projectRoot, '..', 'shared', 'traces');
  return existsSync(dir) ? dir : undefined;
})();

/** For `test(name, { skip: skipWithoutSharedTraces }, …)`: false, or the reason to skip. */
export const skipWithoutSharedTraces: string | false = sharedTracesDir
  ? false
  : '../shared/traces is absent (a fresh clone outside the workspace); these tests read third-party traces from it';

/** Absolute path of a file under `../shared/traces`. Call only when the tests are not skipped. */
export function sharedTrace(relativePath: string): string {
  if (!sharedTracesDir) throw new Error('sharedTrace() called without ../shared/traces');
  return path.join(sharedTracesDir, relativePath);
}

export { projectRoot };
