// Routes received spans by trace id to the test that waits for that trace, and holds spans that
// arrive before anyone waits (bounded). It owns no socket and no decoding: receivers push to it.
import { performance } from 'node:perf_hooks';
import type { Span } from '../model/index.ts';
import { TbtError } from '../model/index.ts';
import type { SpanSink } from './span-sink.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';
import { TraceWaiter, type CollectOptions, type CollectResult } from './trace-waiter.ts';

/** Bounds on what the hub keeps for traces nobody has claimed yet. */
export interface TraceHubOptions {
  /** Unclaimed traces kept at most; the oldest goes first. Default 1000. */
  readonly maxPendingTraces?: number;
  /** Unclaimed spans kept at most, over all traces. Default 100 000. */
  readonly maxPendingSpans?: number;
  /** An unclaimed trace is dropped this long after its first span. Default 60 s. */
  readonly pendingTtlMs?: number;
  /** Trace ids whose collection ended, remembered to report late spans. Default 1000. */
  readonly rememberFinished?: number;
  readonly onDiagnostic?: DiagnosticListener;
  /** Monotonic milliseconds, for the TTL; injectable so tests need no sleep. */
  readonly now?: () => number;
}

interface Pending {
  readonly firstSeen: number;
  readonly spans: Span[];
}

/**
 * The meeting point of receivers and waiting tests. Spans of a trace go only to the `collect`
 * call for that trace, so tests that run concurrently never see each other's spans. Expiry is
 * checked lazily on each `accept`, so the hub holds no timer of its own.
 */
export class TraceHub implements SpanSink {
  private readonly waiters = new Map<string, TraceWaiter>();
  private readonly pending = new Map<string, Pending>();
  private readonly finished = new Set<string>();
  private pendingSpanCount = 0;
  private readonly maxPendingTraces: number;
  private readonly maxPendingSpans: number;
  private readonly pendingTtlMs: number;
  private readonly rememberFinished: number;
  private readonly now: () => number;
  private readonly onDiagnostic: DiagnosticListener | undefined;

  constructor(options: TraceHubOptions = {}) {
    this.maxPendingTraces = options.maxPendingTraces ?? 1000;
    this.maxPendingSpans = options.maxPendingSpans ?? 100_000;
    this.pendingTtlMs = options.pendingTtlMs ?? 60_000;
    this.rememberFinished = options.rememberFinished ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.onDiagnostic = options.onDiagnostic;
  }

  /** Routes a batch of spans of any traces. Never throws. */
  accept(spans: readonly Span[]): void {
    try {
      const now = this.now();
      for (const [traceId, group] of groupByTrace(spans)) this.route(traceId, group, now);
      this.evict(now);
    } catch (error) {
      this.diagnose(`dropped a batch of ${spans.length} spans: ${String(error)}`);
    }
  }

  /**
   * Waits until the trace is complete (see `CollectOptions`) or the timeout passes. Spans of the
   * trace that arrived earlier are claimed at once. Rejects with a TbtError ('usage') when the
   * same trace is already being collected, or when a duration is not a finite number ≥ 0.
   */
  collect(traceId: string, options: CollectOptions): Promise<CollectResult> {
    const id = traceId.toLowerCase();
    try {
      checkDuration('settleMs', options.settleMs);
      checkDuration('timeoutMs', options.timeoutMs);
      checkDuration('shapeSettleMs', options.shapeSettleMs);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.waiters.has(id)) {
      return Promise.reject(new TbtError('usage', `trace ${id} is already being collected`));
    }
    this.finished.delete(id);
    const waiter = new TraceWaiter(id, options, () => this.release(id), this.onDiagnostic);
    this.waiters.set(id, waiter);
    const early = this.pending.get(id);
    if (early !== undefined) {
      this.pending.delete(id);
      this.pendingSpanCount -= early.spans.length;
      waiter.add(early.spans);
    }
    return waiter.promise;
  }

  /** How many traces are buffered unclaimed (for diagnostics and tests). */
  get pendingTraceCount(): number {
    return this.pending.size;
  }

  private route(traceId: string, group: Span[], now: number): void {
    const waiter = this.waiters.get(traceId);
    if (waiter !== undefined) {
      waiter.add(group);
      return;
    }
    if (this.finished.has(traceId)) {
      this.diagnose(
        `${group.length} span(s) of trace ${traceId} arrived after its collection ended and were dropped; a longer settle window would have kept them`,
      );
      return;
    }
    const entry = this.pending.get(traceId);
    if (entry === undefined) this.pending.set(traceId, { firstSeen: now, spans: group });
    else entry.spans.push(...group);
    this.pendingSpanCount += group.length;
  }

  /** Drops expired unclaimed traces, then the oldest ones while over a bound. */
  private evict(now: number): void {
    for (const [traceId, entry] of this.pending) {
      const expired = now - entry.firstSeen > this.pendingTtlMs;
      const over =
        this.pending.size > this.maxPendingTraces || this.pendingSpanCount > this.maxPendingSpans;
      if (!expired && !over) break; // Map order is first-seen order: the rest are younger.
      this.pending.delete(traceId);
      this.pendingSpanCount -= entry.spans.length;
      this.diagnose(
        `dropped ${entry.spans.length} unclaimed span(s) of trace ${traceId}: ${expired ? `nobody collected it within ${this.pendingTtlMs}ms` : 'too many unclaimed spans'}`,
      );
    }
  }

  private release(traceId: string): void {
    this.waiters.delete(traceId);
    this.finished.add(traceId);
    if (this.finished.size > this.rememberFinished) {
      const oldest = this.finished.values().next();
      if (oldest.done !== true) this.finished.delete(oldest.value);
    }
  }

  private diagnose(message: string): void {
    emitDiagnostic(this.onDiagnostic, { source: 'trace-hub', message });
  }
}

/** Groups spans by (lowercased) trace id, keeping arrival order within each group. */
function groupByTrace(spans: readonly Span[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const span of spans) {
    const id = span.traceId.toLowerCase();
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [span]);
    else group.push(span);
  }
  return groups;
}

function checkDuration(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0) {
    throw new TbtError('usage', `collect ${name} must be a finite number of milliseconds ≥ 0, got ${value}`);
  }
}
