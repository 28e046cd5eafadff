// One test, start to end, in five steps: trigger → collect (one run, or several when recording
// learns from them, or confirm runs when verify failed on durations alone) → judge → reconcile
// (pure, in reconcile.ts) → save (through the guarded saveSnapshot). A test that cannot run
// becomes an 'error' verdict, never a crash.
import path from 'node:path';
import type { DetectorConfig, ServicePort } from '../detect/index.ts';
import { carryOverDurations, differsOnlyInConcurrency, mergeRuns, type Tolerances } from '../diff/index.ts';
import {
  TbtError,
  type CanonicalTree,
  type NormalizeRules,
  type Snapshot,
  type Span,
  type TestDefinition,
  type Trigger,
  type Verdict,
  type PhaseTimings,
  type ConfirmRuns,
} from '../model/index.ts';
import { knownSecretsOf, normalizeFingerprint, secretRedactor, type SecretRedactor } from '../normalize/index.ts';
import { compileSpecs, type EvaluationScope, type OutputResult } from '../query/index.ts';
import {
  loadSnapshot,
  pendingSnapshotPathFor,
  renderSnapshot,
  saveSnapshot,
  snapshotPathFor,
  type LoadedSnapshot,
  type SnapshotStore,
} from '../snapshot/index.ts';
import { resolveTemplates } from '../testfile/index.ts';
import { fireTrigger, newSpanId, newTraceId } from '../trigger/index.ts';
import type { PhaseDetail, RunPhase } from '../report/index.ts';
import { missingTraceError } from './causes.ts';
import { failsOnDurationsAlone, pickConfirmed, type JudgedRun } from './confirm-runs.ts';
import { judge, type Judgement } from './judge.ts';
import { reconcile, type Reconciliation } from './reconcile.ts';
import { testSettingsOf } from './run-settings.ts';
import { learnedSummary, slowerInEveryRun, snapshotOf, unfitToRecord, withUnfit } from './recording.ts';
import type { TraceSource } from './trace-source.ts';
import type { UpdateMode } from './update-mode.ts';

/** Runs a recording learns from, and confirm runs after a failure on durations alone, by default. */
export const DEFAULT_RECORD_RUNS = 3;
export const DEFAULT_CONFIRM_RUNS = 2;

export interface TestContext {
  readonly rootDir: string;
  readonly snapshotDir: string;
  readonly store: SnapshotStore;
  /** The embedded receiver's hub, or a backend to pull from. */
  readonly source: TraceSource;
  readonly mode: UpdateMode;
  readonly force: boolean;
  readonly settleMs: number;
  readonly timeoutMs: number;
  readonly normalizeRules: NormalizeRules;
  readonly tolerances: Tolerances;
  readonly detectors: DetectorConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: Readonly<Record<string, string>>;
  readonly otelEnv: Readonly<Record<string, string>>;
  readonly onPhase?: (phase: RunPhase, detail?: PhaseDetail) => void;
  /** Aborted on Ctrl-C: a test waiting for its trace stops waiting. */
  readonly signal?: AbortSignal;
  /** Why the system under test is down (a service exited mid-run), checked before each test. */
  readonly servicesProblem?: () => string | undefined;
  /** Services tbt started that no span has come from yet in this run; undefined when tbt started none. */
  readonly silentServices?: () => readonly string[];
  /** Runs a new snapshot is learned from (DEFAULT_RECORD_RUNS when unset). */
  readonly recordRuns?: number;
  /** Confirm runs after a failure on durations alone (DEFAULT_CONFIRM_RUNS when unset; 0: none). */
  readonly confirmRuns?: number;
  /** The services tbt started and their ports: a call to one that exports must reach its server spans. */
  readonly startedServices?: readonly ServicePort[];
  /**
   * `verify -u`: the user asked to accept the drift, so a run whose own specs fail is still
   * written (the specs still fail the test). `record` and a local verify never write one.
   */
  readonly writeDespiteFailedSpecs?: boolean;
}

