// Assembles a live stream of spans (of any traces, nobody waiting for one in particular) into
// whole traces, as `tbt receive` needs: event-driven settle and max-wait timers, never polling.
import type { Span, Trace } from '../model/index.ts';
import { groupSpansIntoTraces } from '../ingest/index.ts';
import { assessCompleteness } from './assess-completeness.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';
import type { SpanSink } from './span-sink.ts';
import { DEFAULT_SETTLE_MS, DEFAULT_TIMEOUT_MS, formatMs } from './trace-waiter.ts';

/** When a trace counts as complete, and the bounds on what is held meanwhile. */
export interface LiveTraceAssemblerOptions {
  /** Called once per completed trace (again, whole, if late spans reopen it). Must not throw. */
  readonly onTrace: (trace: Trace) => void;
  /** Quiet time after a trace's last new span before it may complete. Default 250 ms. */
  readonly settleMs?: number;
  /** A trace is emitted this long after its first span even if incomplete, with a warning. Default 10 s. */
  readonly maxWaitMs?: number;
  /** Traces held at once; past it, the oldest is emitted early with a warning. Default 1000. */
  readonly maxPendingTraces?: number;
  /** Emitted traces remembered so that a late span reopens its trace. Default 100. */
  readonly rememberEmitted?: number;
  /** ...and the spans they may hold in all; the oldest are forgotten first. Default 20 000. */
  readonly rememberEmittedSpans?: number;
  readonly onDiagnostic?: DiagnosticListener;
}

interface PendingTrace {
  readonly traceId: string;
  readonly spans: Span[];
  readonly ids: Set<string>;
  /** How many of `spans` were already emitted before the trace was reopened by a late span. */
  readonly emittedBefore: number;
  settleTimer?: NodeJS.Timeout;
  readonly maxWaitTimer: NodeJS.Timeout;
}

/**
 * Groups spans by trace id and emits each trace once it is whole: every parent present (or one
 * parent outside the trace that all of it hangs from, such as the caller's span), and no new span
 * for the settle window. A trace that never gets whole is emitted at the max wait, with a warning
 * naming what is missing.
 */
export class LiveTraceAssembler implements SpanSink {
  private readonly pending = new Map<string, PendingTrace>();
  /** Recently emitted traces, oldest first, so that late spans can reopen them. */
  private readonly emitted = new Map<string, { readonly spans: readonly Span[]; readonly ids: ReadonlySet<string> }>();
  private readonly settleMs: number;
  private readonly maxWaitMs: number;
  private readonly maxPendingTraces: number;
  private readonly rememberEmitted: number;
  private readonly rememberEmittedSpans: number;
  private rememberedSpans = 0;
  private pendingSpans = 0;
  private closed = false;

