// Reads one HTTP request body into memory under a byte cap, inflating gzip as a stream and
// stopping the moment either the received or the inflated bytes pass the cap (no gzip bombs).
import type { IncomingMessage } from 'node:http';
import { createGunzip, type Gunzip } from 'node:zlib';

/** The body, or why it was refused (413 over the cap, 400 broken gzip or an aborted upload). */
export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly status: 400 | 413; readonly message: string };

/**
 * Collects `request`'s body. `maxBytes` bounds both what is received and, for gzip, what it
 * inflates to. Never rejects; on refusal it stops reading and leaves the rest unread (the caller
 * answers with `connection: close`).
 */
export function readBody(request: IncomingMessage, gzip: boolean, maxBytes: number): Promise<BodyResult> {
  return new Promise<BodyResult>((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      resolve(tooLarge(`request body of ${declared} bytes exceeds the ${maxBytes}-byte limit`));
      return;
    }

    const chunks: Buffer[] = [];
    let received = 0;
    let kept = 0;
    let done = false;
    let gunzip: Gunzip | undefined;

    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      request.off('data', onData);
      if (gunzip !== undefined) {
        gunzip.off('data', onInflated);
        gunzip.destroy();
      }
      resolve(result);
    };
    const keep = (chunk: Buffer, what: string): void => {
      kept += chunk.length;
      if (kept > maxBytes) {
        finish(tooLarge(`request body ${what} more than the ${maxBytes}-byte limit`));
        return;
      }
      chunks.push(chunk);
    };
    const onInflated = (chunk: Buffer): void => keep(chunk, 'inflates to');
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        finish(tooLarge(`request body exceeds the ${maxBytes}-byte limit`));
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

    if (gzip) {
      gunzip = createGunzip();
      gunzip.on('data', onInflated);
      gunzip.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, kept) }));
      gunzip.on('error', (error: Error) =>
        finish({ ok: false, status: 400, message: `request body is not valid gzip: ${error.message}` }),
      );
    }
    request.on('data', onData);
    request.on('end', () => {
      if (gunzip !== undefined) gunzip.end();
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

function tooLarge(message: string): BodyResult {
  return { ok: false, status: 413, message };
}