export interface PreparedTest {
  readonly normalizeRules: NormalizeRules;
  readonly tolerances: Tolerances;
  /** The trigger with its variables filled in. */
  readonly trigger: Trigger;
}

/**
 * Checks everything the user wrote for one test (its own normalize and tolerance sections, its
 * specs and flows, the variables of its trigger) and resolves it. Problems are thrown as located
 * TbtErrors (exit 2), never turned into a verdict: the runner calls this for every test before
 * any service starts, so a typo fails in a second, not after a run.
 */
export function prepareTest(
  test: TestDefinition,
  context: Pick<TestContext, 'normalizeRules' | 'tolerances'>,
  scope: EvaluationScope,
): PreparedTest {
  const { normalizeRules, tolerances } = testSettingsOf(test, context);
  compileSpecs(test.specs, test.flows, test.file);
  const trigger = resolveTemplates(test.trigger, scope, test.triggerLocation ?? { file: test.file });
  return { normalizeRules, tolerances, trigger };
}

export async function runTest(test: TestDefinition, context: TestContext): Promise<Verdict> {
  const snapshotFile = snapshotPathFor(context.snapshotDir, test.id);
  const relativeSnapshot = path.relative(context.rootDir, snapshotFile);
  const pendingFile = pendingSnapshotPathFor(context.snapshotDir, test.id);
  const base = { testId: test.id, name: test.name, file: test.file, snapshotFile: relativeSnapshot };
  const scope: EvaluationScope = { env: context.env, vars: context.vars };
  const prepared = prepareTest(test, context, scope);
  const loaded = await loadGolden(context.store, snapshotFile, context.force);
  const golden = loaded.status === 'ok' ? loaded.snapshot : undefined;
  // Everything this test prints or writes beside the canonical tree (spec messages, the error of a
  // test that could not run, the trigger in the header) hides secrets the way the snapshot does.
  const knownSecrets = knownSecretsOf(context.env, context.vars);
  const redactor = secretRedactor(prepared.normalizeRules, knownSecrets);
  const step: Step = { test, context, prepared, scope, golden, knownSecrets, redactor, timings: {} };
  try {
    // 1–3. Trigger, collect and judge: once, then confirm runs or learning runs as needed.
    const first = await runOnce(step, 'first');
    const { judged, confirm } = await confirmIfOnlySlow(step, first);
    const { judgement } = judged;
    const facts = { mode: context.mode, force: context.force, snapshotExists: golden !== undefined, drifted: judgement.drifted, assertionsFailed: judgement.assertions.some((a) => !a.passed) };
    // A tree about to be written (or left pending for review) learns from several runs.
    const runs = reconcile(facts).write === 'nothing' ? [judged] : await learningRuns(step, judged);
    // 4. Reconcile, now that every run is in: a run unfit to record is never written.
    const outcome = reconcile({ ...facts, ...withUnfit(unfitToRecord(runs.map((run) => run.judgement), context)) });
    // 5. Save what reconcile decided.
    const { notes, keptGolden } = await save(step, { loaded, pendingFile }, outcome, runs, judgement);
    return {
      ...base,
      outcome: outcome.outcome,
      findings: outcome.missingFails
        ? [{ kind: 'missing', severity: 'error', path: [], message: `no snapshot ${relativeSnapshot}; run tbt record (or tbt verify without --ci) to write it` }]
        : judgement.findings,
      assertions: judgement.assertions,
      ...(notes.length > 0 ? { notes } : {}),
      ...(judgement.outputs.length > 0 ? { outputs: outputValues(judgement.outputs) } : {}),
      ...(confirm ? { confirm } : {}),
      ...(outcome.write !== 'nothing' && !keptGolden ? { learnedFrom: runs.length } : {}),
      ...(outcome.notRecorded !== undefined ? { notRecorded: outcome.notRecorded } : {}),
      snapshotAction: keptGolden ? 'matched' : outcome.snapshotAction,
      ...(outcome.write === 'pending' ? { pendingFile: path.relative(context.rootDir, pendingFile) } : {}),
      spanCount: judged.spanCount,
      timings: step.timings as PhaseTimings,
      ...(golden ? { golden: golden.tree } : {}),
      current: judgement.canonical,
      ...(judgement.matching ? { matching: judgement.matching } : {}),
    };
  } catch (error) {
    if (!(error instanceof TbtError) || error.kind !== 'unavailable') throw error;
    return {
      ...base,
      outcome: 'error',
      findings: [],
      assertions: [],
      // The expanded trigger URL, a service's last log lines: an error message can hold anything.
      error: { message: redactor.text(error.message), ...(error.hint ? { hint: redactor.text(error.hint) } : {}) },
      snapshotAction: 'none',
      spanCount: 0,
      timings: step.timings as PhaseTimings,
      ...(golden ? { golden: golden.tree } : {}),
    };
  }
}

