// Jaeger query-API JSON on small hand-made traces: tag types, logs, references, folded tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { TbtError } from '../../src/model/index.ts';

const T = '463ac35c9f6413ad48485a3953bb6124';
const trace = {
  traceID: T,
  processes: { p1: { serviceName: 'api', tags: [{ key: 'hostname', type: 'string', value: 'h1' }] } },
  spans: [
    { traceID: T, spanID: 'a000000000000001', operationName: 'GET /x', references: [], startTime: 1000, duration: 50, processID: 'p1',
      tags: [
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'http.status_code', type: 'int64', value: 500 },
        { key: 'big', type: 'int64', value: '9007199254740993' },
        { key: 'ratio', type: 'float64', value: 0.25 },
        { key: 'cached', type: 'bool', value: false },
        { key: 'payload', type: 'binary', value: 'AQID' },
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_description', type: 'string', value: 'boom' },
        { key: 'otel.scope.name', type: 'string', value: 'otelhttp' },
      ],
      logs: [{ timestamp: 1010, fields: [{ key: 'event', type: 'string', value: 'exception' }, { key: 'exception.type', type: 'string', value: 'E' }] }] },
    { traceID: T, spanID: 'b000000000000002', operationName: 'query', startTime: 1005, duration: 10,
      process: { serviceName: 'db', tags: [] },
      references: [
        { refType: 'FOLLOWS_FROM', traceID: 'f'.repeat(32), spanID: 'c000000000000003' },
        { refType: 'CHILD_OF', traceID: T, spanID: 'a000000000000001' },
      ] },
  ],
};

function decode(value: unknown) {
  return decodeTraceFile(new TextEncoder().encode(JSON.stringify(value)), 'jaeger.json');
}

test('tags keep their types; span.kind, error and otel.* tags fold into kind, status and scope', () => {
  const { format, traces } = decode({ data: [trace], total: 0, limit: 0, offset: 0, errors: null });
  assert.equal(format, 'jaeger-json');
  const [root, query] = traces[0]?.spans ?? [];
  assert.deepEqual(root?.attributes, { 'http.status_code': 500, big: '9007199254740993', ratio: 0.25, cached: false, payload: 'AQID' });
  assert.equal(root?.kind, 'server');
  assert.deepEqual(root?.status, { code: 'error', message: 'boom' });
  assert.deepEqual(root?.scope, { name: 'otelhttp', attributes: {} });
  assert.deepEqual(root?.resource, { hostname: 'h1', 'service.name': 'api' });
  assert.equal(root?.startTimeUnixNano, 1_000_000n);
  assert.equal(root?.endTimeUnixNano, 1_050_000n);
  assert.deepEqual(root?.events, [{ name: 'exception', timeUnixNano: 1_010_000n, attributes: { 'exception.type': 'E' } }]);
  assert.equal(query?.service, 'db', 'an inline process works too');
  assert.equal(query?.parentSpanId, 'a000000000000001', 'CHILD_OF in the same trace is the parent');
  assert.deepEqual(query?.links, [{ traceId: 'f'.repeat(32), spanId: 'c000000000000003', attributes: {} }]);
  assert.equal(query?.kind, 'unspecified');
});

test('{"data": {…}} and a bare trace object decode the same', () => {
  const wrapped = decode({ data: trace }).traces;
  const bare = decode(trace).traces;
  assert.deepEqual(bare, wrapped);
  assert.equal(bare[0]?.spans.length, 2);
});

test("Jaeger's 404 body holds no spans", () => {
  assert.deepEqual(decode({ data: null, errors: [{ code: 404, msg: 'trace not found' }] }).traces, []);
});

for (const [what, value] of [
  ['an unknown processID', { ...trace, processes: {} }],
  ['a span without spanID', { ...trace, spans: [{ traceID: T, startTime: 1, processID: 'p1' }] }],
  ['a startTime string', { ...trace, spans: [{ ...trace.spans[0], startTime: 'yesterday' }] }],
  ['an int64 tag that is text', { ...trace, spans: [{ ...trace.spans[0], tags: [{ key: 'n', type: 'int64', value: 'many' }] }] }],
] as const) {
  test(`malformed Jaeger JSON is a TbtError('input'): ${what}`, () => {
    assert.throws(() => decode(value), (error: unknown) => error instanceof TbtError && error.kind === 'input');
  });
}

test('a start time past the range of nanosecond times is refused, as OTLP refuses one past uint64', () => {
  const [first] = trace.spans;
  assert.throws(() => decode({ ...trace, spans: [{ ...first, startTime: 99999999999999999999999 }] }), (error: unknown) =>
    error instanceof TbtError && error.kind === 'input' && /startTime: 1e\+23 microseconds is outside the range of nanosecond times/.test(error.message));
});

test('an invalid tag value is named by its key and type, never quoted: it may be a secret no rule knows', () => {
  const span = { ...trace.spans[1], tags: [{ key: 'db.password', type: 'int64', value: 'hunter2-is-my-password' }] };
  assert.throws(() => decode({ data: [{ ...trace, spans: [span] }] }), (error: unknown) => {
    assert.ok(error instanceof TbtError && error.kind === 'input');
    assert.match(error.message, /tag "db\.password": a string of 22 characters is not a valid "int64"/);
    assert.doesNotMatch(error.message, /hunter2/);
    return true;
  });
  const long = { ...trace.spans[1], tags: [{ key: 'card.pin', type: 'int64', value: `9${'0'.repeat(20)}` }] };
  assert.throws(() => decode({ data: [{ ...trace, spans: [long] }] }), /tag "card\.pin": an integer of 21 digits is outside the int64 range/);
  // A processID that is no string is named by its shape once long, not printed whole.
  const odd = { ...trace.spans[1], process: undefined, processID: ['x'.repeat(50_000)] };
  assert.throws(() => decode({ data: [{ ...trace, spans: [odd] }] }), (error: unknown) => error instanceof TbtError && /processID an array of 50004 characters is not/.test(error.message) && error.message.length < 200);
});
