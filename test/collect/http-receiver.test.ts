// The OTLP/HTTP receiver: real OpenTelemetry SDK exporters deliver to it, every kind of bad
// request gets its status code, and the receiver keeps accepting valid exports afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Span } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { TraceHub, startOtlpHttpReceiver, type CollectDiagnostic, type OtlpHttpReceiver, type SpanSink } from '../../src/collect/index.ts';

type Compression = NonNullable<ConstructorParameters<typeof ProtoExporter>[0]>['compression'];
const GZIP = 'gzip' as Compression;
const MAX = 64 * 1024;

/** Spans made by a real SDK tracer: a server span with one client child, and one other trace. */
async function sdkSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout-test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('tbt-test');
  const parent = tracer.startSpan('POST /checkout', { attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } });
  const child = tracer.startSpan('SELECT stock', { attributes: { 'db.system': 'sqlite' } }, trace.setSpan(context.active(), parent));
  child.end();
  parent.end();
  tracer.startSpan('background job').end();
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return [...spans];
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(spans, (result) => {
      if (result.code === 0) resolve();
      else reject(result.error ?? new Error(`export failed with code ${result.code}`));
    });
  });
}

/** The exact bytes a real exporter sends, caught by a throwaway server. */
async function captureBody(makeExporter: (url: string) => SpanExporter, spans: ReadableSpan[]): Promise<Buffer> {
  let body: Buffer | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const exporter = makeExporter(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`);
  try {
    await exportWith(exporter, spans);
  } finally {
    await exporter.shutdown();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  assert.ok(body !== undefined && body.length > 0);
  return body;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request; resolves on the full response (an EPIPE after an early 413 is expected). */
function post(url: string, body: Buffer | string, headers: Record<string, string>, options: { method?: string; path?: string; chunked?: boolean } = {}): Promise<Answer> {
  const target = new URL(options.path ?? '/v1/traces', url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(target, { method: options.method ?? 'POST', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.chunked === true) {
      const data = Buffer.from(body);
      for (let i = 0; i < data.length; i += 16 * 1024) req.write(data.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(body);
  });
}

const JSON_TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const jsonExport = JSON.stringify({
  resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
    scopeSpans: [{
      scope: { name: 'hand' },
      spans: [{ traceId: JSON_TRACE, spanId: 'bbbbbbbbbbbbbbbb', name: 'hand span', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2' }],
    }],
  }],
});

class RecordingSink implements SpanSink {
  readonly spans: Span[] = [];
  accept(spans: readonly Span[]): void {
    this.spans.push(...spans);
  }
}

describe('OTLP/HTTP receiver with real SDK exporters', () => {
  let receiver: OtlpHttpReceiver;
  let spans: ReadableSpan[];
  const sink = new RecordingSink();

  before(async () => {
    spans = await sdkSpans();
    receiver = await startOtlpHttpReceiver({ port: 0, sink });
  });
  after(() => receiver.close());

  const variants: Array<[string, (url: string) => SpanExporter]> = [
    ['protobuf', (url) => new ProtoExporter({ url })],
    ['protobuf + gzip', (url) => new ProtoExporter({ url, compression: GZIP })],
    ['json', (url) => new JsonExporter({ url })],
    ['json + gzip', (url) => new JsonExporter({ url, compression: GZIP })],
  ];
  for (const [name, make] of variants) {
    it(`receives a ${name} export`, async () => {
      sink.spans.length = 0;
      const exporter = make(receiver.tracesUrl);
      await exportWith(exporter, spans);
      await exporter.shutdown();
      const byName = new Map(sink.spans.map((s) => [s.name, s]));
      assert.deepEqual([...byName.keys()].sort(), ['POST /checkout', 'SELECT stock', 'background job']);
      const server = byName.get('POST /checkout');
      const child = byName.get('SELECT stock');
      assert.equal(server?.service, 'checkout-test');
      assert.equal(server?.kind, 'internal');
      assert.equal(server?.attributes['http.response.status_code'], 200);
      assert.equal(child?.parentSpanId, server?.spanId);
      assert.equal(child?.traceId, server?.traceId);
      assert.equal(server?.traceId, spans.find((s) => s.name === 'POST /checkout')?.spanContext().traceId);
    });
  }

  it('feeds a TraceHub that completes the exported trace', async () => {
    const hub = new TraceHub();
    const hubReceiver = await startOtlpHttpReceiver({ port: 0, sink: hub });
    try {
      const traceId = spans.find((s) => s.name === 'POST /checkout')?.spanContext().traceId ?? '';
      const pending = hub.collect(traceId, { triggerDone: Promise.resolve(), settleMs: 30, timeoutMs: 5000 });
      const exporter = new ProtoExporter({ url: hubReceiver.tracesUrl });
      await exportWith(exporter, spans);
      await exporter.shutdown();
      const result = await pending;
      assert.equal(result.complete, true);
      assert.deepEqual(result.spans.map((s) => s.name).sort(), ['POST /checkout', 'SELECT stock']);
    } finally {
      await hubReceiver.close();
    }
  });
});

describe('OTLP/HTTP receiver refusals', () => {
  let receiver: OtlpHttpReceiver;
  let proto: Buffer;
  const sink = new RecordingSink();
  const diagnostics: CollectDiagnostic[] = [];
  const PB = { 'content-type': 'application/x-protobuf' };
  const JS = { 'content-type': 'application/json' };

  before(async () => {
    proto = await captureBody((url) => new ProtoExporter({ url }), await sdkSpans());
    receiver = await startOtlpHttpReceiver({ port: 0, sink, maxBodyBytes: MAX, onDiagnostic: (d) => diagnostics.push(d) });
  });
  after(() => receiver.close());

  /** After each refusal the receiver must still take a valid export. */
  async function stillAccepts(): Promise<void> {
    const before = sink.spans.length;
    const answer = await post(receiver.url, proto, PB);
    assert.equal(answer.status, 200);
    assert.equal(sink.spans.length, before + 3);
  }

  it('binds loopback on the port it was given (0 → a free one)', () => {
    assert.ok(receiver.port > 0);
    assert.equal(receiver.url, `http://127.0.0.1:${receiver.port}`);
    assert.equal(receiver.tracesUrl, `${receiver.url}/v1/traces`);
  });

  it('answers 200 with a response in the request encoding', async () => {
    const pb = await post(receiver.url, proto, PB);
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['content-type'], 'application/x-protobuf');
    const js = await post(receiver.url, jsonExport, { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'application/json');
    assert.equal(typeof JSON.parse(js.body.toString('utf8')), 'object');
    assert.equal(sink.spans.at(-1)?.service, 'json-svc');
    const gz = await post(receiver.url, gzipSync(jsonExport), { ...JS, 'content-encoding': 'gzip' });
    assert.equal(gz.status, 200);
    assert.equal(sink.spans.at(-1)?.traceId, JSON_TRACE);
  });

  it('answers 400 with a JSON Status for a malformed JSON body', async () => {
    const answer = await post(receiver.url, '{"resourceSpans": [', JS);
    assert.equal(answer.status, 400);
    const status = JSON.parse(answer.body.toString('utf8')) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /malformed OTLP json/);
    await stillAccepts();
  });

  it('answers 400 with a protobuf Status for a truncated protobuf body', async () => {
    const answer = await post(receiver.url, proto.subarray(0, proto.length - 7), PB);
    assert.equal(answer.status, 400);
    assert.equal(answer.headers['content-type'], 'application/x-protobuf');
    assert.equal(answer.body[0], 0x08); // Status.code, field 1 varint
    assert.equal(answer.body[1], 3);
    await stillAccepts();
  });

  it('answers 400 for garbage bytes and for a body that is not the gzip it claims', async () => {
    assert.equal((await post(receiver.url, Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01]), PB)).status, 400);
    assert.equal((await post(receiver.url, proto, { ...PB, 'content-encoding': 'gzip' })).status, 400);
    assert.equal((await post(receiver.url, gzipSync(proto).subarray(0, 40), { ...PB, 'content-encoding': 'gzip' })).status, 400);
    await stillAccepts();
  });

  it('answers 413 for a body over the limit, declared or chunked', async () => {
    const big = Buffer.alloc(MAX + 1024, 1);
    assert.equal((await post(receiver.url, big, PB)).status, 413);
    assert.equal((await post(receiver.url, big, PB, { chunked: true })).status, 413);
    await stillAccepts();
  });

  it('answers 413 for a gzip bomb without inflating it whole', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    assert.ok(bomb.length < MAX, `bomb is ${bomb.length} bytes`);
    const answer = await post(receiver.url, bomb, { ...PB, 'content-encoding': 'gzip' });
    assert.equal(answer.status, 413);
    assert.match(diagnostics.at(-1)?.message ?? '', /inflates to more than/);
    await stillAccepts();
  });

  it('answers 415 for other content types and encodings', async () => {
    assert.equal((await post(receiver.url, 'hello', { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post(receiver.url, proto, {})).status, 415);
    assert.equal((await post(receiver.url, proto, { ...PB, 'content-encoding': 'br' })).status, 415);
    await stillAccepts();
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    assert.equal((await post(receiver.url, proto, PB, { path: '/v1/metrics' })).status, 404);
    const get = await post(receiver.url, '', {}, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers['allow'], 'POST');
    await stillAccepts();
  });

  it('survives a client that hangs up mid-body and a request that is not HTTP', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(receiver.port, '127.0.0.1', () => {
        socket.write('POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\nabc');
        socket.destroy();
        resolve();
      });
    });
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(receiver.port, '127.0.0.1', () => socket.write('\x16\x03\x01 not http at all\r\n\r\n'));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    await stillAccepts();
  });

  it('reported every refusal as a diagnostic with its status', () => {
    const statuses = new Set(diagnostics.map((d) => d.status));
    for (const status of [400, 404, 405, 413, 415]) assert.ok(statuses.has(status), `no diagnostic with ${status}`);
    assert.ok(diagnostics.every((d) => d.source === 'otlp-http'));
  });
});

describe('startOtlpHttpReceiver binding', () => {
  it('rejects with an io TbtError when the port is taken', async () => {
    const first = await startOtlpHttpReceiver({ port: 0, sink: new RecordingSink() });
    try {
      await assert.rejects(startOtlpHttpReceiver({ port: first.port, sink: new RecordingSink() }), (error: unknown) => {
        assert.ok(error instanceof TbtError);
        assert.equal(error.kind, 'io');
        assert.match(error.message, /EADDRINUSE/);
        return true;
      });
    } finally {
      await first.close();
    }
  });
});