/**
 * Confirm runs: in verify (record rewrites instead), a test that failed on durations alone runs
 * again, until a run passes or `confirmRuns` more were made, and is judged on its fastest run.
 */
async function confirmIfOnlySlow(step: Step, first: CollectedRun): Promise<{ judged: CollectedRun; confirm?: ConfirmRuns }> {
  const { context, golden } = step;
  const confirmRuns = context.confirmRuns ?? DEFAULT_CONFIRM_RUNS;
  if (!golden || context.mode === 'all' || confirmRuns === 0 || !failsOnDurationsAlone(first.judgement)) return { judged: first };
  const confirms: CollectedRun[] = [];
  while (confirms.length < confirmRuns) {
    const run = await runOnce(step, 'confirm');
    confirms.push(run);
    if (!run.judgement.failed) break;
  }
  const picked = pickConfirmed(asJudgedRun(first), confirms.map(asJudgedRun));
  const { run } = picked.judged;
  const blocking = picked.findings.some((finding) => finding.suppressed !== true && finding.severity !== 'info');
  const judgement = { ...run.judgement, findings: picked.findings, failed: picked.failed, drifted: blocking };
  return { judged: { ...run, judgement }, confirm: picked.confirm };
}

/** More runs like `first`, up to `recordRuns`: what differs between them is noise, not behaviour. */
async function learningRuns(step: Step, first: CollectedRun): Promise<CollectedRun[]> {
  const runs = [first];
  const wanted = step.context.recordRuns ?? DEFAULT_RECORD_RUNS;
  while (runs.length < wanted) runs.push(await runOnce(step, 'learn'));
  return runs;
}

/**
 * Writes what reconcile decided: the snapshot learned from the runs (through the guarded
 * saveSnapshot) or a pending tree of the judged run; removes a stale pending file. Returns the
 * verdict's notes, and whether a rewrite was dropped because the golden already said it all.
 */
