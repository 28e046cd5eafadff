// OTLP/protobuf decoding: a request built with protobufjs, the SDK's own bytes, malformed and
// random input, and the export response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeOtlpJson, decodeOtlpProtobuf, encodeExportTraceServiceResponse } from '../../src/ingest/index.ts';
import { exportTraceServiceRequestType, exportTraceServiceResponseType } from '../../src/ingest/otlp-schema.ts';
import { TbtError } from '../../src/model/index.ts';
import { sdkSpans } from './sdk-spans.ts';

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

function encode(request: Record<string, unknown>): Uint8Array {
  return exportTraceServiceRequestType().encode(exportTraceServiceRequestType().fromObject(request)).finish();
}

const fullRequest = {
  resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
    scopeSpans: [{
      scope: { name: 'lib', version: '2.0', attributes: [{ key: 'scope.k', value: { boolValue: true } }] },
      spans: [{
        traceId: hex('0102030405060708090a0b0c0d0e0f10'),
        spanId: hex('1112131415161718'),
        parentSpanId: hex('2122232425262728'),
        name: 'charge',
        kind: 3,
        startTimeUnixNano: '1782036644636668325',
        endTimeUnixNano: '1782036644636668999',
        attributes: [
          { key: 'int', value: { intValue: 42 } },
          { key: 'negative', value: { intValue: -3 } },
          { key: 'huge', value: { intValue: '9007199254740993' } },
          { key: 'double', value: { doubleValue: 2.25 } },
          { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]) } },
          { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } } },
          { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { stringValue: 'v' } }] } } },
          { key: 'empty', value: {} },
        ],
        events: [{ timeUnixNano: '1782036644636668500', name: 'retry', attributes: [{ key: 'n', value: { intValue: 2 } }] }],
        links: [{ traceId: hex('ffffffffffffffffffffffffffffffff'), spanId: hex('0000000000000001'), attributes: [] }],
        status: { code: 2, message: 'declined' },
      }, {
        traceId: hex('0102030405060708090a0b0c0d0e0f10'),
        spanId: hex('2122232425262728'),
        name: 'root',
        kind: 2,
        startTimeUnixNano: '1782036644636000000',
        endTimeUnixNano: '1782036644637000000',
      }],
    }],
  }],
};

test('a request built with protobufjs decodes with exact times and typed values', () => {
  const [charge, root, ...rest] = decodeOtlpProtobuf(encode(fullRequest));
  assert.equal(rest.length, 0);
  assert.deepEqual(charge, {
    traceId: '0102030405060708090a0b0c0d0e0f10',
    spanId: '1112131415161718',
    parentSpanId: '2122232425262728',
    name: 'charge',
    kind: 'client',
    service: 'payments',
    startTimeUnixNano: 1782036644636668325n,
    endTimeUnixNano: 1782036644636668999n,
    attributes: { int: 42, negative: -3, huge: '9007199254740993', double: 2.25, bytes: 'AQID', list: ['a', 1], map: { inner: 'v' } },
    resource: { 'service.name': 'payments' },
    scope: { name: 'lib', version: '2.0', attributes: { 'scope.k': true } },
    status: { code: 'error', message: 'declined' },
    events: [{ name: 'retry', timeUnixNano: 1782036644636668500n, attributes: { n: 2 } }],
    links: [{ traceId: 'ffffffffffffffffffffffffffffffff', spanId: '0000000000000001', attributes: {} }],
  });
  assert.equal(root?.parentSpanId, undefined);
  assert.equal('parentSpanId' in (root ?? {}), false, 'an empty parent id is absent');
  assert.equal(root?.kind, 'server');
  assert.deepEqual(root?.status, { code: 'unset' });
});

test('spans sent with the pre-1.0 instrumentation_library_spans field (1000) still decode', () => {
  const old = { resourceSpans: [{ instrumentationLibrarySpans: fullRequest.resourceSpans[0]?.scopeSpans }] };
  assert.equal(decodeOtlpProtobuf(encode(old)).length, 2);
});

