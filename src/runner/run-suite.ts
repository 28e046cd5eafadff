// Orchestrates one run: load tests, start the receiver and the services, run each test, clean up.
// Stage logic lives in the stages; this file only sequences them.
import path from 'node:path';
import type { CollectDiagnostic } from '../collect/index.ts';
import { DEFAULT_DETECTOR_CONFIG, resolveDetectorConfig } from '../detect/index.ts';
import { DEFAULT_TOLERANCES, resolveTolerances } from '../diff/index.ts';
import { TbtError, type RunSummary, type TbtConfig, type TestDefinition, type Verdict } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, resolveNormalizeRules } from '../normalize/index.ts';
import type { Reporter } from '../report/index.ts';
import { FsSnapshotStore, PENDING_SUFFIX, SNAPSHOT_SUFFIX, type SnapshotStore } from '../snapshot/index.ts';
import { groupIntoRunUnits, loadTestDefinitions } from './load-tests.ts';
import { listObsoleteSnapshots } from './obsolete.ts';
import { assignPorts } from './ports.ts';
import { startSystemUnderTest } from './system-under-test.ts';
import { prepareTest, runTest, type TestContext } from './run-test.ts';
import { filterTests, shardTests, type Shard } from './select-tests.ts';
import type { UpdateMode } from './update-mode.ts';

export interface RunSuiteOptions {
  readonly config: TbtConfig;
  /** `record` or `verify`, for reports. */
  readonly command: string;
  readonly filters: readonly string[];
  /** Test files named by path (absolute): their tests run, even outside the `tests:` globs. */
  readonly testFiles?: readonly string[];
  readonly mode: UpdateMode;
  readonly force: boolean;
  /** Fail on obsolete snapshots (CI); with mode 'all' they are deleted instead. */
  readonly ci: boolean;
  readonly concurrency: number;
  readonly shard?: Shard;
  readonly vars: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly reporter: Reporter;
  readonly store?: SnapshotStore;
  /** What the receivers refused and the hub dropped (a 413, a late span): shown with --verbose. */
  readonly onDiagnostic?: (diagnostic: CollectDiagnostic) => void;
  /** Aborted on Ctrl-C: the run stops starting tests and cleans up. */
  readonly signal?: AbortSignal;
}

export async function runSuite(options: RunSuiteOptions): Promise<RunSummary> {
  const runStarted = performance.now();
  const startedAt = new Date().toISOString();
  const { config, release: releasePorts } = await assignPorts(options.config);
  try {
    return await runWithPorts(options, config, { runStarted, startedAt });
  } finally {
    releasePorts();
  }
}