async function save(
  step: Step,
  files: { readonly loaded: LoadedSnapshot; readonly pendingFile: string },
  outcome: Reconciliation,
  runs: readonly CollectedRun[],
  judgement: Judgement,
): Promise<{ notes: string[]; keptGolden: boolean }> {
  const { test, context, golden, prepared, timings } = step;
  const { loaded, pendingFile } = files;
  const started = performance.now();
  const fingerprint = normalizeFingerprint(prepared.normalizeRules);
  // Rules changed since the snapshot was written: drift in masked values may come from that.
  const notes = golden && golden.normalize !== fingerprint && judgement.drifted
    ? ['the snapshot was normalized with other rules than the config now has; if the drift is only masking, refresh it with `tbt record --force`']
    : [];
  if (outcome.write !== 'nothing') {
    const learned = mergeRuns(runs.map((run) => run.judgement.canonical));
    // A rewritten snapshot changes only where the runs drifted: durations within tolerance stay,
    // and a span is slower only when it was slower in every run (one slow run is load).
    const tree = golden ? carryOverDurations(golden.tree, learned, slowerInEveryRun(runs.map((run) => run.judgement))) : learned;
    const snapshot = snapshotOf(test, fingerprint, runs.map((run) => run.judgement), tree, step.redactor);
    if (outcome.write === 'snapshot' && golden && !context.force && onlyConcurrencyWidened(golden, snapshot)) {
      // The first run drifted (a span slow on a busy machine), and nothing of it held in every
      // run: all the rewrite would add is `concurrent:` marks from same-millisecond starts.
      notes.push('the snapshot is kept as it was: what drifted in the first run did not hold in every run');
      if (outcome.removePending) await context.store.remove(pendingFile);
      timings.save = Math.round((performance.now() - started) * 10) / 10;
      return { notes, keptGolden: true };
    }
    if (outcome.write === 'pending') await context.store.write(pendingFile, renderSnapshot(snapshot));
    else await saveSnapshot(context.store, loaded, snapshot, { force: context.force });
    const summary = learnedSummary(snapshot.tree, runs.length);
    if (summary !== undefined) notes.push(summary);
  }
  // A pending tree from an earlier run is stale once this run matched or was written: left
  // behind, a later `tbt accept` would put it over a good snapshot.
  if (outcome.removePending) await context.store.remove(pendingFile);
  timings.save = Math.round((performance.now() - started) * 10) / 10;
  return { notes, keptGolden: false };
}

/** The rewrite would change the golden file only by marking siblings `concurrent:`. */
function onlyConcurrencyWidened(golden: Snapshot, rewrite: Snapshot): boolean {
  return differsOnlyInConcurrency(golden.tree, rewrite.tree) && renderSnapshot({ ...rewrite, tree: golden.tree }) === renderSnapshot(golden);
}

/** What every step of one test shares. */
interface Step {
  readonly test: TestDefinition;
  readonly context: TestContext;
  readonly prepared: PreparedTest;
  readonly scope: EvaluationScope;
  readonly golden: Snapshot | undefined;
  readonly knownSecrets: readonly string[];
  readonly redactor: SecretRedactor;
  readonly timings: Record<string, number>;
}

/** One run of the test: its spans and their judgement. */
interface CollectedRun {
  readonly spans: readonly Span[];
  readonly spanCount: number;
  readonly judgement: Judgement;
}

/** A run as confirm-runs.ts sees it, keeping the run itself. */
function asJudgedRun(run: CollectedRun): JudgedRun & { readonly run: CollectedRun } {
  const { findings, assertions, canonical, failed } = run.judgement;
  return { run, findings, assertions, canonical, failed };
}

/**
 * Trigger, collect and judge once. The first run's phases are timed as `trigger`, `collect` and
 * `judge`; learning and confirm runs add up under their own names.
 */
