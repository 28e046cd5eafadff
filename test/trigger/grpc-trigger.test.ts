// fireGrpcTrigger against a real grpc-js server on a free port, with a .proto written to a temp dir.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { TbtError, type GrpcTrigger } from '../../src/model/index.ts';
import { fireGrpcTrigger } from '../../src/trigger/grpc-trigger.ts';
import { fireTrigger, newSpanId, newTraceId } from '../../src/trigger/index.ts';

const PROTO = `syntax = "proto3";
package shop.v1;
service Checkout {
  rpc Place (PlaceRequest) returns (PlaceReply);
  rpc Watch (PlaceRequest) returns (stream PlaceReply);
}
message Item { string sku = 1; int32 qty = 2; }
message PlaceRequest { string cart_id = 1; repeated Item items = 2; }
message PlaceReply { string order_id = 1; int32 total = 2; repeated string notes = 3; int64 big = 4; }
`;

let dir: string;
let server: grpc.Server;
let address: string;
/** What the server saw on its last call. */
let seen: { metadata: Record<string, string>; request: Record<string, unknown> } | undefined;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tbt-grpc-'));
  await writeFile(path.join(dir, 'shop.proto'), PROTO);
  const root = protobuf.parse(PROTO).root;
  const requestType = root.lookupType('shop.v1.PlaceRequest');
  const replyType = root.lookupType('shop.v1.PlaceReply');
  server = new grpc.Server();
  server.addService(
    {
      Place: {
        path: '/shop.v1.Checkout/Place',
        requestStream: false,
        responseStream: false,
        requestSerialize: (value: Buffer) => value,
        requestDeserialize: (bytes: Buffer) => bytes,
        responseSerialize: (value: Buffer) => value,
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    {
      Place: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const metadata: Record<string, string> = {};
        for (const [key, value] of Object.entries(call.metadata.getMap())) metadata[key] = String(value);
        const request = requestType.toObject(requestType.decode(call.request)) as Record<string, unknown>;
        seen = { metadata, request };
        if (request['cartId'] === 'hang') return; // never answers: the caller's deadline must end it
        if (request['cartId'] === 'missing') {
          callback({ code: grpc.status.NOT_FOUND, details: 'no such cart' });
          return;
        }
        const items = (request['items'] ?? []) as { qty?: number }[];
        const total = items.reduce((sum, item) => sum + (item.qty ?? 0), 0);
        const reply = replyType.fromObject({ orderId: `order-${String(request['cartId'])}`, total });
        call.sendMetadata(new grpc.Metadata());
        callback(null, Buffer.from(replyType.encode(reply).finish()));
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  address = `127.0.0.1:${port}`;
});

after(async () => {
  server.forceShutdown();
  await rm(dir, { recursive: true, force: true });
});

function trigger(overrides: Partial<GrpcTrigger> = {}): GrpcTrigger {
  return {
    kind: 'grpc',
    protoFile: 'shop.proto',
    address,
    method: 'shop.v1.Checkout/Place',
    request: { cart_id: 'c-1', items: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }] },
    metadata: { 'x-tenant': 'acme' },
    ...overrides,
  };
}

const context = (): { traceId: string; rootSpanId: string } => ({ traceId: newTraceId(), rootSpanId: newSpanId() });

test('a unary call carries traceparent and metadata, and the root span records the reply', async () => {
  const ctx = context();
  const result = await fireGrpcTrigger(trigger(), ctx, { timeoutMs: 5000, cwd: dir });

  assert.ok(seen);
  assert.equal(seen.metadata['traceparent'], `00-${ctx.traceId}-${ctx.rootSpanId}-01`);
  assert.equal(seen.metadata['x-tenant'], 'acme');
  // cart_id (the proto name) reached the server as the field, not dropped.
  assert.equal(seen.request['cartId'], 'c-1');

  const span = result.rootSpan;
  assert.equal(span.traceId, ctx.traceId);
  assert.equal(span.spanId, ctx.rootSpanId);
  assert.equal(span.name, 'trigger grpc shop.v1.Checkout/Place');
  assert.equal(span.kind, 'client');
  assert.equal(span.service, 'tbt');
  assert.equal(span.attributes['rpc.system'], 'grpc');
  assert.equal(span.attributes['rpc.service'], 'shop.v1.Checkout');
  assert.equal(span.attributes['rpc.method'], 'Place');
  assert.equal(span.attributes['rpc.grpc.status_code'], 0);
  assert.deepEqual(JSON.parse(String(span.attributes['tbt.response.body'])), {
    orderId: 'order-c-1',
    total: 3,
    notes: [],
    big: '0',
  });
  assert.deepEqual(span.status, { code: 'unset' });
  assert.ok(span.endTimeUnixNano >= span.startTimeUnixNano);
  assert.equal(result.summary, 'shop.v1.Checkout/Place → OK');
});

