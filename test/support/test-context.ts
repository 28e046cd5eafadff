// A TestContext for runTest in memory: a stand-in trace source and snapshot store, the built-in
// rules, and short collection windows. Shared by the runner's unit tests.
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/index.ts';
import { DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import { DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import type { TestDefinition } from '../../src/model/index.ts';
import type { TestContext } from '../../src/runner/run-test.ts';
import type { TraceSource } from '../../src/runner/trace-source.ts';
import type { InMemorySnapshotStore } from '../../src/snapshot/index.ts';

export function inMemoryTestContext(source: TraceSource, store: InMemorySnapshotStore, mode: TestContext['mode'], extra: Partial<TestContext> = {}): TestContext {
  return {
    rootDir: '/project',
    snapshotDir: '/project/snapshots',
    store,
    source,
    mode,
    force: false,
    settleMs: 10,
    timeoutMs: 1000,
    normalizeRules: DEFAULT_NORMALIZE_RULES,
    tolerances: DEFAULT_TOLERANCES,
    detectors: DEFAULT_DETECTOR_CONFIG,
    env: {},
    vars: {},
    otelEnv: {},
    ...extra,
  };
}

/** A test with no trigger of its own (`traceid:`): the stand-in source hands it its trace. */
export function traceIdTest(traceId: string): TestDefinition {
  return { id: 'cart', name: 'cart', file: 'tests/cart.tbt.yaml', trigger: { kind: 'traceid', traceId }, specs: [], flows: [], outputs: [] };
}