async function runOnce(step: Step, purpose: 'first' | 'learn' | 'confirm'): Promise<CollectedRun> {
  const { test, context, prepared, golden, timings } = step;
  const time = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const key = purpose === 'first' ? phase : purpose;
      timings[key] = Math.round(((timings[key] ?? 0) + performance.now() - started) * 10) / 10;
    }
  };
  const trigger = prepared.trigger;
  const traceId = trigger.kind === 'traceid' ? trigger.traceId : newTraceId();
  const rootSpanId = newSpanId();
  const down = context.servicesProblem?.();
  if (down !== undefined) throw new TbtError('unavailable', down, { hint: 'the test was not run; see the service log' });
  context.onPhase?.('trigger');
  const fired = fireTrigger(trigger, { traceId, rootSpanId }, {
    timeoutMs: context.timeoutMs,
    cwd: context.rootDir,
    otelEnv: context.otelEnv,
    env: context.env,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const stopCollecting = new AbortController();
  // With a snapshot, its span count is known: once that many spans are in, a short quiet gap
  // is enough, instead of the whole settle window.
  const expectedSpans = golden ? expectedSpanCount(golden.tree) - (trigger.kind === 'traceid' ? 0 : 1) : undefined;
  const collecting = context.source.collect(traceId, {
    rootSpanId,
    triggerDone: fired,
    settleMs: context.settleMs,
    timeoutMs: context.timeoutMs,
    signal: context.signal ? AbortSignal.any([stopCollecting.signal, context.signal]) : stopCollecting.signal,
    ...(expectedSpans !== undefined ? { isShapeReached: (spans: readonly Span[]) => spans.length === expectedSpans } : {}),
    onProgress: (count) => context.onPhase?.('collect', { spans: count }),
  });
  let triggerError: unknown;
  const result = await time('trigger', () => fired.catch((error: unknown) => {
    triggerError = error;
    return undefined;
  }));
  if (triggerError !== undefined) {
    stopCollecting.abort();
    await collecting;
    throw triggerError;
  }
  const rootSpan = result?.rootSpan;
  const collected = await time('collect', () => collecting);
  // No trace, or half of one: never judged or recorded; the error says the truest cause.
  if (collected.spans.length === 0 || !collected.complete) {
    const serviceProblem = context.servicesProblem?.();
    const silentServices = context.silentServices?.();
    const endpoint = context.otelEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
    throw missingTraceError({
      traceId,
      collected,
      ...(rootSpan ? { rootSpan } : {}),
      ...(serviceProblem !== undefined ? { serviceProblem } : {}),
      ...(silentServices !== undefined ? { silentServices } : {}),
      ...(endpoint !== undefined ? { endpoint } : {}),
      interrupted: context.signal?.aborted === true,
    });
  }
  // A service that died while this test ran leaves a trace that means nothing: never judge or
  // record it.
  const diedDuringTest = context.servicesProblem?.();
  if (diedDuringTest !== undefined) throw new TbtError('unavailable', diedDuringTest, { hint: 'nothing was recorded; see the service log' });
  context.onPhase?.('judge');
  const spans = rootSpan ? [rootSpan, ...collected.spans] : collected.spans;
  const judgement = await time('judge', async () => judge({
    test,
    trace: { traceId, spans, warnings: [] },
    ...(golden ? { golden: { tree: golden.tree, detectorFindingKeys: golden.detectorFindings } } : {}),
    normalizeRules: prepared.normalizeRules,
    tolerances: prepared.tolerances,
    detectors: context.detectors,
    scope: step.scope,
    knownSecrets: step.knownSecrets,
    redactor: step.redactor,
  }));
  return { spans, spanCount: spans.length, judgement };
}

/** Outputs that have a value; one that failed is left out, so a later step using it is told so. */
function outputValues(outputs: readonly OutputResult[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const output of outputs) if (output.value !== undefined) values[output.name] = output.value;
  return values;
}

/**
 * A snapshot that does not parse stops the run (exit 2) and is never overwritten, unless the user
 * asked for `--force`: then it is treated as missing and recorded again.
 */
async function loadGolden(store: SnapshotStore, file: string, force: boolean): Promise<LoadedSnapshot> {
  const loaded = await loadSnapshot(store, file);
  if (loaded.status === 'corrupt' && !force) throw loaded.error;
  return loaded;
}

/** How many spans a canonical tree stands for: a node with `count: N` is N copies of its subtree. */
function expectedSpanCount(tree: CanonicalTree): number {
  let total = 0;
  const pending = tree.roots.map((node) => ({ node, copies: 1 }));
  for (let item = pending.pop(); item; item = pending.pop()) {
    const copies = item.copies * item.node.count;
    total += copies;
    for (const child of item.node.children) pending.push({ node: child, copies });
  }
  return total;
}
