// Orchestrates one run: load tests, start the receiver and the services, run each test, clean up.
// Stage logic lives in the stages; this file only sequences them.
import path from 'node:path';
import type { CollectDiagnostic } from '../collect/index.ts';
import { formatLocation, TbtError, type RunSummary, type TbtConfig, type TestDefinition, type Verdict } from '../model/index.ts';
import type { Reporter } from '../report/index.ts';
import type { RunningServices } from '../services/index.ts';
import { knownSecretsOf, secretRedactor, type SecretRedactor } from '../normalize/index.ts';
import { FsSnapshotStore, snapshotPathFor, type SnapshotStore } from '../snapshot/index.ts';
import { groupIntoRunUnits, loadTestDefinitions } from './load-tests.ts';
import { listObsoleteSnapshots } from './obsolete.ts';
import { assignPorts } from './ports.ts';
import { checkExportProtocols, startSystemUnderTest } from './system-under-test.ts';
import { resolveRunSettings } from './run-settings.ts';
import { sharedTestContext } from './test-context.ts';
import { prepareTest, runTest, type TestContext } from './run-test.ts';
import { filterTests, shardTests, type Shard } from './select-tests.ts';
import { removeStaleTempFiles } from './stale-temp-files.ts';
import { checkTriggerUrl, outputPlaceholder } from './trigger-url.ts';
import type { UpdateMode } from './update-mode.ts';

/** How long a failed test waits to hear that a service died (its exit is the true cause). */
const SERVICE_EXIT_NOTICE_MS = 500;

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
  /** `--runs`: runs a new snapshot is learned from (over the config's `record.runs`). */
  readonly recordRuns?: number;
  /** `--confirm`: confirm runs after a failure on durations alone (over `verify.confirm`). */
  readonly confirmRuns?: number;
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
  const settings = resolveRunSettings(config);
  const { normalizeRules, tolerances } = settings;
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
  // A test that could not run, and a run that stopped, are told in every report: their messages
  // (a backend URL with its key, an expanded header) hide secrets as a test's own messages do.
  const redactor = secretRedactor(normalizeRules, knownSecretsOf(env, options.vars));
  preflight(units, { normalizeRules, tolerances }, env, options.vars);
  checkExportProtocols(config);
  // A write killed half-way (kill -9) left a temp file beside the snapshots; it is never read.
  await removeStaleTempFiles(config.snapshotDir);
  const store = options.store ?? new FsSnapshotStore();
  options.reporter.onRunStart?.({ command: options.command, testCount: tests.length });

  let stopSystem: (() => Promise<void>) | undefined;
  const verdicts = new Map<string, Verdict>();
  let failure: { error: unknown } | undefined;
  let servicesStartMs: number | undefined;
  const signal = options.signal;
  try {
    const system = await startSystemUnderTest(config, {
      startServices: tests.length > 0,
      env: options.env,
      ...(signal ? { signal } : {}),
      ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
      onServicesStarting: () => options.reporter.onPhase?.(undefined, 'services'),
    });
    stopSystem = () => system.stop();
    servicesStartMs = system.servicesStartMs;
    const running = system.services;
    const context = sharedTestContext(config, system, settings, {
      store,
      mode: options.mode,
      force: options.force,
      env,
      vars: options.vars,
      ...(signal ? { signal } : {}),
      ...(options.recordRuns !== undefined ? { recordRuns: options.recordRuns } : {}),
      ...(options.confirmRuns !== undefined ? { confirmRuns: options.confirmRuns } : {}),
      writeDespiteFailedSpecs: options.command === 'verify' && options.mode === 'all',
    });
    await runPool(units, Math.max(1, options.concurrency), signal, async (unit) => {
      // A suite's outputs become `var:` values for its later steps, and for no other test.
      let vars = context.vars;
      for (const test of unit) {
        if (signal?.aborted) return;
        options.reporter.onTestStart?.({ id: test.id, name: test.name });
        const verdict = await runOneTest(test, { ...context, vars, onPhase: (phase, detail) => options.reporter.onPhase?.(test.id, phase, detail) }, { services: running, interrupt: signal, redactor });
        verdicts.set(test.id, verdict);
        options.reporter.onTestEnd?.(verdict);
        if (verdict.outputs) vars = { ...vars, ...verdict.outputs };
      }
    });
  } catch (error) {
    failure = { error };
  } finally {
    await stopSystem?.();
  }
  const interrupted = signal?.aborted === true;
  // A run stopped by Ctrl-C ends quietly (exit 130); an error it caused on the way is no news.
  if (failure !== undefined && interrupted && failure.error instanceof TbtError) failure = undefined;

  // Every selected test has a verdict, also in a run that stopped early: reports list them all.
  const notRunReason = interrupted
    ? 'not started: the run was interrupted (Ctrl-C)'
    : failure !== undefined
      ? `not run: ${redactor.text(firstLine(failure.error))}`
      : 'not run';
  const ordered = tests.map((test) => verdicts.get(test.id) ?? notRunVerdict(test, config, notRunReason));
  // Only a run over the whole suite can tell that no test owns a snapshot any more; and only a run
  // in which every test ran may delete one (a test that errored may still own its file).
  const wholeSuite = options.filters.length === 0 && testFiles.length === 0 && !options.shard && !interrupted;
  const everyTestRan = wholeSuite && failure === undefined && ordered.every((verdict) => verdict.outcome === 'passed' || verdict.outcome === 'failed');
  const obsolete = wholeSuite && failure === undefined ? await listObsoleteSnapshots(store, config.snapshotDir, allTests) : [];
  const deleted: string[] = [];
  if (options.mode === 'all' && everyTestRan && obsolete.length > 0) {
    for (const file of obsolete) await store.remove(file);
    deleted.push(...obsolete);
  }
  const summary = summarize(ordered, {
    rootDir: config.rootDir,
    obsolete: obsolete.filter((file) => !deleted.includes(file)),
    deleted,
    durationMs: Math.round(performance.now() - runStarted),
    startedAt,
    ...(servicesStartMs !== undefined ? { servicesStartMs } : {}),
  });
  // The summary line and the reports are written on every run; when the run itself failed, that
  // failure is the news, and a report that could not be written does not hide it.
  try {
    await options.reporter.onRunEnd(summary);
  } catch (error) {
    if (failure === undefined) throw error;
  }
  if (failure !== undefined) throw failure.error;
  return summary;
}

