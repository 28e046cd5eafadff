// Imports for create-reporters.test.ts, through the public faces only.
import { TbtError } from '../../src/model/index.ts';
export { MultiReporter, PrettyReporter, createReporters, parseReporterSpec } from '../../src/report/index.ts';

/** True when `error` is a TbtError of this kind (for assert.throws). */
export function isTbtError(error: unknown, kind: string): boolean {
  return error instanceof TbtError && error.kind === kind;
}
