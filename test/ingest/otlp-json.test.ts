// OTLP/JSON decoding: the spec example, the SDK's own JSON, producer quirks, and malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeOtlpJson } from '../../src/ingest/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { hrNanos, sdkSpans } from './sdk-spans.ts';

function request(span: Record<string, unknown>, resource: unknown[] = [{ key: 'service.name', value: { stringValue: 'svc' } }]): unknown {
  return { resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'lib' }, spans: [span] }] }] };
}

const baseSpan = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  name: 'op',
  kind: 1,
  startTimeUnixNano: '1544712660000000000',
  endTimeUnixNano: '1544712661000000000',
};

test('the spec example trace.json decodes to one server span with typed fields', { skip: skipWithoutSharedTraces }, () => {
  const [span, ...rest] = decodeOtlpJson(readFileSync(sharedTrace('otel-proto/trace.json')));
  assert.equal(rest.length, 0);
  assert.deepEqual(span, {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: 'eee19b7ec3c1b173',
    name: "I'm a server span",
    kind: 'server',
    service: 'my.service',
    startTimeUnixNano: 1544712660000000000n,
    endTimeUnixNano: 1544712661000000000n,
    attributes: { 'my.span.attr': 'some value' },
    resource: { 'service.name': 'my.service' },
    scope: { name: 'my.library', version: '1.0.0', attributes: { 'my.scope.attribute': 'some scope attribute' } },
    status: { code: 'unset' },
    events: [],
    links: [],
  });
});

test('JSON written by the OpenTelemetry JS SDK decodes to what the SDK recorded', async () => {
  const recorded = await sdkSpans();
  const spans = decodeOtlpJson(JsonTraceSerializer.serializeRequest(recorded));
  assert.equal(spans.length, recorded.length);
  for (const sdk of recorded) {
    const span = spans.find((s) => s.spanId === sdk.spanContext().spanId);
    assert.ok(span, `span ${sdk.name} decoded`);
    assert.equal(span.traceId, sdk.spanContext().traceId);
    assert.equal(span.parentSpanId, sdk.parentSpanContext?.spanId);
    assert.equal(span.name, sdk.name);
    assert.equal(span.startTimeUnixNano, hrNanos(sdk.startTime));
    assert.equal(span.endTimeUnixNano, hrNanos(sdk.endTime));
    assert.equal(span.service, 'checkout');
  }
  const root = spans.find((s) => s.name === 'POST /checkout');
  assert.deepEqual(root?.attributes, { 'http.request.method': 'POST', 'http.response.status_code': 200, ratio: 0.5, ok: true, tags: ['a', 'b'] });
  const child = spans.find((s) => s.name === 'GET /stock');
  assert.deepEqual(child?.status, { code: 'error', message: 'boom' });
  assert.equal(child?.kind, 'client');
  assert.deepEqual(child?.events.map((e) => [e.name, e.attributes]), [['exception', { 'exception.message': 'boom' }]]);
  const linked = spans.find((s) => s.name === 'settle');
  assert.deepEqual(linked?.links, [{ traceId: child?.traceId, spanId: child?.spanId, attributes: { 'link.reason': 'retry' } }]);
});

test('producer quirks are tolerated: base64 ids, numeric times, enum names, snake_case, Tempo batches', () => {
  const traceB64 = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex').toString('base64');
  const spanB64 = Buffer.from('eee19b7ec3c1b174', 'hex').toString('base64');
  const quirky = {
    batches: [{
      resource: { attributes: [] },
      instrumentation_library_spans: [{
        instrumentation_library: { name: 'old-lib', version: '0.9' },
        spans: [{
          trace_id: traceB64, span_id: spanB64, parent_span_id: '', name: 'q', kind: 'SPAN_KIND_CONSUMER',
          start_time_unix_nano: 1000, end_time_unix_nano: 2000, status: { code: 'STATUS_CODE_ERROR' },
        }],
      }],
    }],
  };
  const [span] = decodeOtlpJson(JSON.stringify(quirky));
  assert.equal(span?.traceId, '5b8efff798038103d269b633813fc60c');
  assert.equal(span?.spanId, 'eee19b7ec3c1b174');
  assert.equal('parentSpanId' in (span ?? {}), false, 'an empty parent id is absent, not empty');
  assert.equal(span?.kind, 'consumer');
  assert.equal(span?.startTimeUnixNano, 1000n);
  assert.equal(span?.service, 'unknown_service');
  assert.deepEqual(span?.scope, { name: 'old-lib', version: '0.9', attributes: {} });
  assert.deepEqual(span?.status, { code: 'error' });
});