/** The run's summary: verdicts counted by outcome, and the snapshot files written and deleted. */
function summarize(
  verdicts: readonly Verdict[],
  run: { rootDir: string; obsolete: readonly string[]; deleted: readonly string[]; durationMs: number; startedAt: string; servicesStartMs?: number },
): RunSummary {
  const count = (outcome: Verdict['outcome']): number => verdicts.filter((verdict) => verdict.outcome === outcome).length;
  return {
    verdicts,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('error'),
    interrupted: count('interrupted'),
    skipped: count('skipped'),
    durationMs: run.durationMs,
    startedAt: run.startedAt,
    ...(run.servicesStartMs !== undefined ? { servicesStartMs: run.servicesStartMs } : {}),
    obsoleteSnapshots: run.obsolete.map((file) => path.relative(run.rootDir, file)),
    writtenFiles: verdicts
      .filter((verdict) => ['written', 'updated', 'pending'].includes(verdict.snapshotAction))
      .map((verdict) => (verdict.snapshotAction === 'pending' ? verdict.pendingFile : verdict.snapshotFile) ?? '')
      .concat(run.deleted.map((file) => `${path.relative(run.rootDir, file)} (deleted)`)),
  };
}

/**
 * Runs one test; a problem with this test alone (a corrupt snapshot, a snapshot that cannot be
 * written) becomes its 'error' verdict, so the other tests still run. A test Ctrl-C stopped is
 * 'interrupted'. Anything else is a bug and is thrown.
 */
async function runOneTest(
  test: TestDefinition,
  context: TestContext,
  { services, interrupt, redactor }: { readonly services: RunningServices | undefined; readonly interrupt: AbortSignal | undefined; readonly redactor: SecretRedactor },
): Promise<Verdict> {
  let verdict: Verdict;
  try {
    verdict = await runTest(test, context);
  } catch (error) {
    if (!(error instanceof TbtError)) throw error;
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    const message = redactor.text(`${where}${error.message}`);
    verdict = {
      ...notRunVerdict(test, context, message),
      outcome: 'error',
      error: { message, ...(error.hint ? { hint: redactor.text(error.hint) } : {}) },
    };
  }
  if (interrupt?.aborted && verdict.outcome === 'error') {
    const message = verdict.error?.message ?? 'the test was stopped';
    return { ...verdict, outcome: 'interrupted', error: { message: message.includes('Ctrl-C') ? message : `stopped by Ctrl-C: ${message}` } };
  }
  // A service that died while this test ran is the cause, whatever the trigger or collector saw.
  // A trigger whose connection was cut may hear of it a moment before tbt hears of the exit: only
  // then is it worth waiting (a death during collection has already ended the wait).
  const triggerFailed = verdict.timings.collect === undefined;
  const died = verdict.outcome !== 'error' ? undefined : triggerFailed ? await services?.problemWithin(SERVICE_EXIT_NOTICE_MS) : services?.problem();
  if (died !== undefined && verdict.error !== undefined && !verdict.error.message.includes(died)) {
    return { ...verdict, error: { message: died, hint: `the test saw: ${verdict.error.message}` } };
  }
  return verdict;
}

function notRunVerdict(test: TestDefinition, config: { readonly rootDir: string; readonly snapshotDir: string }, reason: string): Verdict {
  return {
    testId: test.id,
    name: test.name,
    file: test.file,
    outcome: 'skipped',
    findings: [],
    assertions: [],
    error: { message: reason },
    snapshotFile: path.relative(config.rootDir, snapshotPathFor(config.snapshotDir, test.id)),
    snapshotAction: 'none',
    spanCount: 0,
    timings: {},
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
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
      const { trigger } = prepareTest(test, context, { env, vars: known });
      if (trigger.kind === 'http') checkTriggerUrl(trigger.url, test);
      known = { ...known, ...Object.fromEntries(test.outputs.map((output) => [output.name, outputPlaceholder(output.name)])) };
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
