// Orchestrating a run: config, services, then per test trigger → collect → judge. No stage logic.
/** Runs a suite and reports each verdict as it comes; resolves to the run summary. */
export { runSuite, type RunSuiteOptions } from './run-suite.ts';
/** Runs one test with an already started receiver and services. */
export { runTest, prepareTest, type TestContext, type PreparedTest } from './run-test.ts';
/** Where spans come from: the receiver's hub or a tracing backend. */
export { BackendTraceSource, type TraceSource } from './trace-source.ts';
/** Judges a collected trace against a golden tree (pure). */
export { judge, type JudgeInput, type Judgement } from './judge.ts';
/** Values of credential-named environment variables and vars, which messages hide wherever they occur. */
/** The closed set of snapshot write modes, and the decision for one test. */
export { decideSnapshotWrite, type UpdateMode, type SnapshotDecision } from './update-mode.ts';
/** The update mode of record and verify from the command, its flags and the CI environment. */
export { updateModeFor, isCiEnvironment, type UpdateFlags, type RunWriteMode } from './update-mode-for.ts';
/** `record` and `verify` as one call: typed options in, settings resolved once, the run's summary out. */
export { recordOrVerify, type RecordOrVerifyOptions } from './record-or-verify.ts';
/** Test selection: filters and deterministic shards. */
export { filterTests, shardTests, parseShard, type Shard } from './select-tests.ts';
/** Test discovery from the config's globs. */
export { loadTestDefinitions, groupIntoRunUnits, type LoadedTests } from './load-tests.ts';
export { findFiles, globToRegExp } from './find-files.ts';
export { listObsoleteSnapshots } from './obsolete.ts';
export { assignPorts, freePort } from './ports.ts';
/** The config's normalize rules (for `tbt receive`), and a test's own sections over the run's settings. */
export { normalizeRulesOf, testSettingsOf, type TestSettings } from './run-settings.ts';
/** A trace file or snapshot read as an input, and a trace input as a snapshot (the bench times both). */
export { readOfflineInput } from './offline-inputs.ts';
export { snapshotOfInput } from './trace-snapshot.ts';
/** The offline commands as library calls: diff, show, lint, query and check, on trace files and snapshots. */
export type { OfflineOptions } from './offline-inputs.ts';
export { compareFiles, type FileComparison } from './compare-files.ts';
/** `tbt show [--snapshot]`: a file's canonical tree, or the file as a snapshot (a golden from a production trace). */
export { canonicalTreeOfFile, snapshotOfFile } from './show-file.ts';
export { lintFiles, type LintFilesOptions } from './lint-files.ts';
export { queryFile, type QueryFileOptions } from './query-file.ts';
export { checkFiles, type CheckFilesOptions } from './check-files.ts';
/** Reviewing pending `.trace.new.yaml` trees: list, accept, reject. */
export { listPendingSnapshots, acceptPendingSnapshot, rejectPendingSnapshot, type PendingSnapshot } from './pending-snapshots.ts';
/** The receivers and services a run talks to, started once and stopped once. */
export { startSystemUnderTest, type SystemUnderTest, type SystemUnderTestOptions } from './system-under-test.ts';
/** A long-lived run for test runners: start once, run many tests, stop once. */
export { startTestSession, type TestSession, type TestSessionOptions } from './test-session.ts';
