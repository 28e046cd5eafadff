// Orchestrating a run: config, services, then per test trigger → collect → judge. No stage logic.
/** Runs a suite and reports each verdict as it comes; resolves to the run summary. */
export { runSuite, type RunSuiteOptions } from './run-suite.ts';
/** The closed set of snapshot write modes (`all | new | none`), decided once by the cli. */
export type { UpdateMode } from './update-mode.ts';
/** `--shard 2/3`: which deterministic share of the tests this run takes. */
export { parseShard } from './select-tests.ts';
/** Trace files and snapshots for the offline commands. */
export { readOfflineInput, spanTreesOf, canonicalTreeOf, type OfflineInput } from './offline-inputs.ts';
/** A trace file as a snapshot (header and tree), for `tbt show --snapshot`: a golden from a production trace. */
export { snapshotOfInput } from './trace-snapshot.ts';
/** Reviewing pending `.trace.new.yaml` trees: list, accept, reject. */
export { listPendingSnapshots, acceptPendingSnapshot, rejectPendingSnapshot, type PendingSnapshot } from './pending-snapshots.ts';
/** A long-lived run for test runners: start once, run many tests, stop once. */
export { startTestSession } from './test-session.ts';
