// The clock half of trace completion for one trace: a settle timer that every new span and the
// trigger's answer re-arm, plus a hard timeout. Event-driven: it never polls and never sleeps.
import { performance } from 'node:perf_hooks';
import { formatDurationMs } from '../common/index.ts';
import type { Span } from '../model/index.ts';
import { assessCompleteness } from './assess-completeness.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';

/** How to wait for one trace. */
export interface CollectOptions {
  /** tbt's own root span (the trigger span): spans whose parent it is are not orphans. */
  readonly rootSpanId?: string;
  /** Settles when the trigger has answered; a rejection counts as an answer too. */
  readonly triggerDone: Promise<unknown>;
  /** Quiet time after the last span (or the trigger's answer) before the trace counts as complete. */
  readonly settleMs?: number;
  /** Hard bound on the whole wait. */
  readonly timeoutMs?: number;
  /** True when the spans already have a snapshot's shape; ends the wait after `shapeSettleMs`. */
  readonly isShapeReached?: (spans: readonly Span[]) => boolean;
  /** The shorter quiet time used once `isShapeReached` holds; default min(50, settleMs). */
  readonly shapeSettleMs?: number;
  /** Called with the running span count whenever new spans arrive. */
  readonly onProgress?: (spanCount: number) => void;
  /** Aborting ends the wait at once with complete=false. */
  readonly signal?: AbortSignal;
}

/** What a wait produced. `spans` are in arrival order, one per span id. */
export interface CollectResult {
  readonly spans: Span[];
  readonly complete: boolean;
  /** Why the trace is not complete; absent when complete. */
  readonly problem?: string;
  readonly elapsedMs: number;
}

export const DEFAULT_SETTLE_MS = 250;
export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SHAPE_SETTLE_MS = 50;

/** Waits for one trace; the hub feeds it with `add` and learns the end through `onFinish`. */
export class TraceWaiter {
  readonly promise: Promise<CollectResult>;
  private readonly spans: Span[] = [];
  private readonly ids = new Set<string>();
  private readonly started = performance.now();
  private readonly settleMs: number;
  private readonly timeoutMs: number;
  private readonly shapeSettleMs: number;
  private triggerAnswered = false;
  private finished = false;
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly timeoutTimer: NodeJS.Timeout;
  private resolve!: (result: CollectResult) => void;
  private readonly onAbort = (): void => this.finish(false, 'collection was cancelled');

  constructor(
    private readonly traceId: string,
    private readonly options: CollectOptions,
    private readonly onFinish: () => void,
    private readonly onDiagnostic?: DiagnosticListener,
  ) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.shapeSettleMs = Math.min(options.shapeSettleMs ?? DEFAULT_SHAPE_SETTLE_MS, this.settleMs);
    this.promise = new Promise<CollectResult>((resolve) => {
      this.resolve = resolve;
    });
    this.timeoutTimer = setTimeout(() => this.finish(false, this.timeoutProblem()), this.timeoutMs);
    const answered = (): void => {
      this.triggerAnswered = true;
      this.arm();
    };
    options.triggerDone.then(answered, answered);
    if (options.signal !== undefined) {
      if (options.signal.aborted) queueMicrotask(this.onAbort);
      else options.signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  /** Takes spans of this trace; repeats of a span id (a re-sent export) are ignored. */
  add(batch: readonly Span[]): void {
    if (this.finished) return;
    let added = 0;
    for (const span of batch) {
      if (this.ids.has(span.spanId)) continue;
      this.ids.add(span.spanId);
      this.spans.push(span);
      added++;
    }
    if (added === 0) return;
    if (this.options.onProgress !== undefined) {
      try {
        this.options.onProgress(this.spans.length);
      } catch (error) {
        this.diagnose(`onProgress threw: ${String(error)}`);
      }
    }
    this.arm();
  }

  /**
   * (Re)starts the quiet-time clock. Nothing is decided before the trigger answers, because a
   * service exports its server span only after it has sent the response.
   */
  private arm(): void {
    if (this.finished || !this.triggerAnswered) return;
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    if (this.options.isShapeReached !== undefined && this.shapeSettleMs < this.settleMs) {
      this.settleTimer = setTimeout(() => this.shapeCheck(), this.shapeSettleMs);
    } else {
      this.settleTimer = setTimeout(() => this.settled(), this.settleMs);
    }
  }

  /** After the short quiet time: done if the snapshot's shape is reached, else keep settling. */
  private shapeCheck(): void {
    if (this.finished) return;
    if (assessCompleteness(this.spans, this.options.rootSpanId).complete && this.shapeReached()) {
      this.finish(true);
      return;
    }
    this.settleTimer = setTimeout(() => this.settled(), this.settleMs - this.shapeSettleMs);
  }

  /** After the full quiet time: done if whole; otherwise only a new span or the timeout moves on. */
  private settled(): void {
    this.settleTimer = undefined;
    if (this.finished) return;
    if (assessCompleteness(this.spans, this.options.rootSpanId).complete) this.finish(true);
  }

  private shapeReached(): boolean {
    try {
      return this.options.isShapeReached?.(this.spans) === true;
    } catch (error) {
      this.diagnose(`isShapeReached threw, waiting the full settle window: ${String(error)}`);
      return false;
    }
  }

  private timeoutProblem(): string {
    const within = `within ${formatMs(this.timeoutMs)}`;
    if (this.spans.length === 0) return `no spans arrived for trace ${this.traceId} ${within}`;
    if (!this.triggerAnswered) {
      return `the trigger did not answer ${within} (${this.spans.length} spans of trace ${this.traceId} arrived)`;
    }
    const assessment = assessCompleteness(this.spans, this.options.rootSpanId);
    if (!assessment.complete && assessment.problem !== undefined) {
      return `${assessment.problem} after ${formatMs(this.timeoutMs)}`;
    }
    return `spans of trace ${this.traceId} were still arriving at the ${formatMs(this.timeoutMs)} timeout (${this.spans.length} so far)`;
  }

  private finish(complete: boolean, problem?: string): void {
    if (this.finished) return;
    this.finished = true;
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    clearTimeout(this.timeoutTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.onFinish();
    const elapsedMs = Math.round(performance.now() - this.started);
    this.resolve(
      problem === undefined
        ? { spans: this.spans, complete, elapsedMs }
        : { spans: this.spans, complete, problem, elapsedMs },
    );
  }

  private diagnose(message: string): void {
    emitDiagnostic(this.onDiagnostic, { source: 'trace-hub', message: `trace ${this.traceId}: ${message}` });
  }
}

/** 10000 → "10s", 1500 → "1.5s", 500 → "500ms" (the model's one style). */
export const formatMs = formatDurationMs;
