// One test, start to end: fire the trigger, collect its trace, judge it, and keep the snapshot
// as the update mode says. A test that cannot run becomes an 'error' verdict, never a crash.
import path from 'node:path';
import type { DetectorConfig } from '../detect/index.ts';
import { carryOverDurations, resolveTolerances, type Tolerances } from '../diff/index.ts';
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
} from '../model/index.ts';
import { normalizeFingerprint, resolveNormalizeRules, secretRedactor } from '../normalize/index.ts';
import { compileSpecs, type EvaluationScope, type OutputResult } from '../query/index.ts';
import {
  parseSnapshot,
  pendingSnapshotPathFor,
  renderSnapshot,
  snapshotPathFor,
  type SnapshotStore,
} from '../snapshot/index.ts';
import { resolveTemplates } from '../testfile/index.ts';
import { fireTrigger, newSpanId, newTraceId } from '../trigger/index.ts';
import type { PhaseDetail, RunPhase } from '../report/index.ts';
import { missingTraceError } from './causes.ts';
import { judge } from './judge.ts';
import { knownSecretsOf } from './known-secrets.ts';
import type { TraceSource } from './trace-source.ts';
import { decideSnapshotWrite, type UpdateMode } from './update-mode.ts';

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
  const where = { file: test.file };
  const normalizeRules = test.normalize === undefined ? context.normalizeRules : resolveNormalizeRules(test.normalize, context.normalizeRules, test.sectionLocations?.normalize ?? where);
  const tolerances = test.tolerances === undefined ? context.tolerances : resolveTolerances(test.tolerances, context.tolerances, test.sectionLocations?.tolerances ?? where);
  compileSpecs(test.specs, test.flows, test.file);
  const trigger = resolveTemplates(test.trigger, scope, test.triggerLocation ?? where);
  return { normalizeRules, tolerances, trigger };
}

export async function runTest(test: TestDefinition, context: TestContext): Promise<Verdict> {
  const timings: Record<string, number> = {};
  const snapshotFile = snapshotPathFor(context.snapshotDir, test.id);
  const relativeSnapshot = path.relative(context.rootDir, snapshotFile);
  const base = { testId: test.id, name: test.name, file: test.file, snapshotFile: relativeSnapshot };
  const scope: EvaluationScope = { env: context.env, vars: context.vars };
  const { normalizeRules, tolerances, trigger } = prepareTest(test, context, scope);
  // Everything this test prints or writes beside the canonical tree (spec messages, the error of a
  // test that could not run, the trigger in the header) hides secrets the way the snapshot does.
  const knownSecrets = knownSecretsOf(context.env, context.vars);
  const redactor = secretRedactor(normalizeRules, knownSecrets);

  const goldenText = await context.store.read(snapshotFile);
  const golden = goldenText === undefined ? undefined : readGolden(goldenText, relativeSnapshot, context.force);

  const traceId = trigger.kind === 'traceid' ? trigger.traceId : newTraceId();
  const rootSpanId = newSpanId();
  let rootSpan: Span | undefined;
  let triggerError: unknown;
  const time = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round((performance.now() - started) * 10) / 10;
    }
  };

  try {
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
    const result = await time('trigger', () => fired.catch((error: unknown) => {
      triggerError = error;
      return undefined;
    }));
    if (triggerError !== undefined) {
      stopCollecting.abort();
      await collecting;
      throw triggerError;
    }
    rootSpan = result?.rootSpan;
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
    const started = performance.now();
    const spans = rootSpan ? [rootSpan, ...collected.spans] : collected.spans;
    const judgement = judge({
      test,
      trace: { traceId, spans, warnings: [] },
      ...(golden ? { golden: { tree: golden.tree, detectorFindingKeys: golden.detectorFindings } } : {}),
      normalizeRules,
      tolerances,
      detectors: context.detectors,
      scope,
      knownSecrets,
      redactor,
    });
    const decision = decideSnapshotWrite({
      mode: context.mode,
      force: context.force,
      snapshotExists: golden !== undefined,
      drifted: judgement.drifted,
    });
    // Rules changed since the snapshot was written: drift in masked values may come from that.
    const fingerprint = normalizeFingerprint(normalizeRules);
    const notes = golden && golden.normalize !== fingerprint && judgement.drifted
      ? ['the snapshot was normalized with other rules than the config now has; if the drift is only masking, refresh it with `tbt record --force`']
      : [];
    const text = renderSnapshot({
      id: test.id,
      test: test.name,
      file: test.file,
      trigger: redactor.text(describeTrigger(test.trigger)),
      normalize: fingerprint,
      detectorFindings: [...new Set(judgement.detectorFindings.map((finding) => finding.key ?? finding.message))].sort(),
      // A rewritten snapshot changes only where the run drifted: durations within tolerance stay.
      tree: golden ? carryOverDurations(golden.tree, judgement.canonical, judgement.drift) : judgement.canonical,
    });
    let snapshotAction: Verdict['snapshotAction'] = !golden ? 'missing' : judgement.drifted ? 'none' : 'matched';
    const pendingFile = pendingSnapshotPathFor(context.snapshotDir, test.id);
    if (decision.write === 'pending') {
      await context.store.write(pendingFile, text);
      snapshotAction = 'pending';
    } else {
      if (decision.write === 'snapshot') {
        await context.store.write(snapshotFile, text);
        snapshotAction = golden ? 'updated' : 'written';
      }
      // A pending tree from an earlier run is stale once this run matched or was written: left
      // behind, a later `tbt accept` would put it over a good snapshot.
      if (context.mode !== 'none') await context.store.remove(pendingFile);
    }
    timings.judge = Math.round((performance.now() - started) * 10) / 10;
    // A missing snapshot fails only when nothing may be written (CI): elsewhere it was just recorded.
    const missingFails = !golden && context.mode === 'none';
    // In record mode (and after -u) the new tree is the golden one; drift is reported, not failed.
    const driftFails = judgement.drifted && decision.write !== 'snapshot';
    const assertionsFail = judgement.assertions.some((assertion) => !assertion.passed);
    return {
      ...base,
      outcome: missingFails || driftFails || assertionsFail ? 'failed' : 'passed',
      findings: missingFails
        ? [{ kind: 'missing', severity: 'error', path: [], message: `no snapshot ${relativeSnapshot}; run tbt record (or tbt verify without --ci) to write it` }]
        : judgement.findings,
      assertions: judgement.assertions,
      ...(notes.length > 0 ? { notes } : {}),
      ...(judgement.outputs.length > 0 ? { outputs: outputValues(judgement.outputs) } : {}),
      snapshotAction,
      spanCount: spans.length,
      timings: timings as PhaseTimings,
      ...(golden ? { golden: golden.tree } : {}),
      current: judgement.canonical,
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
      timings: timings as PhaseTimings,
      ...(golden ? { golden: golden.tree } : {}),
    };
  }
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
function readGolden(text: string, file: string, force: boolean): Snapshot | undefined {
  try {
    return parseSnapshot(text, file);
  } catch (error) {
    if (force && error instanceof TbtError) return undefined;
    throw error;
  }
}

/** The trigger as written, before variables are filled in, so the header holds no ports or hosts. */
function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'http':
      return `${trigger.method.toUpperCase()} ${trigger.url}`;
    case 'command':
      return [trigger.command, ...trigger.args].join(' ');
    case 'traceid':
      return `traceid ${trigger.traceId}`;
    case 'grpc':
      return `grpc ${trigger.method}`;
  }
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

