// Pulls one trace from a tracing backend's query API, polling with bounded exponential backoff
// until the span set is whole and has stopped growing for the settle window, or until the timeout.
import type { Span, Trace } from '../model/index.ts';
import { TbtError } from '../model/index.ts';
import { assessCompleteness, type Completeness } from './assess-completeness.ts';
import { backendName, decodeBackendAnswer, traceUrl, type BackendKind } from './backend-endpoints.ts';

export type { BackendKind } from './backend-endpoints.ts';

export interface BackendPullOptions {
  readonly kind: BackendKind;
  /** The query API's base URL, with any base path: `http://jaeger:16686`, `https://gw/tempo`. */
  readonly baseUrl: string;
  /** Sent on every request (authorization, tenant headers such as X-Scope-OrgID). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly traceId: string;
  /** How long the span set must stay the same before it counts as done. Default 1000 ms. */
  readonly settleMs?: number;
  /** Hard limit for the whole pull. Default 30 s: backends index traces with a delay. */
  readonly timeoutMs?: number;
  /** tbt's own trigger span: spans under it are roots, since the backend never has it. */
  readonly rootSpanId?: string;
  /** First wait between polls; doubles up to `maxDelayMs`, and restarts when the trace grows. Default 200 ms. */
  readonly initialDelayMs?: number;
  /** Longest wait between polls. Default 2000 ms. */
  readonly maxDelayMs?: number;
  /** Aborting rejects the pull with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface BackendPullResult {
  /** What the backend held at the end (possibly empty), with ingest's warnings. */
  readonly trace: Trace;
  /** True when the trace was whole and settled before the timeout. */
  readonly complete: boolean;
  /** Why it is not complete: what was missing, or what the backend last answered. */
  readonly problem?: string;
  /** How many requests were made. */
  readonly polls: number;
}

type Answer = { readonly found: Trace | undefined; readonly note: string };

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(1, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One request. 404 and transient failures are "not yet" (with a note); the rest throws. */
async function ask(options: BackendPullOptions, url: URL, traceId: string, remainingMs: number): Promise<Answer> {
  const name = backendName(options.kind);
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(remainingMs)));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...options.headers }, signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const reason = timeout.aborted ? 'no answer before the timeout' : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { found: undefined, note: `${name} at ${url.href} could not be reached: ${reason}` };
  }
  const body = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 404) return { found: undefined, note: `${name} answered ${status} (trace not there yet)` };
  if (response.status === 401 || response.status === 403) {
    throw new TbtError('config', `${name} at ${url.href} refused the request: ${status}`, {
      hint: 'set the backend headers (for example authorization) in tbt.config.yaml',
    });
  }
  if (response.status === 400) {
    const detail = new TextDecoder().decode(body.subarray(0, 300)).trim();
    throw new TbtError('input', `${name} at ${url.href} rejected the request: ${status}${detail ? `: ${detail}` : ''}`);
  }
  if (!response.ok) return { found: undefined, note: `${name} at ${url.href} answered ${status}` };
  const trace = decodeBackendAnswer(options.kind, body, url).find((t) => t.traceId === traceId);
  return { found: trace, note: trace === undefined ? `${name} answered ${status} without spans of the trace` : `${name} answered ${status}` };
}

/** Whole: no orphans; when tbt's root is unknown, one span under an absent parent is the root. */
function isWhole(c: Completeness, rootKnown: boolean): boolean {
  if (c.complete) return true;
  const [only] = c.missingParents;
  return !rootKnown && c.topSpanCount === 0 && c.missingParents.length === 1 && only?.waiting.length === 1;
}

/**
 * Pulls trace `traceId` from a Jaeger, Jaeger api/v3, Tempo or Zipkin query API. 404 means "not
 * yet"; 5xx and network errors are retried until the timeout.
 * @throws TbtError('config') on 401/403 or a bad URL, TbtError('input') on 400 or an answer that
 *   is not a trace of that backend's format; the signal's reason when aborted.
 */
export async function pullTraceFromBackend(options: BackendPullOptions): Promise<BackendPullResult> {
  const url = traceUrl(options.kind, options.baseUrl, options.traceId);
  const traceId = options.traceId.toLowerCase().padStart(32, '0');
  const settleMs = options.settleMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const initialDelayMs = options.initialDelayMs ?? 200;
  const maxDelayMs = Math.max(initialDelayMs, options.maxDelayMs ?? 2000);
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;

  const spans = new Map<string, Span>();
  let warnings: readonly string[] = [];
  let delay = initialDelayMs;
  let changedAt = elapsed();
  let polls = 0;
  let note = '';
  for (;;) {
    polls++;
    const answer = await ask(options, url, traceId, timeoutMs - elapsed());
    note = answer.note;
    const before = spans.size;
    for (const span of answer.found?.spans ?? []) spans.set(`${span.spanId}/${span.service}`, span);
    if (answer.found !== undefined) warnings = answer.found.warnings;
    if (spans.size !== before) {
      changedAt = elapsed();
      delay = initialDelayMs;
    }
    const completeness = assessCompleteness([...spans.values()], options.rootSpanId);
    const whole = spans.size > 0 && isWhole(completeness, options.rootSpanId !== undefined);
    const settledFor = elapsed() - changedAt;
    const trace: Trace = { traceId, spans: [...spans.values()], warnings };
    if (whole && settledFor >= settleMs) return { trace, complete: true, polls };

    const remaining = timeoutMs - elapsed();
    if (remaining <= 0) {
      const problem = spans.size === 0
        ? `trace ${traceId} did not appear in ${backendName(options.kind)} within ${timeoutMs} ms (${polls} requests; last: ${note})`
        : whole
          ? `trace ${traceId} was still growing in ${backendName(options.kind)} at the ${timeoutMs} ms timeout (${spans.size} spans)`
          : `trace ${traceId} was incomplete in ${backendName(options.kind)} at the ${timeoutMs} ms timeout: ${completeness.problem ?? 'unknown'}`;
      return { trace, complete: false, problem, polls };
    }
    // A whole trace is re-checked exactly when its settle window ends, not a backoff step later.
    const wait = whole ? Math.min(delay, settleMs - settledFor) : delay;
    await sleep(Math.min(wait, remaining), options.signal);
    delay = Math.min(delay * 2, maxDelayMs);
  }
}