  constructor(private readonly options: LiveTraceAssemblerOptions) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_TIMEOUT_MS;
    this.maxPendingTraces = Math.max(1, options.maxPendingTraces ?? 1000);
    this.rememberEmitted = options.rememberEmitted ?? 100;
    this.rememberEmittedSpans = options.rememberEmittedSpans ?? 20_000;
  }

  /** Takes a batch of spans of any traces. Never throws. */
  accept(spans: readonly Span[]): void {
    if (this.closed) {
      this.diagnose(`dropped ${spans.length} span(s) that arrived after the assembler was closed`);
      return;
    }
    try {
      const touched = new Set<PendingTrace>();
      for (const span of spans) {
        const entry = this.add(span);
        if (entry !== undefined) touched.add(entry);
      }
      // One timer reset per trace and batch, not per span.
      for (const entry of touched) if (this.pending.get(entry.traceId) === entry) this.arm(entry);
    } catch (error) {
      this.diagnose(`dropped a batch of ${spans.length} spans: ${String(error)}`);
    }
  }

  /** How many traces are still being assembled. */
  get pendingTraceCount(): number {
    return this.pending.size;
  }

  /** How many spans those traces hold (what the assembler keeps in memory, bar the remembered ones). */
  get pendingSpanCount(): number {
    return this.pendingSpans;
  }

  /** Emits every pending trace now (complete or not, with warnings) and stops all timers. */
  close(): void {
    if (this.closed) return;
    for (const entry of [...this.pending.values()]) {
      const problem = this.problemOf(entry.spans);
      this.emit(entry, problem === undefined ? undefined : `incomplete when the receiver stopped: ${problem}`);
    }
    this.closed = true;
    this.emitted.clear();
    this.rememberedSpans = 0;
  }

  /** Adds one span; returns its trace's entry when the span was new. */
  private add(span: Span): PendingTrace | undefined {
    // Decoders give lowercase hex ids, so the id is a map key as it is.
    const traceId = span.traceId;
    let entry = this.pending.get(traceId);
    if (entry === undefined) {
      const before = this.emitted.get(traceId);
      if (before?.ids.has(span.spanId) === true) return undefined; // a re-sent export
      entry = this.open(traceId, before?.spans ?? []);
      if (before !== undefined) this.forget(traceId);
      if (this.pending.size > this.maxPendingTraces) this.evictOldest();
    }
    if (entry.ids.has(span.spanId)) return undefined;
    entry.ids.add(span.spanId);
    entry.spans.push(span);
    this.pendingSpans++;
    return entry;
  }

  private open(traceId: string, earlier: readonly Span[]): PendingTrace {
    const maxWaitTimer = setTimeout(() => this.onMaxWait(traceId), this.maxWaitMs);
    maxWaitTimer.unref();
    const entry: PendingTrace = {
      traceId,
      spans: [...earlier],
      ids: new Set(earlier.map((span) => span.spanId)),
      emittedBefore: earlier.length,
      maxWaitTimer,
    };
    this.pendingSpans += earlier.length;
    this.pending.set(traceId, entry);
    return entry;
  }

  /** (Re)starts the quiet-time clock of one trace. */
  private arm(entry: PendingTrace): void {
    if (entry.settleTimer !== undefined) clearTimeout(entry.settleTimer);
    entry.settleTimer = setTimeout(() => this.onSettled(entry.traceId), this.settleMs);
    entry.settleTimer.unref();
  }

  /** Quiet for the settle window: emit if whole; otherwise only a new span or the max wait moves on. */
  private onSettled(traceId: string): void {
    const entry = this.pending.get(traceId);
    if (entry === undefined) return;
    entry.settleTimer = undefined;
    if (this.problemOf(entry.spans) === undefined) this.emit(entry);
  }

  private onMaxWait(traceId: string): void {
    const entry = this.pending.get(traceId);
    if (entry === undefined) return;
    const problem = this.problemOf(entry.spans);
    const limit = formatMs(this.maxWaitMs);
    this.emit(
      entry,
      problem === undefined
        ? `spans were still arriving ${limit} after the first one; later ones will reopen this trace`
        : `incomplete after ${limit}: ${problem}`,
    );
  }

  private evictOldest(): void {
    const oldest = this.pending.values().next();
    if (oldest.done === true) return;
    const problem = this.problemOf(oldest.value.spans);
    this.emit(
      oldest.value,
      `emitted early because more than ${this.maxPendingTraces} traces were pending` + (problem === undefined ? '' : `: ${problem}`),
    );
  }

  /**
   * Why the spans are not yet a whole trace, or undefined when they are. A single absent parent
   * that everything hangs from is the caller's span (tbt's trigger, a browser, an uninstrumented
   * client), which this receiver will never get: that trace is whole.
   */
  private problemOf(spans: readonly Span[]): string | undefined {
    const assessment = assessCompleteness(spans);
    if (assessment.complete) return undefined;
    const [only, ...others] = assessment.missingParents;
    if (assessment.topSpanCount === 0 && only !== undefined && others.length === 0) {
      const remote = assessCompleteness(spans, only.parentSpanId);
      if (remote.complete) return undefined;
    }
    return assessment.problem ?? 'no spans arrived';
  }

  private emit(entry: PendingTrace, warning?: string): void {
    if (entry.settleTimer !== undefined) clearTimeout(entry.settleTimer);
    clearTimeout(entry.maxWaitTimer);
    this.pending.delete(entry.traceId);
    this.pendingSpans -= entry.spans.length;
    const notes: string[] = [];
    if (entry.emittedBefore > 0) {
      const late = entry.spans.length - entry.emittedBefore;
      notes.push(`${late} span(s) arrived after this trace was first reported; it is reported again, whole`);
    }
    if (warning !== undefined) notes.push(warning);
    const trace = groupSpansIntoTraces(entry.spans, new Map([[entry.traceId, notes]]))[0];
    if (trace === undefined) return;
    this.remember(entry.traceId, entry.spans, entry.ids);
    try {
      this.options.onTrace(trace);
    } catch (error) {
      this.diagnose(`onTrace threw for trace ${entry.traceId}: ${String(error)}`);
    }
  }

  private remember(traceId: string, spans: readonly Span[], ids: ReadonlySet<string>): void {
    if (this.rememberEmitted <= 0 || spans.length > this.rememberEmittedSpans) return;
    this.emitted.set(traceId, { spans, ids });
    this.rememberedSpans += spans.length;
    while (this.emitted.size > this.rememberEmitted || this.rememberedSpans > this.rememberEmittedSpans) {
      const oldest = this.emitted.keys().next();
      if (oldest.done === true) break;
      this.forget(oldest.value);
    }
  }

  private forget(traceId: string): void {
    const entry = this.emitted.get(traceId);
    if (entry === undefined) return;
    this.emitted.delete(traceId);
    this.rememberedSpans -= entry.spans.length;
  }

  private diagnose(message: string): void {
    emitDiagnostic(this.options.onDiagnostic, { source: 'live-traces', message });
  }
}
