// The receivers' limits, like the Collector's: back-pressure (503 + Retry-After, gRPC UNAVAILABLE
// + RetryInfo), int64/uint64 ranges (400), huge number literals refused, header/request/idle
// timeouts, a connection cap, a 413 that always reaches the client, and 431 for big headers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, type CollectDiagnostic, type OtlpHttpReceiver, type SpanSink } from '../../src/collect/index.ts';
import type { Span } from '../../src/model/index.ts';
import { sdkSpans } from '../ingest/sdk-spans.ts';

/** A bound on every wait, so that a bug fails the test instead of hanging the suite. */
const BOUND_MS = 20_000;

class SwitchableSink implements SpanSink {
  readonly spans: Span[] = [];
  full = false;
  accept(spans: readonly Span[]): void {
    this.spans.push(...spans);
  }
  isFull(): boolean {
    return this.full;
  }
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function post(url: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL('/v1/traces', url), { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An export of one span whose fields are given raw, as JSON text, to reach the decoder unparsed. */
function exportWith(spanFields: string, attribute = '{"key":"n","value":{"intValue":"1"}}'): string {
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"s",` +
    `${spanFields},"attributes":[${attribute}]}]}]}]}`;
}
const TIMES = '"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000000000001"';

/** A raw TCP connection to the receiver; `closed` resolves with everything it was sent. */
function rawSocket(port: number): { socket: Socket; closed: Promise<string>; connected: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined); // a reset is one way of being closed
  const timer = setTimeout(() => socket.destroy(new Error('still open after the bound')), BOUND_MS);
  const closed = new Promise<string>((resolve) => socket.once('close', () => {
    clearTimeout(timer);
    resolve(received);
  }));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected };
}

const VALID = exportWith(TIMES);

describe('OTLP/HTTP back-pressure', () => {
  const sink = new SwitchableSink();
  const diagnostics: CollectDiagnostic[] = [];
  let receiver: OtlpHttpReceiver;
  before(async () => {
    receiver = await startOtlpHttpReceiver({ port: 0, sink, limits: { retryAfterSeconds: 3, maxPendingSpans: 7 }, onDiagnostic: (d) => diagnostics.push(d) });
  });
  after(() => receiver.close());

  it('answers 503 with Retry-After and a Status while the sink is full, and 200 once it drained', async () => {
    sink.full = true;
    const refused = await post(receiver.url, VALID);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['retry-after'], '3');
    const status = JSON.parse(refused.body) as { code: number; message: string };
    assert.equal(status.code, 14); // UNAVAILABLE
    assert.match(status.message, /holds 7 spans .*receiver\.maxPendingSpans.*retry after 3s/);
    assert.equal(sink.spans.length, 0, 'a refused export must not be half taken');
    // A protobuf client gets a protobuf Status.
    const pb = await post(receiver.url, Buffer.from([0x0a, 0x00]), { 'content-type': 'application/x-protobuf' });
    assert.equal(pb.status, 503);
    assert.equal(pb.headers['content-type'], 'application/x-protobuf');
    sink.full = false;
    assert.equal((await post(receiver.url, VALID)).status, 200);
    assert.equal(sink.spans.length, 1);
    assert.ok(diagnostics.some((d) => d.status === 503), 'the refusal was not reported');
  });
});

describe('OTLP/gRPC back-pressure', () => {
  it('answers UNAVAILABLE with a RetryInfo detail while the sink is full', async () => {
    const sink = new SwitchableSink();
    sink.full = true;
    const receiver = await startOtlpGrpcReceiver({ port: 0, sink, limits: { retryAfterSeconds: 2 } });
    const client = new grpc.Client(`127.0.0.1:${receiver.port}`, grpc.credentials.createInsecure());
    try {
      const body = ProtobufTraceSerializer.serializeRequest(await sdkSpans()) ?? new Uint8Array();
      const error = await new Promise<grpc.ServiceError | null>((resolve) => {
        client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, (e) => resolve(e));
      });
      assert.equal(error?.code, grpc.status.UNAVAILABLE);
      const details = error?.metadata.get('grpc-status-details-bin')[0];
      assert.ok(Buffer.isBuffer(details), 'no grpc-status-details-bin');
      // google.rpc.Status { code = 1; message = 2; repeated Any details = 3 }, read by field number.
      const root = protobuf.Root.fromJSON({
        nested: {
          Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'Any', id: 3 } } },
          Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
          RetryInfo: { fields: { retryDelay: { type: 'Duration', id: 1 } } },
          Duration: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
        },
      });
      const status = root.lookupType('Status').toObject(root.lookupType('Status').decode(details), { longs: Number }) as {
        code: number;
        details: { typeUrl: string; value: Uint8Array }[];
      };
      assert.equal(status.code, grpc.status.UNAVAILABLE);
      assert.equal(status.details[0]?.typeUrl, 'type.googleapis.com/google.rpc.RetryInfo');
      const retry = root.lookupType('RetryInfo').toObject(root.lookupType('RetryInfo').decode(status.details[0]?.value ?? new Uint8Array()), { longs: Number }) as {
        retryDelay: { seconds: number };
      };
      assert.equal(retry.retryDelay.seconds, 2);
      assert.equal(sink.spans.length, 0);
    } finally {
      client.close();
      await receiver.close();
    }
  });
});

describe('OTLP/HTTP number limits', () => {
  const sink = new SwitchableSink();
  let receiver: OtlpHttpReceiver;
  before(async () => {
    receiver = await startOtlpHttpReceiver({ port: 0, sink });
  });
  after(() => receiver.close());

  const refused = async (body: string, pattern: RegExp): Promise<void> => {
    const answer = await post(receiver.url, body);
    assert.equal(answer.status, 400, answer.body);
    assert.match((JSON.parse(answer.body) as { message: string }).message, pattern);
  };

  it('takes the int64 extremes and refuses one past them, as a string or a JSON number', async () => {
    assert.equal((await post(receiver.url, exportWith(TIMES, '{"key":"n","value":{"intValue":"9223372036854775807"}}'))).status, 200);
    assert.equal((await post(receiver.url, exportWith(TIMES, '{"key":"n","value":{"intValue":"-9223372036854775808"}}'))).status, 200);
    await refused(exportWith(TIMES, '{"key":"n","value":{"intValue":"9223372036854775808"}}'), /attribute "n": intValue: an integer of 19 digits is outside the int64 range/);
    await refused(exportWith(TIMES, '{"key":"n","value":{"intValue":"-9223372036854775809"}}'), /outside the int64 range/);
    await refused(exportWith(TIMES, '{"key":"n","value":{"intValue":1e19}}'), /outside the int64 range/);
  });

  it('refuses a 30-digit startTimeUnixNano (past uint64), as a string or a number', async () => {
    const thirty = '9'.repeat(30);
    await refused(exportWith(`"startTimeUnixNano":"${thirty}","endTimeUnixNano":"1"`), /startTimeUnixNano: 999999999999999999999999999999 is outside the uint64 range/);
    await refused(exportWith(`"startTimeUnixNano":${thirty},"endTimeUnixNano":"1"`), /startTimeUnixNano: .* is outside the uint64 range/);
    await refused(exportWith(`"startTimeUnixNano":"1","endTimeUnixNano":"18446744073709551616"`), /endTimeUnixNano: .*outside the uint64 range/);
    assert.equal((await post(receiver.url, exportWith('"startTimeUnixNano":"18446744073709551615","endTimeUnixNano":"18446744073709551615"'))).status, 200);
  });

  it('refuses an 8-million-digit intValue with a short message, and keeps serving', async () => {
    const digits = '7'.repeat(8_000_000);
    await refused(exportWith(TIMES, `{"key":"n","value":{"intValue":"${digits}"}}`), /attribute "n": intValue: an integer of 8000000 digits is outside the int64 range/);
    await refused(exportWith(TIMES, `{"key":"n","value":{"intValue":${digits}}}`), /intValue: a number literal too large for any integer type is outside the int64 range/);
    const answer = await post(receiver.url, exportWith(`"startTimeUnixNano":"${digits}","endTimeUnixNano":"1"`));
    assert.equal(answer.status, 400);
    assert.ok(answer.body.length < 500, `the refusal echoes the literal (${answer.body.length} bytes)`);
    assert.equal((await post(receiver.url, VALID)).status, 200);
  });
});

describe('OTLP/HTTP timeouts and caps', () => {
  const sink = new SwitchableSink();
  const diagnostics: CollectDiagnostic[] = [];
  let receiver: OtlpHttpReceiver;
  before(async () => {
    receiver = await startOtlpHttpReceiver({
      port: 0,
      sink,
      maxBodyBytes: 1024,
      limits: { headerTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: 300, maxConnections: 40, maxHeaderBytes: 4096 },
      onDiagnostic: (d) => diagnostics.push(d),
    });
  });
  after(() => receiver.close());

  it('closes a slow-drip body with 408 at the request timeout', async () => {
    const { socket, closed, connected } = rawSocket(receiver.port);
    await connected;
    socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    // One byte at a time, for as long as the socket is open: only the receiver can end this.
    const drip = setInterval(() => socket.writable && socket.write(' '), 20);
    const received = await closed;
    clearInterval(drip);
    assert.match(received, /^HTTP\/1\.1 408 /);
    assert.ok(diagnostics.some((d) => d.status === 408 && /receiver\.requestTimeout 600ms/.test(d.message)));
  });

  it('closes a connection that never sends a request (header timeout, 408)', async () => {
    const { closed } = rawSocket(receiver.port);
    assert.match(await closed, /^HTTP\/1\.1 408 /);
  });

  it('closes a kept-alive connection that stays idle after a request', async () => {
    const { socket, closed, connected } = rawSocket(receiver.port);
    await connected;
    socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${VALID.length}\r\n\r\n${VALID}`);
    const received = await closed;
    assert.match(received, /^HTTP\/1\.1 200 /);
    assert.match(received, /keep-alive/i, 'the connection was not kept alive to begin with');
  });

  it('answers 413 to an oversize `Expect: 100-continue` upload before its body is sent', async () => {
    const answer = await new Promise<{ status: number; sentBody: boolean }>((resolve, reject) => {
      let sentBody = false;
      const req = httpRequest(new URL('/v1/traces', receiver.url), {
        method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': '100000', expect: '100-continue' },
      }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sentBody });
      });
      req.on('continue', () => {
        sentBody = true;
        req.end('x'.repeat(100_000));
      });
      req.on('error', reject);
    });
    assert.deepEqual(answer, { status: 413, sentBody: false });
  });

  it('answers 431 to headers over receiver.maxHeaderBytes', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL('/v1/traces', receiver.url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-big': 'a'.repeat(8000) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(VALID);
    });
    assert.equal(answer, 431);
    assert.ok(diagnostics.some((d) => d.status === 431 && /receiver\.maxHeaderBytes/.test(d.message)));
  });
});

