// Format detection of decodeTraceFile: each format from its content, and a clear error otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { exportTraceServiceRequestType } from '../../src/ingest/otlp-schema.ts';
import { TbtError } from '../../src/model/index.ts';

const T = '463ac35c9f6413ad48485a3953bb6124';
const otlpSpan = (spanId: string) => ({ traceId: T, spanId, name: `op-${spanId}`, kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2' });
const otlpRequest = (spanId: string) => ({
  resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: [otlpSpan(spanId)] }] }],
});
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const protobuf = (spanId: string): Uint8Array => exportTraceServiceRequestType().encode(exportTraceServiceRequestType().fromObject({
  resourceSpans: [{ scopeSpans: [{ spans: [{ ...otlpSpan(spanId), traceId: Buffer.from(T, 'hex'), spanId: Buffer.from(spanId, 'hex') }] }] }],
})).finish();

const cases: [string, Uint8Array, string, number][] = [
  ['OTLP JSON', bytes(JSON.stringify(otlpRequest('a000000000000001'))), 'otlp-json', 1],
  ['OTLP JSON lines', bytes(`${JSON.stringify(otlpRequest('a000000000000001'))}\n${JSON.stringify(otlpRequest('b000000000000002'))}\n`), 'otlp-json-lines', 2],
  ['Jaeger api/v3', bytes(JSON.stringify({ result: otlpRequest('a000000000000001') })), 'jaeger-v3-json', 1],
  ['Tempo v1 batches', bytes(JSON.stringify({ batches: otlpRequest('a000000000000001').resourceSpans })), 'tempo-json', 1],
  ['Tempo v2 trace', bytes(JSON.stringify({ trace: otlpRequest('a000000000000001') })), 'tempo-json', 1],
  ['Jaeger JSON', bytes(JSON.stringify({ data: [{ traceID: T, spans: [{ traceID: T, spanID: 'a000000000000001', startTime: 1, process: { serviceName: 's' } }], processes: {} }] })), 'jaeger-json', 1],
  ['Zipkin v2', bytes(JSON.stringify([{ traceId: T, id: 'a000000000000001', name: 'x', timestamp: 1 }])), 'zipkin-json', 1],
  ['OTLP protobuf', protobuf('a000000000000001'), 'otlp-protobuf', 1],
  ['length-prefixed OTLP protobuf', Buffer.concat([prefixed(protobuf('a000000000000001')), prefixed(protobuf('b000000000000002'))]), 'otlp-protobuf', 2],
  ['JSON with a byte-order mark and blank lines', bytes(`\uFEFF\n\n${JSON.stringify(otlpRequest('a000000000000001'))}\n`), 'otlp-json', 1],
];

function prefixed(message: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  return Buffer.concat([length, message]);
}

for (const [what, content, format, spanCount] of cases) {
  test(`detects ${what}`, () => {
    const decoded = decodeTraceFile(content, 'trace.dat');
    assert.equal(decoded.format, format);
    assert.equal(decoded.traces.flatMap((t) => t.spans).length, spanCount);
    assert.equal(decoded.traces[0]?.traceId, T);
  });
}

const isInput = (file: string) => (error: unknown): boolean =>
  error instanceof TbtError && error.kind === 'input' && error.location?.file === file;

test('an unknown format names every format tried, with the file as location', () => {
  assert.throws(() => decodeTraceFile(bytes('{"hello": "world"}'), 'odd.json'), (error: unknown) => {
    assert.ok(isInput('odd.json')(error));
    for (const name of ['OTLP JSON', 'OTLP JSON lines', 'Jaeger api/v3 JSON', 'Tempo JSON', 'Jaeger JSON', 'Zipkin v2 JSON', 'OTLP protobuf']) {
      assert.ok((error as TbtError).message.includes(name), name);
    }
    return true;
  });
  assert.throws(() => decodeTraceFile(bytes('hello, world'), 'notes.txt'), isInput('notes.txt'));
  assert.throws(() => decodeTraceFile(new Uint8Array(), 'empty.json'), isInput('empty.json'));
  assert.throws(() => decodeTraceFile(bytes('{"resourceSpans": ['), 'cut.json'), isInput('cut.json'));
});

