// The test-file stage's public face: reading tbt and Tracetest test files into TestDefinitions
// (with every selector and assertion compiled and located), variable sets, run-time templates,
// and the offline `tbt check`. Other stages import testfile only through this file.

/**
 * Load a test file (`*.tbt.yaml`, Tracetest Test, TestSuite/Transaction, legacy Tracetest);
 * throws its first problem as a TbtError with file:line:column. `analyzeTestFile` returns every
 * problem instead.
 */
export { loadTestFile, analyzeTestFile } from './load-test-file.ts';

/** Variables from a `--vars` file (Tracetest VariableSet/Environment, or a plain mapping). */
export { loadVariableSet } from './load-variable-set.ts';

/**
 * Substitute `${env:X}` / `${var:X}` in a trigger at run time; a missing variable throws
 * TbtError('variable') naming it and the field (and its line) that uses it. Never prompts.
 * `unsetVariables` lists the unset ones instead, for `tbt check`.
 */
export { resolveTemplates, locateTriggerField, unsetVariables } from './templates.ts';

/** `tbt check`: every located problem of the given files; with a trace, their assertion results. */
export { checkTestFiles, toProblem } from './check-test-files.ts';
export type { CheckProblem, CheckReport } from './check-test-files.ts';