// Uploads take as long as the machine makes them: these run against timeouts no loaded runner
// reaches (at 600ms, 20 concurrent 512 KB posts met a 408 on a busy machine).
describe('OTLP/HTTP oversize bodies', () => {
  let receiver: OtlpHttpReceiver;
  before(async () => {
    receiver = await startOtlpHttpReceiver({
      port: 0,
      sink: new SwitchableSink(),
      maxBodyBytes: 1024,
      limits: { headerTimeoutMs: 60_000, requestTimeoutMs: 120_000, idleTimeoutMs: 60_000, maxConnections: 40, maxHeaderBytes: 4096 },
    });
  });
  after(() => receiver.close());

  it('answers 413 to every one of 20 concurrent oversize posts, none of them a broken pipe', async () => {
    const big = Buffer.alloc(512 * 1024, 0x20);
    const answers = await Promise.allSettled(Array.from({ length: 20 }, () => post(receiver.url, big)));
    const statuses = answers.map((a) => (a.status === 'fulfilled' ? String(a.value.status) : (a.reason as NodeJS.ErrnoException).code ?? 'error'));
    assert.deepEqual(statuses, Array.from({ length: 20 }, () => '413'));
    assert.equal((await post(receiver.url, VALID)).status, 200, 'the receiver stopped serving after 413s');
  });

  it('reads an oversize body to its end before the 413, so the connection stays usable', async () => {
    // Cutting the connection mid-upload is what turns a 413 into EPIPE for a client still sending.
    const { socket, closed, connected } = rawSocket(receiver.port);
    await connected;
    let received = '';
    let onAnswer: (() => void) | undefined;
    socket.on('data', (chunk: string) => {
      received += chunk;
      onAnswer?.();
    });
    const answers = (count: number): Promise<void> =>
      new Promise((resolve) => {
        onAnswer = () => {
          if ((received.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= count && received.trimEnd().endsWith('}')) resolve();
        };
        onAnswer();
      });
    const big = 'x'.repeat(200 * 1024);
    socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`);
    for (let i = 0; i < big.length; i += 16 * 1024) socket.write(big.slice(i, i + 16 * 1024));
    await answers(1);
    assert.match(received, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(received, /connection: close/i);
    // The same connection takes the next export.
    socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${VALID.length}\r\n\r\n${VALID}`);
    await answers(2);
    assert.match(received, /HTTP\/1\.1 200 /);
    socket.destroy();
    await closed;
  });
});

