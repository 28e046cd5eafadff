// waitUntilReady against servers in this process: HTTP answers under 500 count, 5xx and refused
// connections are retried until the timeout, TCP accepts, and an abort ends the wait early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { freePort } from '../../src/runner/ports.ts';
import { waitUntilReady } from '../../src/services/readiness.ts';

/** An HTTP server on port 0 answering with `statusFor(n)` for its n-th request (from 1). */
async function httpServer(statusFor: (hit: number) => number, onHit?: (hit: number) => void) {
  let hits = 0;
  const server = http.createServer((_, response) => {
    hits += 1;
    response.statusCode = statusFor(hits);
    response.end();
    onHit?.(hits);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/health`,
    hits: () => hits,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => {
      assert.ok(error instanceof Error);
      return error;
    },
  );
}

const never = new AbortController().signal;

test('no check: ready at once', async () => {
  await waitUntilReady({ kind: 'none' }, never);
});

test('http: 5xx answers are retried; any answer under 500 (even 404) is ready', async () => {
  const server = await httpServer((hit) => (hit <= 2 ? 503 : 404));
  try {
    await waitUntilReady({ kind: 'http', url: server.url, timeoutMs: 10_000 }, never);
    assert.equal(server.hits(), 3);
  } finally {
    await server.close();
  }
});

test('http: a timeout under 2 s still probes (a fractional probe timeout once threw before any request)', async () => {
  const server = await httpServer((hit) => (hit === 1 ? 503 : 200));
  try {
    await waitUntilReady({ kind: 'http', url: server.url, timeoutMs: 1500 }, never);
    assert.equal(server.hits(), 2);
  } finally {
    await server.close();
  }
});

test('http: a server that keeps answering 500 is not ready after the timeout, with the last answer', async () => {
  const server = await httpServer(() => 500);
  try {
    const error = await rejection(waitUntilReady({ kind: 'http', url: server.url, timeoutMs: 300 }, never));
    assert.equal(error.message, `not ready after 300 ms (GET ${server.url}: answered 500)`);
    assert.ok(server.hits() >= 1);
  } finally {
    await server.close();
  }
});

test('http: a refused connection is retried until the timeout', async () => {
  const url = `http://127.0.0.1:${await freePort()}/health`;
  const error = await rejection(waitUntilReady({ kind: 'http', url, timeoutMs: 200 }, never));
  assert.equal(error.message, `not ready after 200 ms (GET ${url}: fetch failed)`);
});

test('tcp: ready once the port accepts; a closed port is not ready, naming the target', async () => {
  const server = net.createServer((socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    await waitUntilReady({ kind: 'tcp', target: `127.0.0.1:${port}`, timeoutMs: 5000 }, never);
  } finally {
    server.close();
  }
  const closed = await freePort();
  const error = await rejection(waitUntilReady({ kind: 'tcp', target: `127.0.0.1:${closed}`, timeoutMs: 200 }, never));
  // The refusal is the usual last problem; on a machine too busy to see it within the last
  // probe's window, the probe's own timeout is. Either way the message names the target.
  assert.match(error.message, new RegExp(`^not ready after 200 ms \\(tcp 127\\.0\\.0\\.1:${closed}: .*(ECONNREFUSED|connect timed out)`));
});

test('an abort during the backoff ends the wait with its reason, long before the timeout', { timeout: 10_000 }, async () => {
  const abort = new AbortController();
  // The first 503 fires the abort; the check's own timeout (a minute) would outlast the test's.
  const server = await httpServer(() => 503, () => abort.abort('exited with code 1'));
  try {
    const error = await rejection(waitUntilReady({ kind: 'http', url: server.url, timeoutMs: 60_000 }, abort.signal));
    assert.equal(error.message, 'exited with code 1');
    assert.equal(server.hits(), 1);
  } finally {
    await server.close();
  }
});

test('an already aborted signal: no probe at all', async () => {
  const server = await httpServer(() => 200);
  try {
    const error = await rejection(waitUntilReady({ kind: 'http', url: server.url, timeoutMs: 60_000 }, AbortSignal.abort('stopping')));
    assert.equal(error.message, 'stopping');
    assert.equal(server.hits(), 0);
  } finally {
    await server.close();
  }
});
