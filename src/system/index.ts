// The system stage's public face: tbt inside node:test, vitest and jest. Start the receiver and
// the services once, run many tests against them, stop them once.

/** Start once, verify or record tests by id, path or definition, stop once. */
export { startSystem } from './start-system.ts';
/** True for CI=true and the like, as the CLI reads it (the runner's one home for it). */
export { isCiEnvironment } from '../runner/index.ts';
export type { StartSystemOptions, RunningSystem, TestReference, VerifyOptions, TraceTestResult } from './start-system.ts';
/** The vitest/jest matcher and the node:test assertion, following each runner's snapshot flags. */
export { toMatchTraceSnapshot, assertTraceSnapshot, nodeTestUpdateMode, updateModeOf } from './matchers.ts';
export type { SnapshotMatcherContext, MatcherResult } from './matchers.ts';
