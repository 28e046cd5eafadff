// readBody's shared budget: bodies held at once across a receiver's requests are bounded, the
// request that would pass the bound gets a retryable 503, and every byte is given back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { readBody, type BodyBudget } from '../../src/collect/read-body.ts';

/** A stand-in request: a stream with headers; readBody reads nothing else. */
function fakeRequest(body: Buffer): IncomingMessage {
  const stream = new PassThrough();
  const request = Object.assign(stream, { headers: { 'content-length': String(body.length) }, complete: false });
  stream.on('end', () => (request.complete = true));
  stream.end(body);
  return request as unknown as IncomingMessage;
}

test('a body that fits the budget is read and its bytes are given back', async () => {
  const budget: BodyBudget = { used: 0, limit: 4096 };
  const result = await readBody(fakeRequest(Buffer.alloc(1000, 0x61)), false, 1024, budget);
  assert.equal(result.ok, true);
  assert.equal(result.ok && result.body.length, 1000);
  assert.equal(budget.used, 0);
});

test('a body that would pass the budget others already hold is refused with 503, drained, and counted out', async () => {
  const budget: BodyBudget = { used: 4000, limit: 4096 }; // 4000 bytes held by other requests
  const result = await readBody(fakeRequest(Buffer.alloc(1000, 0x61)), false, 1024, budget);
  assert.deepEqual(result.ok ? 'accepted' : result.status, 503);
  assert.match(result.ok ? '' : result.message, /already holds 4000 bytes of request bodies \(at most 4096\)/);
  assert.equal(budget.used, 4000, 'the refused request kept some of the budget');
});

test('a request alone always fits, even when its body is the whole cap', async () => {
  const budget: BodyBudget = { used: 0, limit: 1024 };
  const result = await readBody(fakeRequest(Buffer.alloc(1024, 0x61)), false, 1024, budget);
  assert.equal(result.ok, true);
  assert.equal(budget.used, 0);
});
