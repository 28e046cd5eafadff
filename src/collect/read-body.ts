// Reads one HTTP request body into memory under a byte cap, inflating gzip as a stream and
// stopping the moment either the received or the inflated bytes pass the cap (no gzip bombs).
// A refused body is still read to its end (and thrown away), so that the client, still sending,
// gets the answer instead of a broken pipe; only a body far past any cap is cut off.
import type { IncomingMessage } from 'node:http';
import { createGunzip, type Gunzip } from 'node:zlib';

/**
 * The body, or why it was refused (413 over the cap, 400 broken gzip or an aborted upload, 503
 * when the receiver's other requests already hold as many body bytes as it allows).
 */
type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly status: 400 | 413 | 503; readonly message: string };

/**
 * Body bytes held in memory by all of one receiver's requests at once. One request alone always
 * fits (the limit is at least the body cap); many large ones together get a retryable 503, so
 * that memory does not grow with the number of connections.
 */
export interface BodyBudget {
  used: number;
  readonly limit: number;
}

/**
 * How many bytes of a refused body are read and dropped before giving up on draining it. Past
 * this the caller answers with `connection: close` and the client may see a reset instead; the
 * receiver's request timeout bounds the time either way.
 */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Collects `request`'s body. `maxBytes` bounds both what is received and, for gzip, what it
 * inflates to. Never rejects; on refusal it keeps reading and dropping the rest (up to
 * MAX_DRAIN_BYTES), then resolves.
 */
export function readBody(request: IncomingMessage, gzip: boolean, maxBytes: number, budget?: BodyBudget): Promise<BodyResult> {
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let kept = 0;
    /** What this request counts against the budget; given back when it is done or refused. */
    let reserved = 0;
    const release = (): void => {
      if (budget !== undefined) budget.used -= reserved;
      reserved = 0;
    };
    let done = false;
    let refusal: BodyResult | undefined;
    let ended = false;
    let gunzip: Gunzip | undefined;

    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      release();
      request.off('data', onData);
      stopInflating();
      resolve(result);
    };
    const stopInflating = (): void => {
      if (gunzip === undefined) return;
      gunzip.off('data', onInflated);
      gunzip.destroy();
      gunzip = undefined;
      request.resume();
    };
    /** From now on the body is only drained; the answer is `result` once it ends. */
    const refuse = (result: BodyResult): void => {
      refusal ??= result;
      chunks.length = 0;
      release();
      stopInflating();
      // Inflating lags the socket: the body may have ended already.
      if (ended || received > MAX_DRAIN_BYTES) finish(refusal);
    };
    const keep = (chunk: Buffer, what: string): void => {
      if (refusal !== undefined) return;
      kept += chunk.length;
      if (kept > maxBytes) {
        refuse(tooLarge(`request body ${what} more than the ${maxBytes}-byte limit (receiver.maxBodyBytes)`));
        return;
      }
      if (budget !== undefined) {
        // Others hold bytes too (one request alone always fits: the limit is several bodies).
        if (budget.used > reserved && budget.used + chunk.length > budget.limit) {
          refuse({ ok: false, status: 503, message: `the receiver already holds ${budget.used} bytes of request bodies (at most ${budget.limit})` });
          return;
        }
        budget.used += chunk.length;
        reserved += chunk.length;
      }
      chunks.push(chunk);
    };
    const onInflated = (chunk: Buffer): void => keep(chunk, 'inflates to');
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (refusal !== undefined) {
        if (received > MAX_DRAIN_BYTES) finish(refusal);
        return;
      }
      if (received > maxBytes) {
        refuse(tooLarge(`request body exceeds the ${maxBytes}-byte limit (receiver.maxBodyBytes)`));
        return;
      }
      if (gunzip === undefined) {
        keep(chunk, 'is');
        return;
      }
      // Backpressure: inflating is the slow side, so hold the socket until it catches up.
      if (!gunzip.write(chunk)) {
        request.pause();
        gunzip.once('drain', () => request.resume());
      }
    };

    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      const result = tooLarge(`request body of ${declared} bytes exceeds the ${maxBytes}-byte limit (receiver.maxBodyBytes)`);
      if (declared > MAX_DRAIN_BYTES) {
        finish(result);
        return;
      }
      refusal = result;
    } else if (gzip) {
      const inflater = createGunzip();
      gunzip = inflater;
      inflater.on('data', onInflated);
      inflater.on('end', () => {
        if (refusal === undefined) finish({ ok: true, body: Buffer.concat(chunks, kept) });
      });
      inflater.on('error', (error: Error) =>
        refuse({ ok: false, status: 400, message: `request body is not valid gzip: ${error.message}` }),
      );
    }
    request.on('data', onData);
    request.on('end', () => {
      ended = true;
      if (refusal !== undefined) finish(refusal);
      else if (gunzip !== undefined) gunzip.end();
      else finish({ ok: true, body: Buffer.concat(chunks, kept) });
    });
    request.on('error', (error: Error) =>
      finish({ ok: false, status: 400, message: `request body could not be read: ${error.message}` }),
    );
    request.on('close', () => {
      if (!request.complete) finish({ ok: false, status: 400, message: 'client closed the connection mid-body' });
    });
  });
}

/** Reads the rest of a body that will not be used, so that the answer reaches a client still sending. */
export function drainBody(request: IncomingMessage): Promise<void> {
  return new Promise<void>((resolve) => {
    if (request.complete) {
      resolve();
      return;
    }
    let received = 0;
    const done = (): void => {
      request.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > MAX_DRAIN_BYTES) done();
    };
    request.on('data', onData);
    request.once('end', done);
    request.once('close', done);
    request.once('error', done);
  });
}

function tooLarge(message: string): BodyResult {
  return { ok: false, status: 413, message };
}