test('attribute values keep their OTLP types', () => {
  const attributes = [
    { key: 'small', value: { intValue: '42' } },
    { key: 'negative', value: { intValue: -7 } },
    { key: 'huge', value: { intValue: '9007199254740993' } },
    { key: 'nan', value: { doubleValue: 'NaN' } },
    { key: 'bytes', value: { bytesValue: 'AQID' } },
    { key: 'list', value: { arrayValue: { values: [{ stringValue: 'x' }, { boolValue: false }, {}] } } },
    { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { doubleValue: 1.5 } }] } } },
    { key: 'empty', value: {} },
    { key: '__proto__', value: { stringValue: 'stays data' } },
  ];
  const [span] = decodeOtlpJson(request({ ...baseSpan, parentSpanId: '0000000000000000', attributes }));
  const a = span?.attributes ?? {};
  assert.equal(a['small'], 42);
  assert.equal(a['negative'], -7);
  assert.equal(a['huge'], '9007199254740993');
  assert.ok(Number.isNaN(a['nan']));
  assert.equal(a['bytes'], 'AQID');
  assert.deepEqual(a['list'], ['x', false]);
  assert.deepEqual(a['map'], { inner: 1.5 });
  assert.equal('empty' in a, false);
  assert.equal(Object.getPrototypeOf(a), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(a, '__proto__')?.value, 'stays data');
  assert.equal(span?.parentSpanId, undefined, 'an all-zero parent id means no parent');
});

test('an empty request has no spans', () => {
  assert.deepEqual(decodeOtlpJson('{}'), []);
  assert.deepEqual(decodeOtlpJson({ resourceSpans: [] }), []);
});

const malformed: [string, unknown][] = [
  ['bytes that are not JSON', new TextEncoder().encode('{"resourceSpans": [')],
  ['a JSON array', '[]'],
  ['an object without resourceSpans', { data: [] }],
  ['resourceSpans that is not an array', { resourceSpans: { spans: [] } }],
  ['a span that is a string', { resourceSpans: [{ scopeSpans: [{ spans: ['span'] }] }] }],
  ['a null span', { resourceSpans: [{ scopeSpans: [{ spans: [null] }] }] }],
  ['a missing trace id', request({ ...baseSpan, traceId: undefined })],
  ['an all-zero trace id', request({ ...baseSpan, traceId: '00000000000000000000000000000000' })],
  ['a trace id that is neither hex nor base64', request({ ...baseSpan, traceId: 'not an id!' })],
  ['a numeric span id', request({ ...baseSpan, spanId: 12345 })],
  ['a start time that is not a number', request({ ...baseSpan, startTimeUnixNano: 'yesterday' })],
  ['an unknown kind name', request({ ...baseSpan, kind: 'SPAN_KIND_SIDEWAYS' })],
  ['a fractional intValue', request({ ...baseSpan, attributes: [{ key: 'k', value: { intValue: '1.5' } }] })],
  ['a name that is an object', request({ ...baseSpan, name: { text: 'x' } })],
  ['attributes that are an object', request({ ...baseSpan, attributes: { k: 'v' } })],
  ['kvlists nested 100 deep', request({ ...baseSpan, attributes: [{ key: 'deep', value: nested(100) }] })],
];

function nested(depth: number): unknown {
  let value: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < depth; i++) value = { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
}

for (const [what, input] of malformed) {
  test(`malformed input is a TbtError('input'): ${what}`, () => {
    assert.throws(() => decodeOtlpJson(input), (error: unknown) => error instanceof TbtError && error.kind === 'input');
  });
}

test('an error names where in the request the bad span is', () => {
  const body = { resourceSpans: [{ scopeSpans: [{ spans: [baseSpan, { ...baseSpan, spanId: 'xyz' }] }] }] };
  assert.throws(() => decodeOtlpJson(body), (error: unknown) =>
    error instanceof TbtError && error.message.includes('resourceSpans[0].scopeSpans[0].spans[1]'));
});

