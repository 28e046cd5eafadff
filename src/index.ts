// tbt as a library, for node:test, vitest and jest users who want to drive trace tests from code.
// Each stage's own index.ts has more; this is the curated surface.

/**
 * Trace tests inside node:test, vitest and jest: start the system once, verify many tests,
 * stop it once. `toMatchTraceSnapshot` is the vitest/jest matcher (`import 'tbt/vitest'` or
 * `import 'tbt/jest'` registers and types it; this entry loads neither runner), `assertTraceSnapshot`
 * the node:test assertion.
 */
export { startSystem, toMatchTraceSnapshot, assertTraceSnapshot, nodeTestUpdateMode } from './system/index.ts';
export type { StartSystemOptions, RunningSystem, TestReference, VerifyOptions, TraceTestResult, SnapshotMatcherContext } from './system/index.ts';

/** Shared data types and the user-error class. */
export type {
  Span,
  Trace,
  SpanTree,
  CanonicalTree,
  CanonicalNode,
  Finding,
  Verdict,
  RunSummary,
  TestDefinition,
  TbtConfig,
  AttributeValue,
} from './model/index.ts';
export { TbtError, formatPath } from './model/index.ts';

/** Reading traces: OTLP (JSON, protobuf), Jaeger JSON and Zipkin v2. */
export { decodeTraceFile, decodeOtlpJson, decodeOtlpProtobuf } from './ingest/index.ts';
/** Receiving traces: the embedded OTLP receivers, the hub tests wait on, and backend pulls. */
export { startOtlpHttpReceiver, startOtlpGrpcReceiver, TraceHub, pullTraceFromBackend } from './collect/index.ts';
/** Turning a trace into the canonical, stable tree. */
export { buildSpanTree, canonicalize, Canonicalizer, normalizeTrace, DEFAULT_NORMALIZE_RULES, resolveNormalizeRules } from './normalize/index.ts';
/**
 * Comparing two canonical trees within tolerances (with the matching it found, which `explainDrift`
 * takes); merging several runs' trees (what varied learned).
 */
export { diffTrees, diffTreesWithMatching, DEFAULT_TOLERANCES, resolveTolerances, hasBlockingDrift, mergeRuns } from './diff/index.ts';
/** What diffTreesWithMatching returns: the findings, and which golden span it matched with which current one. */
export type { TreeDiff, SpanMatching } from './diff/index.ts';
/** Selectors and assertions (Tracetest's language). */
export { queryTree, selectCanonical, evaluateSpecs, parseSelector, parseAssertion } from './query/index.ts';
/** N+1, duplicate, retry and error detectors. */
export { runDetectors, DEFAULT_DETECTOR_CONFIG, explainDrift } from './detect/index.ts';
/** Snapshot files. */
export { renderSnapshot, parseSnapshot, FsSnapshotStore, InMemorySnapshotStore } from './snapshot/index.ts';
/** Running a suite the way the CLI does. */
export { loadConfig } from './config/index.ts';
export { runSuite, type RunSuiteOptions, type UpdateMode } from './runner/index.ts';
/**
 * The CLI's commands as calls: `record`/`verify` (`recordOrVerify`, with the update mode the CLI
 * would pick from `updateModeFor`), and the offline `diff`, `show`, `lint`, `query` and `check`
 * on trace files and snapshots. Each returns data; nothing is printed.
 */
export {
  recordOrVerify,
  updateModeFor,
  compareFiles,
  canonicalTreeOfFile,
  snapshotOfFile,
  lintFiles,
  queryFile,
  checkFiles,
  type RecordOrVerifyOptions,
  type OfflineOptions,
} from './runner/index.ts';
export { createReporters, NoopReporter } from './report/index.ts';
export { runCli } from './cli/index.ts';
