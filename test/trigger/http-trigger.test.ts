// fireHttpTrigger against a node:http server in this process: what the request carries
// (traceparent, body, content-type) and what tbt's root span records; failures as TbtErrors.
// Also the ids tbt makes for its root span.
import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import { syncBuiltinESMExports } from 'node:module';
import type { AddressInfo } from 'node:net';
import { TbtError, type HttpTrigger, type JsonValue } from '../../src/model/index.ts';
import { freePort } from '../../src/runner/ports.ts';
import { newSpanId, newTraceId } from '../../src/trigger/index.ts';
import { fireHttpTrigger } from '../../src/trigger/http-trigger.ts';
import { traceparentFor } from '../../src/trigger/ids.ts';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const BIG_BODY_CHARS = 70 * 1024;
let server: http.Server;
let base: string;
let received: Received[] = [];

before(async () => {
  server = http.createServer(async (request, response) => {
    let body = '';
    request.setEncoding('utf8');
    for await (const chunk of request) body += chunk;
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    const route = new URL(request.url ?? '/', 'http://x').pathname;
    if (route === '/hang') return; // never answers
    response.setHeader('x-served-by', 'test');
    if (route === '/fail') {
      response.statusCode = 500;
      response.end('boom');
    } else if (route === '/missing') {
      response.statusCode = 404;
      response.end('no such thing');
    } else if (route === '/big') {
      response.end('a'.repeat(BIG_BODY_CHARS));
    } else {
      response.statusCode = request.method === 'POST' ? 201 : 200;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ ok: true }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function trigger(method: string, path: string, headers: Record<string, string> = {}, body?: JsonValue): HttpTrigger {
  return { kind: 'http', method, url: `${base}${path}`, headers, ...(body === undefined ? {} : { body }) };
}

function context() {
  return { traceId: newTraceId(), rootSpanId: newSpanId() };
}

/** Fires and returns the result with the one request the server saw. */
async function fire(t: HttpTrigger, ctx = context(), timeoutMs = 10_000) {
  received = [];
  const result = await fireHttpTrigger(t, ctx, { timeoutMs });
  assert.equal(received.length, 1);
  return { result, request: received[0] as Received, ctx };
}

async function fireError(t: HttpTrigger, timeoutMs = 10_000): Promise<TbtError> {
  return fireHttpTrigger(t, context(), { timeoutMs }).then(
    () => assert.fail('the trigger should have failed'),
    (error: unknown) => {
      assert.ok(error instanceof TbtError, String(error));
      return error;
    },
  );
}

test('a JSON POST: traceparent and content-type on the request, the response on tbt root span', async () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const { result, request, ctx } = await fire(trigger('post', '/orders?express=1', { 'x-tenant': 'acme' }, { sku: 'A-1', qty: 2 }));
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/orders?express=1');
  assert.equal(request.headers.traceparent, `00-${ctx.traceId}-${ctx.rootSpanId}-01`);
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['x-tenant'], 'acme');
  assert.equal(request.body, '{"sku":"A-1","qty":2}');

  const span = result.rootSpan;
  assert.equal(span.name, 'trigger POST /orders');
  assert.equal(span.service, 'tbt');
  assert.equal(span.kind, 'client');
  assert.equal(span.traceId, ctx.traceId);
  assert.equal(span.spanId, ctx.rootSpanId);
  assert.equal(span.parentSpanId, undefined);
  assert.deepEqual(span.resource, { 'service.name': 'tbt' });
  assert.deepEqual(span.status, { code: 'unset' });
  assert.equal(span.attributes['http.request.method'], 'POST');
  assert.equal(span.attributes['url.full'], `${base}/orders?express=1`);
  assert.equal(span.attributes['url.path'], '/orders');
  assert.equal(span.attributes['http.response.status_code'], 201);
  assert.equal(span.attributes['tbt.response.body'], '{"ok":true}');
  const headers = span.attributes['tbt.response.headers'] as Record<string, string>;
  assert.equal(headers['x-served-by'], 'test');
  assert.equal(headers['content-type'], 'application/json');
  assert.ok(span.startTimeUnixNano <= span.endTimeUnixNano);
  // The clocks differ (Date vs performance), so only a loose bound: the span starts about now.
  assert.ok(span.startTimeUnixNano > before - 1_000_000_000n);
  assert.equal(result.summary, 'POST /orders → 201');
});

test('a content-type the test gave is kept, whatever its case', async () => {
  const { request } = await fire(trigger('PUT', '/items', { 'Content-Type': 'application/vnd.api+json' }, { data: [] }));
  assert.equal(request.headers['content-type'], 'application/vnd.api+json');
  assert.equal(request.body, '{"data":[]}');
});

test('a string body is sent as is, not as JSON; no body sends nothing', async () => {
  const text = await fire(trigger('POST', '/raw', {}, 'sku=A-1&qty=2'));
  assert.equal(text.request.body, 'sku=A-1&qty=2');
  assert.notEqual(text.request.headers['content-type'], 'application/json');
  const empty = await fire(trigger('GET', '/items', {}, null));
  assert.equal(empty.request.body, '');
  assert.equal(empty.request.headers['content-type'], undefined);
  assert.equal(empty.result.rootSpan.attributes['http.response.status_code'], 200);
});

test('JSON scalars and arrays are serialized too', async () => {
  for (const body of [[1, 'two'], 42, false] as JsonValue[]) {
    const { request } = await fire(trigger('POST', '/values', {}, body));
    assert.equal(request.body, JSON.stringify(body));
    assert.equal(request.headers['content-type'], 'application/json');
  }
});

test("a traceparent the test wrote, in any case, is replaced by tbt's", async () => {
  for (const name of ['traceparent', 'Traceparent', 'TRACEPARENT']) {
    const { request, ctx } = await fire(trigger('GET', '/items', { [name]: '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01' }));
    assert.equal(request.headers.traceparent, `00-${ctx.traceId}-${ctx.rootSpanId}-01`, name);
  }
});

test('a 500 answer: error status on the root span; a 404 leaves it unset', async () => {
  const failed = await fire(trigger('GET', '/fail'));
  assert.deepEqual(failed.result.rootSpan.status, { code: 'error', message: 'HTTP 500' });
  assert.equal(failed.result.rootSpan.attributes['http.response.status_code'], 500);
  assert.equal(failed.result.rootSpan.attributes['tbt.response.body'], 'boom');
  assert.equal(failed.result.summary, 'GET /fail → 500');
  const missing = await fire(trigger('GET', '/missing'));
  assert.deepEqual(missing.result.rootSpan.status, { code: 'unset' });
  assert.equal(missing.result.rootSpan.attributes['http.response.status_code'], 404);
});

test('a response body over 64 KiB is cut on the root span', async () => {
  const { result } = await fire(trigger('GET', '/big'));
  const body = result.rootSpan.attributes['tbt.response.body'];
  assert.equal(typeof body, 'string');
  assert.equal((body as string).length, 64 * 1024);
  assert.match(body as string, /^a+$/);
});

test('a refused connection is unavailable, with a hint', async () => {
  const port = await freePort();
  const error = await fireError({ kind: 'http', method: 'GET', url: `http://127.0.0.1:${port}/health`, headers: {} });
  assert.equal(error.kind, 'unavailable');
  assert.match(error.message, /ECONNREFUSED/);
  assert.ok(error.message.includes(`GET http://127.0.0.1:${port}/health`), error.message);
  assert.ok(error.hint);
});

test('no answer within the timeout is unavailable', { timeout: 10_000 }, async () => {
  const error = await fireError(trigger('GET', '/hang'), 200);
  assert.equal(error.kind, 'unavailable');
  assert.match(error.message, /timeout/i);
});

test('an abort (Ctrl-C) cancels a request the server never answers, long before its 60 s timeout', { timeout: 10_000 }, async () => {
  received = [];
  const abort = new AbortController();
  const fired = fireHttpTrigger(trigger('GET', '/hang'), context(), { timeoutMs: 60_000, signal: abort.signal });
  while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  abort.abort();
  const error = await fired.then(() => assert.fail('expected a rejection'), (reason: unknown) => reason);
  assert.ok(error instanceof TbtError);
  assert.equal(error.kind, 'unavailable');
  assert.match(error.message, /was interrupted/);
});

test('a request that cannot be made is an input error: bad URL, other scheme, GET with a body, bad header', async () => {
  received = [];
  const cases: HttpTrigger[] = [
    { kind: 'http', method: 'GET', url: 'not a url', headers: {} },
    { kind: 'http', method: 'GET', url: '/relative/path', headers: {} },
    { kind: 'http', method: 'GET', url: 'ftp://127.0.0.1/file', headers: {} },
    trigger('GET', '/items', {}, { q: 1 }),
    trigger('GET', '/items', { 'bad header': 'x' }),
  ];
  for (const bad of cases) {
    const error = await fireError(bad);
    assert.equal(error.kind, 'input', `${bad.method} ${bad.url}: ${error.message}`);
  }
  assert.equal(received.length, 0);
});

test('trace and span ids: lowercase hex of 32 and 16 characters, distinct', () => {
  const traceIds = new Set<string>();
  const spanIds = new Set<string>();
  for (let i = 0; i < 200; i += 1) {
    const traceId = newTraceId();
    const spanId = newSpanId();
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(spanId, /^[0-9a-f]{16}$/);
    traceIds.add(traceId);
    spanIds.add(spanId);
  }
  assert.equal(traceIds.size, 200);
  assert.equal(spanIds.size, 200);
  assert.equal(traceparentFor('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'), '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
});

test('an all-zero draw is never used as an id (W3C calls it invalid)', () => {
  // Make the first draw of each id all zeros; the id must come from a later draw.
  let calls = 0;
  const real = crypto.randomBytes;
  mock.method(crypto, 'randomBytes', (size: number) => {
    calls += 1;
    return calls % 2 === 1 ? Buffer.alloc(size) : Buffer.alloc(size, 0x01);
  });
  syncBuiltinESMExports();
  try {
    assert.equal(newTraceId(), '01'.repeat(16));
    assert.equal(newSpanId(), '01'.repeat(8));
    assert.equal(calls, 4);
  } finally {
    mock.restoreAll();
    syncBuiltinESMExports();
  }
  assert.equal(crypto.randomBytes, real);
  assert.match(newSpanId(), /^[0-9a-f]{16}$/);
});
