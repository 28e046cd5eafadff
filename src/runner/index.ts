// Orchestrating a run: config, services, then per test trigger → collect → judge. No stage logic.
/** Runs a suite and reports each verdict as it comes; resolves to the run summary. */
export { runSuite, type RunSuiteOptions } from './run-suite.ts';
/** The closed set of snapshot write modes (`all | new | none`). */
export type { UpdateMode } from './update-mode.ts';
/** The update mode of record and verify from the command, its flags and the CI environment. */
export { updateModeFor, isCiEnvironment } from './update-mode-for.ts';
/** `record` and `verify` as one call: typed options in, settings resolved once, the run's summary out. */
export { recordOrVerify, type RecordOrVerifyOptions } from './record-or-verify.ts';
/** `--shard 2/3`: which deterministic share of the tests this run takes. */
export { parseShard } from './select-tests.ts';
/** The config's normalize rules (for `tbt receive`). */
export { normalizeRulesOf } from './run-settings.ts';
/** The offline commands as library calls: diff, show, lint, query and check, on trace files and snapshots. */
export type { OfflineOptions } from './offline-inputs.ts';
export { compareFiles } from './compare-files.ts';
/** `tbt show [--snapshot]`: a file's canonical tree, or the file as a snapshot (a golden from a production trace). */
export { canonicalTreeOfFile, snapshotOfFile } from './show-file.ts';
export { lintFiles } from './lint-files.ts';
export { queryFile } from './query-file.ts';
export { checkFiles } from './check-files.ts';
/** Reviewing pending `.trace.new.yaml` trees: list, accept, reject. */
export { listPendingSnapshots, acceptPendingSnapshot, rejectPendingSnapshot, type PendingSnapshot } from './pending-snapshots.ts';
/** A long-lived run for test runners: start once, run many tests, stop once. */
export { startTestSession } from './test-session.ts';