describe('OTLP/HTTP connection cap', () => {
  it('closes connections past receiver.maxConnections and takes new ones once others close', async () => {
    const sink = new SwitchableSink();
    const receiver = await startOtlpHttpReceiver({ port: 0, sink, limits: { maxConnections: 3 } });
    const held: ReturnType<typeof rawSocket>[] = [];
    try {
      // Three connections, each proven accepted by a kept-alive answer.
      for (let i = 0; i < 3; i++) {
        const conn = rawSocket(receiver.port);
        held.push(conn);
        await conn.connected;
        const answered = new Promise<void>((resolve) => conn.socket.once('data', () => resolve()));
        conn.socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${VALID.length}\r\n\r\n${VALID}`);
        await answered;
      }
      const fourth = rawSocket(receiver.port);
      fourth.socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${VALID.length}\r\n\r\n${VALID}`);
      assert.equal(await fourth.closed, '', 'a connection past the cap was served');
      assert.equal(sink.spans.length, 3);

      held[0]?.socket.destroy();
      await held[0]?.closed;
      // The server counts the closed socket down on its own schedule: try again until it has.
      const deadline = Date.now() + BOUND_MS;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        status = await post(receiver.url, VALID).then((a) => a.status, () => 0);
      }
      assert.equal(status, 200);
    } finally {
      for (const conn of held) conn.socket.destroy();
      await receiver.close();
    }
  });
});
