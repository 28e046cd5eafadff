// The OTLP/gRPC receiver, driven by the real OpenTelemetry SDK exporter and by a raw gRPC client
// sending garbage, oversize and gzip messages. Ports are always 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startOtlpGrpcReceiver } from '../../src/collect/grpc-receiver.ts';
import type { CollectDiagnostic } from '../../src/collect/diagnostic.ts';
import type { SpanSink } from '../../src/collect/span-sink.ts';
import { TbtError, type Span } from '../../src/model/index.ts';
import { sdkSpans } from '../ingest/sdk-spans.ts';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

class RecordingSink implements SpanSink {
  readonly spans: Span[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  accept(spans: readonly Span[]): void {
    this.spans.push(...spans);
    this.waiters = this.waiters.filter((w) => (this.spans.length >= w.count ? (w.resolve(), false) : true));
  }
  /** Resolves once `count` spans have arrived; rejects after a bound so a bug cannot hang the suite. */
  until(count: number, ms = 5000): Promise<void> {
    if (this.spans.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.spans.length} of ${count} spans arrived`)), ms);
      this.waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }
}

async function exportWithSdk(url: string, compression: CompressionAlgorithm): Promise<{ rootId: string; childId: string }> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'grpc-client' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url, compression }))],
  });
  const tracer = provider.getTracer('grpc-test');
  const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders' } });
  const child = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root));
  child.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return { rootId: root.spanContext().spanId, childId: child.spanContext().spanId };
}

/** One raw unary Export call; resolves with the status code (0 = OK). */
function rawExport(address: string, body: Uint8Array, options: grpc.ChannelOptions = {}): Promise<{ code: grpc.status; details: string }> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), options);
  return new Promise((resolve) => {
    client.makeUnaryRequest(EXPORT_PATH, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, (error) => {
      client.close();
      resolve(error ? { code: error.code, details: error.details } : { code: grpc.status.OK, details: '' });
    });
  });
}

test('the OpenTelemetry SDK exports to it, plain and gzip, and the spans reach the sink', async () => {
  const sink = new RecordingSink();
  const receiver = await startOtlpGrpcReceiver({ port: 0, sink });
  try {
    assert.ok(receiver.port > 0);
    for (const [round, compression] of [[1, CompressionAlgorithm.NONE], [2, CompressionAlgorithm.GZIP]] as const) {
      const { rootId, childId } = await exportWithSdk(receiver.url, compression);
      await sink.until(2 * round);
      const root = sink.spans.find((s) => s.spanId === rootId);
      const child = sink.spans.find((s) => s.spanId === childId);
      assert.equal(root?.name, 'GET /orders');
      assert.equal(root?.kind, 'server');
      assert.equal(root?.service, 'grpc-client');
      assert.deepEqual(root?.attributes, { 'http.route': '/orders' });
      assert.equal(child?.parentSpanId, rootId);
      assert.equal(child?.traceId, root?.traceId);
    }
  } finally {
    await receiver.close();
  }
});

test('garbage, oversize and gzip bombs are refused with the right status, and the receiver lives on', async () => {
  const sink = new RecordingSink();
  const diagnostics: CollectDiagnostic[] = [];
  const receiver = await startOtlpGrpcReceiver({ port: 0, sink, maxMessageBytes: 64 * 1024, onDiagnostic: (d) => diagnostics.push(d) });
  const address = `127.0.0.1:${receiver.port}`;
  try {
    const garbage = await rawExport(address, Buffer.from('this is not protobuf at all \u0000\u00ff'));
    assert.equal(garbage.code, grpc.status.INVALID_ARGUMENT);
    assert.match(garbage.details, /malformed OTLP export/);
    assert.equal(diagnostics[0]?.source, 'otlp-grpc');
    assert.match(diagnostics[0]?.message ?? '', /^INVALID_ARGUMENT/);

    const oversize = await rawExport(address, new Uint8Array(100 * 1024).fill(7));
    assert.equal(oversize.code, grpc.status.RESOURCE_EXHAUSTED);

    // 1 MiB of zeros gzips to about 1 KiB: under the cap on the wire, far over it inflated.
    const bomb = await rawExport(address, new Uint8Array(1024 * 1024), { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip });
    assert.equal(bomb.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.ok(gzipSync(new Uint8Array(1024 * 1024)).length < 64 * 1024);

    const valid = ProtobufTraceSerializer.serializeRequest(await sdkSpans()) ?? new Uint8Array();
    const ok = await rawExport(address, valid, { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip });
    assert.equal(ok.code, grpc.status.OK);
    await sink.until(3);
    assert.deepEqual(sink.spans.map((s) => s.name).sort(), ['GET /stock', 'POST /checkout', 'settle']);

    await exportWithSdk(receiver.url, CompressionAlgorithm.NONE);
    await sink.until(5);
  } finally {
    await receiver.close();
  }
  const afterClose = await rawExport(address, new Uint8Array(), { 'grpc.initial_reconnect_backoff_ms': 10 });
  assert.equal(afterClose.code, grpc.status.UNAVAILABLE);
});

test('a port already in use is a TbtError("io") with a hint', async () => {
  const first = await startOtlpGrpcReceiver({ port: 0, sink: new RecordingSink() });
  try {
    await assert.rejects(startOtlpGrpcReceiver({ port: first.port, sink: new RecordingSink() }), (error: unknown) =>
      error instanceof TbtError && error.kind === 'io' && typeof error.hint === 'string');
  } finally {
    await first.close();
  }
});