async function runWithPorts(
  options: RunSuiteOptions,
  config: TbtConfig,
  { runStarted, startedAt }: { runStarted: number; startedAt: string },
): Promise<RunSummary> {
  const normalizeRules = resolveNormalizeRules(config.normalize.value, DEFAULT_NORMALIZE_RULES, config.normalize.location);
  const tolerances = resolveTolerances(config.tolerances.value, DEFAULT_TOLERANCES, config.tolerances.location);
  const detectors = resolveDetectorConfig(config.detectors.value, DEFAULT_DETECTOR_CONFIG, config.detectors.location);
  const testFiles = options.testFiles ?? [];
  const { tests: allTests, suites } = await loadTestDefinitions(config, testFiles);
  const namedFiles = new Set(testFiles.map((file) => path.relative(config.rootDir, file).split(path.sep).join('/')));
  const byText = options.filters.length > 0 ? filterTests(allTests, options.filters) : [];
  const filtered = options.filters.length === 0 && namedFiles.size === 0
    ? [...allTests]
    : allTests.filter((test) => namedFiles.has(test.file) || byText.includes(test));
  // A mistyped filter must not turn CI green by running nothing.
  if (options.filters.length > 0 && byText.length === 0) {
    throw new TbtError('usage', `no test matches ${options.filters.map((filter) => `"${filter}"`).join(' or ')}`, {
      hint: `filters match a test's id, name or file; the tests are: ${allTests.map((test) => test.id).join(', ') || '(none)'}`,
    });
  }
  const tests = shardTests(filtered, options.shard);
  const units = groupIntoRunUnits(tests, suites);
  const env = { ...options.env, ...config.env };
  preflight(units, { normalizeRules, tolerances }, env, options.vars);
  const store = options.store ?? new FsSnapshotStore();
  options.reporter.onRunStart?.({ command: options.command, testCount: tests.length });

  const verdicts: Verdict[] = [];
  const system = await startSystemUnderTest(config, {
    startServices: tests.length > 0,
    ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
    onServicesStarting: () => options.reporter.onPhase?.(undefined, 'services'),
  });
  const { source, otelEnv, servicesStartMs } = system;
  try {
    const context: Omit<TestContext, 'onPhase'> = {
      rootDir: config.rootDir,
      snapshotDir: config.snapshotDir,
      store,
      source,
      mode: options.mode,
      force: options.force,
      settleMs: config.collect.settleMs,
      timeoutMs: config.collect.timeoutMs,
      normalizeRules,
      tolerances,
      detectors,
      env,
      vars: options.vars,
      otelEnv,
      servicesProblem: () => system.problem(),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    await runPool(units, Math.max(1, options.concurrency), options.signal, async (unit) => {
      // A suite's outputs become `var:` values for its later steps, and for no other test.
      let vars = context.vars;
      for (const test of unit) {
        if (options.signal?.aborted) return;
        options.reporter.onTestStart?.({ id: test.id, name: test.name });
        const verdict = await runTest(test, { ...context, vars, onPhase: (phase, detail) => options.reporter.onPhase?.(test.id, phase, detail) });
        verdicts.push(verdict);
        options.reporter.onTestEnd?.(verdict);
        if (verdict.outputs) vars = { ...vars, ...verdict.outputs };
      }
    });
  } finally {
    await system.stop();
  }

  // Only a run over the whole suite can tell that no test owns a snapshot any more.
  const obsolete = options.filters.length === 0 && testFiles.length === 0 && !options.shard && !options.signal?.aborted
    ? await listObsoleteSnapshots(store, config.snapshotDir, allTests)
    : [];
  const deleted: string[] = [];
  if (options.mode === 'all' && obsolete.length > 0) {
    for (const file of obsolete) await store.remove(file);
    deleted.push(...obsolete);
  }
  const ordered = tests.map((test) => verdicts.find((verdict) => verdict.testId === test.id)).filter((v): v is Verdict => v !== undefined);
  const summary: RunSummary = {
    verdicts: ordered,
    passed: ordered.filter((verdict) => verdict.outcome === 'passed').length,
    failed: ordered.filter((verdict) => verdict.outcome === 'failed').length,
    errored: ordered.filter((verdict) => verdict.outcome === 'error').length,
    durationMs: Math.round(performance.now() - runStarted),
    startedAt,
    ...(servicesStartMs !== undefined ? { servicesStartMs } : {}),
    obsoleteSnapshots: obsolete.filter((file) => !deleted.includes(file)).map((file) => path.relative(config.rootDir, file)),
    writtenFiles: ordered
      .filter((verdict) => ['written', 'updated', 'pending'].includes(verdict.snapshotAction))
      .map((verdict) => {
        const file = verdict.snapshotFile ?? '';
        return verdict.snapshotAction === 'pending' && file.endsWith(SNAPSHOT_SUFFIX) ? file.slice(0, -SNAPSHOT_SUFFIX.length) + PENDING_SUFFIX : file;
      })
      .concat(deleted.map((file) => `${path.relative(config.rootDir, file)} (deleted)`)),
  };
  await options.reporter.onRunEnd(summary);
  return summary;
}

/**
 * Prepares every selected test before anything starts, so that a bad section or a missing
 * variable stops the run at once. A suite step may use the outputs of the steps before it, which
 * exist only at run time: their names stand in for them here.
 */
function preflight(
  units: readonly (readonly TestDefinition[])[],
  context: Pick<TestContext, 'normalizeRules' | 'tolerances'>,
  env: Readonly<Record<string, string | undefined>>,
  vars: Readonly<Record<string, string>>,
): void {
  for (const unit of units) {
    let known = vars;
    for (const test of unit) {
      prepareTest(test, context, { env, vars: known });
      known = { ...known, ...Object.fromEntries(test.outputs.map((output) => [output.name, `<output ${output.name}>`])) };
    }
  }
}

/**
 * Runs `work` over the items, `concurrency` at a time. The first failure stops new work, but the
 * pool still waits for the work in flight before rethrowing it: nothing may write a snapshot after
 * the services were stopped and the run reported.
 */
async function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted && failure === undefined) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

export type { TestDefinition };