test('a non-OK status is recorded as an error on the root span, not thrown', async () => {
  const result = await fireGrpcTrigger(trigger({ request: { cartId: 'missing' } }), context(), { timeoutMs: 5000, cwd: dir });
  assert.equal(result.rootSpan.attributes['rpc.grpc.status_code'], grpc.status.NOT_FOUND);
  assert.equal(result.rootSpan.attributes['tbt.response.body'], '');
  assert.deepEqual(result.rootSpan.status, { code: 'error', message: 'NOT_FOUND: no such cart' });
  assert.equal(result.summary, 'shop.v1.Checkout/Place → NOT_FOUND');
});

test('fireTrigger dispatches grpc triggers', async () => {
  const ctx = context();
  const result = await fireTrigger(trigger(), ctx, { timeoutMs: 5000, cwd: dir, env: {}, otelEnv: {} });
  assert.equal(result?.rootSpan.attributes['rpc.grpc.status_code'], 0);
  assert.equal(seen?.metadata['traceparent'], `00-${ctx.traceId}-${ctx.rootSpanId}-01`);
});

async function rejection(promise: Promise<unknown>): Promise<TbtError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TbtError, `expected a TbtError, got ${String(error)}`);
  return error;
}

test('a missing proto file is an input error naming the file', async () => {
  const error = await rejection(fireGrpcTrigger(trigger({ protoFile: 'nope.proto' }), context(), { timeoutMs: 5000, cwd: dir }));
  assert.equal(error.kind, 'input');
  assert.equal(error.location?.file, path.join(dir, 'nope.proto'));
});

test('a proto syntax error is an input error with its line', async () => {
  await writeFile(path.join(dir, 'bad.proto'), 'syntax = "proto3";\nmessage X { strin g a = 1; }\n');
  const error = await rejection(fireGrpcTrigger(trigger({ protoFile: 'bad.proto' }), context(), { timeoutMs: 5000, cwd: dir }));
  assert.equal(error.kind, 'input');
  assert.deepEqual(error.location, { file: path.join(dir, 'bad.proto'), line: 2 });
});

test('an unknown service or method, or a streaming one, is an input error', async () => {
  for (const method of ['shop.v1.Nope/Place', 'shop.v1.Checkout/Cancel', 'shop.v1.Checkout/Watch', 'Place']) {
    const error = await rejection(fireGrpcTrigger(trigger({ method }), context(), { timeoutMs: 5000, cwd: dir }));
    assert.equal(error.kind, 'input', method);
    assert.equal(error.location?.file, path.join(dir, 'shop.proto'), method);
  }
});

test('an unknown request field is an input error instead of being dropped', async () => {
  const error = await rejection(
    fireGrpcTrigger(trigger({ request: { cartId: 'c', items: [{ sku: 'a', qtty: 1 }] } }), context(), { timeoutMs: 5000, cwd: dir }),
  );
  assert.equal(error.kind, 'input');
  assert.match(error.message, /request\.items\[0\]/);
  assert.match(error.message, /qtty/);
});

test('nothing listening is an unavailable error', async () => {
  const idle = new grpc.Server();
  const port = await new Promise<number>((resolve, reject) =>
    idle.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  await new Promise<void>((resolve) => idle.tryShutdown(() => resolve()));
  const error = await rejection(fireGrpcTrigger(trigger({ address: `127.0.0.1:${port}` }), context(), { timeoutMs: 5000, cwd: dir }));
  assert.equal(error.kind, 'unavailable');
});

test('no answer within the timeout is an unavailable error', async () => {
  const error = await rejection(fireGrpcTrigger(trigger({ request: { cartId: 'hang' } }), context(), { timeoutMs: 150, cwd: dir }));
  assert.equal(error.kind, 'unavailable');
  assert.match(error.message, /DEADLINE_EXCEEDED/);
});

test('a request written as JSON text (Tracetest style) is sent, and tbt’s traceparent wins over one in metadata', async () => {
  const ctx = context();
  const result = await fireGrpcTrigger(
    trigger({ request: '{"cartId": "c-9", "items": [{"sku": "A", "qty": 4}]}', metadata: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } }),
    ctx,
    { timeoutMs: 5000, cwd: dir },
  );
  assert.equal(seen?.metadata['traceparent'], `00-${ctx.traceId}-${ctx.rootSpanId}-01`);
  assert.equal(JSON.parse(String(result.rootSpan.attributes['tbt.response.body'])).total, 4);
});

test('bad JSON text or an unsendable metadata key is an input error', async () => {
  for (const overrides of [{ request: '{"cartId": ' }, { metadata: { 'bad key!': 'x' } }] satisfies Partial<GrpcTrigger>[]) {
    const error = await rejection(fireGrpcTrigger(trigger(overrides), context(), { timeoutMs: 5000, cwd: dir }));
    assert.equal(error.kind, 'input', JSON.stringify(overrides));
  }
});
