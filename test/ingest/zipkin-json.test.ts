// Zipkin v2 specifics on small hand-made traces: shared ids, fragments, tags, endpoints, status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { TbtError, type Trace } from '../../src/model/index.ts';

const T = '463ac35c9f6413ad48485a3953bb6124';
function decode(records: unknown[]): Trace[] {
  return decodeTraceFile(new TextEncoder().encode(JSON.stringify(records)), 'zipkin.json').traces;
}
const ep = (serviceName: string) => ({ serviceName, ipv4: '10.0.0.1', port: 8080 });

test('a shared id becomes a client span and a server span with a derived id under it', () => {
  const [trace] = decode([
    { traceId: T, id: 'a000000000000001', kind: 'SERVER', name: 'get /', timestamp: 1000, duration: 500, localEndpoint: ep('front') },
    { traceId: T, id: 'b000000000000002', parentId: 'a000000000000001', kind: 'CLIENT', name: 'get /api', timestamp: 1100, duration: 300,
      localEndpoint: ep('front'), remoteEndpoint: { serviceName: 'back', ipv4: '10.0.0.2', port: 9000 } },
    { traceId: T, id: 'b000000000000002', parentId: 'a000000000000001', kind: 'SERVER', name: 'get /api', timestamp: 1150, duration: 200,
      localEndpoint: ep('back'), shared: true },
    { traceId: T, id: 'c000000000000003', parentId: 'b000000000000002', name: 'db', timestamp: 1200, duration: 50, localEndpoint: ep('back') },
  ]);
  const spans = trace?.spans ?? [];
  assert.equal(spans.length, 4);
  const client = spans.find((s) => s.spanId === 'b000000000000002');
  const server = spans.find((s) => s.kind === 'server' && s.service === 'back');
  assert.equal(client?.kind, 'client');
  assert.equal(client?.parentSpanId, 'a000000000000001');
  assert.deepEqual(client?.attributes, { 'peer.service': 'back', 'network.peer.address': '10.0.0.2', 'network.peer.port': 9000 });
  assert.match(server?.spanId ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(server?.spanId, 'b000000000000002');
  assert.equal(server?.parentSpanId, 'b000000000000002');
  assert.equal(spans.find((s) => s.name === 'db')?.parentSpanId, server?.spanId, "the server's child follows the server half");
  assert.equal(spans.find((s) => s.name === 'db')?.kind, 'internal', 'no kind is a local span');
  assert.equal(server?.startTimeUnixNano, 1_150_000n);
  assert.equal(server?.endTimeUnixNano, 1_350_000n);
  assert.deepEqual(trace?.warnings, []);
  const pair = [
    { traceId: T, id: 'b000000000000002', kind: 'CLIENT', name: 'x', timestamp: 1, localEndpoint: ep('front') },
    { traceId: T, id: 'b000000000000002', kind: 'SERVER', name: 'x', timestamp: 2, localEndpoint: ep('back') },
  ];
  const derived = () => decode(pair)[0]?.spans.find((s) => s.kind === 'server')?.spanId;
  assert.equal(derived(), derived(), 'the derived id is deterministic');
});

test('a fragment without timestamp merges into its span; a lone one borrows its parent start', () => {
  const [trace] = decode([
    { traceId: T, id: 'a000000000000001', kind: 'SERVER', name: 'root', timestamp: 5000, duration: 100, localEndpoint: ep('svc') },
    { traceId: T, id: 'a000000000000001', name: 'root', localEndpoint: ep('svc'), tags: { extra: 'from fragment' } },
    { traceId: T, id: 'd000000000000004', parentId: 'a000000000000001', name: 'lonely', localEndpoint: ep('svc') },
  ]);
  assert.equal(trace?.spans.length, 2);
  assert.deepEqual(trace?.spans[0]?.attributes, { extra: 'from fragment' });
  const lonely = trace?.spans.find((s) => s.name === 'lonely');
  assert.equal(lonely?.startTimeUnixNano, 5_000_000n);
  assert.equal(lonely?.endTimeUnixNano, 5_000_000n);
  assert.equal(trace?.warnings.length, 2);
  assert.match(trace?.warnings[0] ?? '', /merged 1 span fragment/);
  assert.match(trace?.warnings[1] ?? '', /1 span\(s\) have no timestamp/);
});

test('error tags become status; annotations become events; 64-bit trace ids are padded', () => {
  const [trace] = decode([
    { traceId: '48485a3953bb6124', id: 'a000000000000001', name: 'op', timestamp: 10, duration: 5,
      localEndpoint: ep('svc'), tags: { error: 'timeout', 'http.status_code': '504', 'otel.scope.name': 'lib' },
      annotations: [{ timestamp: 12, value: 'retry' }] },
  ]);
  const span = trace?.spans[0];
  assert.equal(span?.traceId, '000000000000000048485a3953bb6124');
  assert.deepEqual(span?.status, { code: 'error', message: 'timeout' });
  assert.deepEqual(span?.attributes, { 'http.status_code': '504' });
  assert.equal(span?.scope.name, 'lib');
  assert.deepEqual(span?.events, [{ name: 'retry', timeUnixNano: 12_000n, attributes: {} }]);
  assert.deepEqual(span?.resource, { 'service.name': 'svc' });
});

test('records of several traces give several traces', () => {
  const traces = decode([
    { traceId: T, id: 'a000000000000001', name: 'one', timestamp: 1 },
    { traceId: 'f'.repeat(32), id: 'a000000000000001', name: 'two', timestamp: 1 },
  ]);
  assert.deepEqual(traces.map((t) => [t.spans.length, t.spans[0]?.service]), [[1, 'unknown_service'], [1, 'unknown_service']]);
});

for (const [what, records] of [
  ['a record without id', [{ traceId: T, name: 'x' }]],
  ['a non-hex id', [{ traceId: T, id: 'zzzz', name: 'x' }]],
  ['an unknown kind', [{ traceId: T, id: 'a000000000000001', kind: 'SIDEWAYS' }]],
  ['a string timestamp', [{ traceId: T, id: 'a000000000000001', timestamp: 'now' }]],
  ['tags that are an array', [{ traceId: T, id: 'a000000000000001', tags: ['x'] }]],
] as const) {
  test(`malformed Zipkin is a TbtError('input'): ${what}`, () => {
    assert.throws(() => decode([...records]), (error: unknown) =>
      error instanceof TbtError && error.kind === 'input' && error.location?.file === 'zipkin.json');
  });
}

test('a timestamp past the range of nanosecond times is refused', () => {
  assert.throws(() => decode([{ traceId: T, id: 'a000000000000001', name: 'x', timestamp: 1e300, duration: 5 }]), (error: unknown) =>
    error instanceof TbtError && error.kind === 'input' && /timestamp: 1e\+300 microseconds is outside the range/.test(error.message));
});