test('64-bit fields are range-checked: int64 intValue, uint64 times, extremes kept exactly', () => {
  const attribute = (intValue: unknown) => request({ ...baseSpan, attributes: [{ key: 'n', value: { intValue } }] });
  assert.equal(decodeOtlpJson(attribute('9223372036854775807'))[0]?.attributes['n'], '9223372036854775807');
  assert.equal(decodeOtlpJson(attribute('-9223372036854775808'))[0]?.attributes['n'], '-9223372036854775808');
  assert.equal(decodeOtlpJson(attribute(-42))[0]?.attributes['n'], -42);
  const max = decodeOtlpJson(request({ ...baseSpan, startTimeUnixNano: '18446744073709551615', endTimeUnixNano: '18446744073709551615' }))[0];
  assert.equal(max?.startTimeUnixNano, 18446744073709551615n);
  const refusals: [unknown, RegExp][] = [
    // An attribute's value is named by its key and type, never quoted: it may be a secret.
    [attribute('9223372036854775808'), /attribute "\w+": intValue: an integer of 19 digits is outside the int64 range -9223372036854775808\.\.9223372036854775807/],
    [attribute('-9223372036854775809'), /outside the int64 range/],
    [attribute(2 ** 63), /intValue: a whole number is outside the int64 range/],
    [attribute('1'.repeat(1000)), /intValue: an integer of 1000 digits is outside the int64 range/],
    [attribute(Number.POSITIVE_INFINITY), /a number literal too large for any integer type/],
    [request({ ...baseSpan, startTimeUnixNano: '9'.repeat(30) }), /startTimeUnixNano: 9{30} is outside the uint64 range 0\.\.18446744073709551615/],
    [request({ ...baseSpan, endTimeUnixNano: 1e30 }), /endTimeUnixNano: 1e\+30 is outside the uint64 range/],
    [request({ ...baseSpan, startTimeUnixNano: -1 }), /startTimeUnixNano: -1 is outside the uint64 range/],
    [request({ ...baseSpan, events: [{ name: 'e', timeUnixNano: '18446744073709551616' }] }), /events\[\]\.timeUnixNano: .*outside the uint64 range/],
  ];
  for (const [input, pattern] of refusals) {
    assert.throws(() => decodeOtlpJson(input), (error: unknown) => error instanceof TbtError && error.kind === 'input' && pattern.test(error.message), String(pattern));
  }
});

test('a digit string of millions of characters is refused by its length, before any bigint is built', () => {
  // BigInt() of 8 million digits takes seconds; the refusal must not depend on building it.
  const digits = '8'.repeat(8_000_000);
  for (const input of [
    request({ ...baseSpan, attributes: [{ key: 'n', value: { intValue: digits } }] }),
    request({ ...baseSpan, startTimeUnixNano: digits }),
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${baseSpan.traceId}","spanId":"${baseSpan.spanId}","attributes":[{"key":"n","value":{"intValue":${digits}}}]}]}]}]}`,
  ]) {
    assert.throws(() => decodeOtlpJson(input), (error: unknown) =>
      error instanceof TbtError && /outside the u?int64 range/.test(error.message) && error.message.length < 300);
  }
});

test('spans in a row take their own trace ids, whether the previous span had the same text or not', () => {
  const upper = '5B8EFFF798038103D269B633813FC60C';
  const other = '0af7651916cd43dd8448eb211c80319c';
  const base64 = Buffer.from(other, 'hex').toString('base64');
  const texts = [upper, upper, other, upper, base64, base64, upper.toLowerCase()];
  const spans = decodeOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: texts.map((traceId) => ({ ...baseSpan, traceId })) }] }] });
  const lower = upper.toLowerCase();
  assert.deepEqual(spans.map((span) => span.traceId), [lower, lower, other, lower, other, other, lower]);
  // An invalid text after a valid one is still refused, also when it repeats.
  for (const texts of [[upper, ''], [upper, 'not hex', 'not hex'], ['', '']]) {
    assert.throws(() => decodeOtlpJson({ resourceSpans: [{ scopeSpans: [{ spans: texts.map((traceId) => ({ ...baseSpan, traceId })) }] }] }), TbtError);
  }
});

test('an invalid attribute value is named by its key and type, never quoted: it may be a secret no rule knows', () => {
  const secret = 'hunter2-is-my-password';
  const cases: [unknown, RegExp][] = [
    [{ key: 'db.password', value: { intValue: secret } }, /attribute "db\.password": intValue: a string of 22 characters is not an integer/],
    [{ key: 'pin', value: { intValue: `9${'0'.repeat(20)}` } }, /attribute "pin": intValue: an integer of 21 digits is outside the int64 range/],
    [{ key: 'k', value: { doubleValue: secret } }, /attribute "k": doubleValue: a string of 22 characters is not a number/],
    [{ key: 'k', value: { boolValue: secret } }, /attribute "k": boolValue: a string of 22 characters is not a boolean/],
    [{ key: 'outer', value: { kvlistValue: { values: [{ key: 'inner', value: { intValue: secret } }] } } }, /attribute "outer": attribute "inner": intValue: a string/],
    [{ key: 'list', value: { arrayValue: { values: [{ intValue: 1.5 }] } } }, /attribute "list": intValue: a number with a fraction is not an integer/],
    [{ key: 'outer', value: { kvlistValue: { values: [9000000] } } }, /attribute "outer": kvlistValue\.values\[\]: expected an object, found a number/],
  ];
  for (const [attribute, pattern] of cases) {
    assert.throws(() => decodeOtlpJson(request({ ...baseSpan, attributes: [attribute] })), (error: unknown) => {
      assert.ok(error instanceof TbtError && error.kind === 'input');
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /hunter2|9000000/);
      return true;
    });
  }
});