test("the SDK's protobuf and JSON encodings of the same spans decode to equal spans", async () => {
  const recorded = await sdkSpans();
  const fromProtobuf = decodeOtlpProtobuf(ProtobufTraceSerializer.serializeRequest(recorded) ?? new Uint8Array());
  const fromJson = decodeOtlpJson(JsonTraceSerializer.serializeRequest(recorded));
  assert.equal(fromProtobuf.length, 3);
  assert.deepEqual(fromProtobuf, fromJson);
});

const isInputError = (error: unknown): boolean => error instanceof TbtError && error.kind === 'input';

test('truncated protobuf is a TbtError("input") at every cut point', () => {
  const bytes = encode(fullRequest);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.throws(() => decodeOtlpProtobuf(bytes.subarray(0, cut)), isInputError, `cut at ${cut}`);
  }
});

test('ids of the wrong length or missing are input errors', () => {
  const span = (fields: Record<string, unknown>) => encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: hex('0102030405060708090a0b0c0d0e0f10'), spanId: hex('1112131415161718'), ...fields }] }] }] });
  assert.throws(() => decodeOtlpProtobuf(span({ traceId: hex('0102') })), isInputError);
  assert.throws(() => decodeOtlpProtobuf(span({ spanId: Buffer.alloc(0) })), isInputError);
  assert.throws(() => decodeOtlpProtobuf(span({ traceId: Buffer.alloc(16) })), isInputError);
});

test('JSON sent as protobuf, and arbitrary bytes, never throw anything but an input error', () => {
  assert.throws(() => decodeOtlpProtobuf(new TextEncoder().encode('{"resourceSpans":[]}')), isInputError);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    try {
      decodeOtlpProtobuf(bytes);
    } catch (error) {
      if (!isInputError(error)) throw error;
    }
  }), { numRuns: 500 });
});

test('the export response encodes full and partial success in both encodings', () => {
  assert.equal(encodeExportTraceServiceResponse('protobuf').length, 0);
  assert.equal(new TextDecoder().decode(encodeExportTraceServiceResponse('json')), '{}');
  const partial = { rejectedSpans: 3, errorMessage: 'spans without ids' };
  const decoded = exportTraceServiceResponseType().toObject(
    exportTraceServiceResponseType().decode(encodeExportTraceServiceResponse('protobuf', partial)), { longs: Number },
  );
  assert.deepEqual(decoded, { partialSuccess: partial });
  assert.deepEqual(JSON.parse(new TextDecoder().decode(encodeExportTraceServiceResponse('json', partial))), {
    partialSuccess: { rejectedSpans: '3', errorMessage: 'spans without ids' },
  });
});

test('spans in a row take their own trace ids, whether the previous span had the same bytes or not', () => {
  const ids = ['0102030405060708090a0b0c0d0e0f10', '0102030405060708090a0b0c0d0e0f10', '0102030405060708090a0b0c0d0e0f11', 'f102030405060708090a0b0c0d0e0f10', '0102030405060708090a0b0c0d0e0f10'];
  const spans = (traceIds: readonly string[]): Uint8Array => encode({
    resourceSpans: [{ scopeSpans: [{ spans: traceIds.map((traceId, i) => ({ traceId: hex(traceId), spanId: hex(`11121314151617${(i + 16).toString(16)}`), name: 'op' })) }] }],
  });
  assert.deepEqual(decodeOtlpProtobuf(spans(ids)).map((span) => span.traceId), ids);
  // Invalid ids after a valid one are still refused: too short, all zeros.
  assert.throws(() => decodeOtlpProtobuf(spans([ids[0] as string, '0102030405060708090a0b0c0d0e0f'])), TbtError);
  assert.throws(() => decodeOtlpProtobuf(spans([ids[0] as string, '00000000000000000000000000000000'])), TbtError);
});
