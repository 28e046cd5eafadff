// Fires an HTTP request carrying tbt's trace context, and records the response on the root span.
import { TbtError, type HttpTrigger, type Span } from '../model/index.ts';
import { makeRootSpan, nowUnixNano, type TriggerContext } from './root-span.ts';
import { traceparentFor } from './ids.ts';

/** Bodies past this are cut on the root span; enough for assertions, bounded for snapshots. */
const MAX_RECORDED_BODY_CHARS = 64 * 1024;

export interface TriggerResult {
  readonly rootSpan: Span;
  /** Short text for the terminal: `POST /checkout → 200`. */
  readonly summary: string;
}

export async function fireHttpTrigger(
  trigger: HttpTrigger,
  context: TriggerContext,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TriggerResult> {
  let url: URL;
  try {
    url = new URL(trigger.url);
  } catch {
    throw new TbtError('input', `trigger URL is not a valid URL: ${JSON.stringify(trigger.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TbtError('input', `trigger URL must be http: or https:, not ${JSON.stringify(trigger.url)}`);
  }
  const method = trigger.method.toUpperCase();
  // A traceparent the test wrote (in any case) would be joined to tbt's into one invalid value.
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(trigger.headers).filter(([key]) => key.toLowerCase() !== 'traceparent'),
  );
  headers.traceparent = traceparentFor(context.traceId, context.rootSpanId);
  let body: string | undefined;
  if (trigger.body !== undefined && trigger.body !== null) {
    if (typeof trigger.body === 'string') body = trigger.body;
    else {
      body = JSON.stringify(trigger.body);
      if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  let request: Request;
  try {
    request = new Request(url, { method, headers, body });
  } catch (error) {
    // A GET with a body, a header name with a space: the test is wrong, the system is not down.
    throw new TbtError('input', `the trigger ${method} ${url} cannot be sent: ${(error as Error).message}`);
  }
  const name = `trigger ${method} ${url.pathname}`;
  const start = nowUnixNano();
  const baseAttributes = { 'http.request.method': method, 'url.full': url.toString(), 'url.path': url.pathname };
  try {
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(options.timeoutMs)));
    const response = await fetch(request, { signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout });
    const text = await response.text();
    const end = nowUnixNano();
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return {
      summary: `${method} ${url.pathname} → ${response.status}`,
      rootSpan: makeRootSpan(context, {
        name,
        kind: 'client',
        startTimeUnixNano: start,
        endTimeUnixNano: end,
        attributes: {
          ...baseAttributes,
          'http.response.status_code': response.status,
          'tbt.response.body': text.length > MAX_RECORDED_BODY_CHARS ? text.slice(0, MAX_RECORDED_BODY_CHARS) : text,
          'tbt.response.headers': responseHeaders,
        },
        status: response.status >= 500 ? { code: 'error', message: `HTTP ${response.status}` } : { code: 'unset' },
      }),
    };
  } catch (error) {
    if (options.signal?.aborted) throw new TbtError('unavailable', `the trigger ${method} ${url} was interrupted`);
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TbtError('unavailable', `the trigger ${method} ${url} failed: ${reason}`, {
      hint: 'is the system under test running, and is the URL right?',
    });
  }
}