test('JSON lines that break are placed at the line: one that is not JSON, one that is JSON but no OTLP request', () => {
  const good = JSON.stringify(otlpRequest('a000000000000001'));
  const placed = (text: string): { message: string; line?: number; column?: number } => {
    try {
      decodeTraceFile(bytes(text), 'lines.json');
    } catch (error) {
      assert.ok(isInput('lines.json')(error));
      const { message, location } = error as TbtError;
      return { message, ...(location?.line !== undefined ? { line: location.line } : {}), ...(location?.column !== undefined ? { column: location.column } : {}) };
    }
    throw new Error('decoded');
  };
  assert.deepEqual(placed(`${good}\n{"foo": 1}\n`), {
    message: "line 2 is JSON but not an OTLP request: in JSON lines, each line is one (as the Collector's file exporter writes them)",
    line: 2,
    column: 1,
  });
  const broken = placed(`${good}\n${good}\n{"resourceSpans": [,]}\n`);
  assert.equal(broken.line, 3);
  assert.match(broken.message, /^invalid JSON: Unexpected token/);
  // One document with something after it: placed where the extra text starts, named without V8's "after JSON at position".
  assert.deepEqual(placed('{"resourceSpans": []} x\n'), { message: 'invalid JSON: Unexpected non-whitespace character', line: 1, column: 23 });
});

test('a recognised format with a bad span reports that problem, not "unknown format"', () => {
  const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ ...otlpSpan('a000000000000001'), traceId: 'nope' }] }] }] };
  assert.throws(() => decodeTraceFile(bytes(JSON.stringify(bad)), 'bad.json'), (error: unknown) =>
    isInput('bad.json')(error) && /traceId/.test((error as TbtError).message) && !/tried/.test((error as TbtError).message));
});

test('an empty OTLP request or Zipkin array holds no traces', () => {
  assert.deepEqual(decodeTraceFile(bytes('{}')).traces, []);
  assert.deepEqual(decodeTraceFile(bytes('[]')), { format: 'zipkin-json', traces: [] });
});

test('a JSON text past the longest string V8 makes is an input error naming the file, not a RangeError', () => {
  // A real one is 512 MiB; the length is what the check reads (the first byte says JSON).
  const big = bytes('{"resourceSpans": []}');
  Object.defineProperty(big, 'length', { value: 2 ** 29 });
  assert.throws(() => decodeTraceFile(big, 'big.json'), (error: unknown) => {
    assert.ok(error instanceof TbtError && error.kind === 'input', String(error));
    assert.match(error.message, /too big to read as JSON text \(512 MiB/);
    assert.equal(error.location?.file, 'big.json');
    return true;
  });
});

test('a wrong shape is placed by its path in the request, once, without the file named again in the message', () => {
  const cases: [string, RegExp][] = [
    ['{"resourceSpans": [5]}', /^resourceSpans\[0\]: expected an object, found a number$/],
    ['{"resourceSpans": [{"scopeSpans": [7]}]}', /^resourceSpans\[0\]\.scopeSpans\[0\]: expected an object, found a number$/],
    [JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...otlpSpan('a000000000000001'), startTimeUnixNano: 'abc' }] }] }] }),
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: startTimeUnixNano: "abc" is not a time in Unix nanoseconds$/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => decodeTraceFile(bytes(text), 'bad.json'), (error: unknown) => {
      assert.ok(error instanceof TbtError && error.kind === 'input', String(error));
      assert.match(error.message, message);
      assert.equal(error.location?.file, 'bad.json');
      return true;
    }, text);
  }
});

test('blanks only, or a JSON scalar, is named as such rather than by a protobuf reason', () => {
  const messageOf = (text: string): string => {
    try {
      decodeTraceFile(bytes(text), 'x.json');
    } catch (error) {
      assert.ok(error instanceof TbtError && error.kind === 'input', String(error));
      return `${error.message} | ${error.hint ?? ''}`;
    }
    throw new Error(`${text} decoded`);
  };
  assert.match(messageOf('  \n\t '), /^the file holds only blanks/);
  assert.match(messageOf('42'), /it is JSON, but a number rather than an object or an array/);
  assert.match(messageOf('"str"'), /it is JSON, but a string rather than/);
  assert.match(messageOf('null'), /it is JSON, but null rather than/);
  assert.match(messageOf('true'), /\| it is JSON, but true rather than an object or an array$/);
});
