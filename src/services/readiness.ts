// Waits until a launched service answers: an HTTP URL that responds, or a TCP port that accepts.
// The service is a separate process we do not control, so this retries with backoff, bounded.
import net from 'node:net';
import type { ReadinessCheck } from '../model/index.ts';

const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 500;

/**
 * Resolves when the check passes; rejects with the last failure when the timeout passes or
 * `abort` fires (for example because the process exited).
 */
export async function waitUntilReady(check: ReadinessCheck, abort: AbortSignal): Promise<void> {
  if (check.kind === 'none') return;
  const deadline = performance.now() + check.timeoutMs;
  let delay = FIRST_RETRY_MS;
  let lastProblem = 'no attempt was made';
  let answered = false;
  for (;;) {
    if (abort.aborted) throw new Error(String(abort.reason ?? 'aborted'));
    try {
      // Whole milliseconds: AbortSignal.timeout() throws a RangeError on a fraction.
      await probeOnce(check, Math.max(50, Math.min(2000, Math.ceil(deadline - performance.now()))), abort);
      return;
    } catch (error) {
      if (abort.aborted) throw new Error(String(abort.reason ?? 'aborted'));
      // An attempt the deadline cut short says less than the last answer before it ("answered 500").
      const cutShort = error instanceof ProbeTimedOut;
      if (!cutShort || !answered) lastProblem = error instanceof Error ? error.message : String(error);
      answered ||= !cutShort;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new Error(`not ready after ${check.timeoutMs} ms (${describe(check)}: ${lastProblem})`);
    }
    await waitOrAbort(Math.min(delay, remaining), abort);
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}

function describe(check: ReadinessCheck): string {
  if (check.kind === 'http') return `GET ${check.url}`;
  if (check.kind === 'tcp') return `tcp ${check.target}`;
  return 'no check';
}

/** An attempt that got no answer within its own time limit. */
class ProbeTimedOut extends Error {}

/** One attempt; `abort` ends it at once (Ctrl-C must not wait out a slow probe). */
async function probeOnce(check: ReadinessCheck, timeoutMs: number, abort: AbortSignal): Promise<void> {
  if (check.kind === 'http') {
    const limit = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(check.url, { signal: AbortSignal.any([limit, abort]) });
      await response.arrayBuffer();
    } catch (error) {
      if (limit.aborted && !abort.aborted) throw new ProbeTimedOut(`no answer within ${timeoutMs} ms`);
      throw error;
    }
    if (response.status >= 500) throw new Error(`answered ${response.status}`);
    return;
  }
  if (check.kind === 'tcp') {
    await new Promise<void>((resolve, reject) => {
      const separator = check.target.lastIndexOf(':');
      const socket = net.connect({ host: check.target.slice(0, separator), port: Number(check.target.slice(separator + 1)) });
      const onAbort = (): void => {
        socket.destroy(new Error('aborted'));
      };
      abort.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(timeoutMs, () => socket.destroy(new ProbeTimedOut('connect timed out')));
      socket.once('connect', () => {
        abort.removeEventListener('abort', onAbort);
        socket.end();
        resolve();
      });
      socket.once('error', (error) => {
        abort.removeEventListener('abort', onAbort);
        reject(error);
      });
    });
  }
}

function waitOrAbort(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    abort.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
  });
}
