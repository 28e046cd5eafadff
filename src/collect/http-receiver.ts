// The embedded OTLP/HTTP trace receiver (POST /v1/traces, JSON or protobuf, optionally gzip):
// it answers per the OTLP/HTTP spec and pushes decoded spans to a sink. It never judges spans.
import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DEFAULT_RECEIVER_LIMITS, TbtError, type ReceiverLimits, type Span } from '../model/index.ts';
import { decodeOtlpJson, decodeOtlpProtobuf, encodeExportTraceServiceResponse } from '../ingest/index.ts';
import type { SpanSink } from './span-sink.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';
import { drainBody, readBody, type BodyBudget } from './read-body.ts';
import { RPC_CODE, contentTypeOf, encodeStatus, type OtlpEncoding } from './status-body.ts';

/** Where to listen and where to push spans. */
export interface OtlpHttpReceiverOptions {
  /** Interface to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** 4318 (the OTLP/HTTP default) unless told otherwise; 0 picks a free port. */
  readonly port?: number;
  readonly sink: SpanSink;
  /** Cap on a request body, both as received and after gzip inflation. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Timeouts, connection and header caps, Retry-After; each defaults to DEFAULT_RECEIVER_LIMITS. */
  readonly limits?: Partial<ReceiverLimits>;
  /** Told about every refused request; the receiver keeps running regardless. */
  readonly onDiagnostic?: DiagnosticListener;
}

/** A running receiver. */
export interface OtlpHttpReceiver {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** The base endpoint, e.g. `http://127.0.0.1:4318`: the value for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  /** `url` + `/v1/traces`: the value for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  readonly tracesUrl: string;
  /** Stops listening, lets in-flight requests finish (up to 2 s), then drops the rest. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const TRACES_PATH = '/v1/traces';
const CLOSE_GRACE_MS = 2000;
/** How many full-size bodies the receiver holds in memory at once, over all its connections. */
const BODY_BUDGET_FACTOR = 2;

interface Reply {
  readonly status: number;
  readonly encoding: OtlpEncoding;
  readonly body: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Starts the receiver; rejects with a TbtError ('io') when the address cannot be bound. */
export async function startOtlpHttpReceiver(options: OtlpHttpReceiverOptions): Promise<OtlpHttpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const diagnose = (message: string, status?: number, request?: IncomingMessage, socket?: Socket): void => {
    const remoteAddress = request?.socket.remoteAddress ?? socket?.remoteAddress;
    emitDiagnostic(options.onDiagnostic, {
      source: 'otlp-http',
      message,
      ...(status === undefined ? {} : { status }),
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    });
  };

  const limits: ReceiverLimits = { ...DEFAULT_RECEIVER_LIMITS, ...options.limits };
  // Back-pressure is reported once a second at most, not once per refused export.
  let lastBusyReport = Number.NEGATIVE_INFINITY;
  const diagnoseBusy = (message: string, request: IncomingMessage): void => {
    const now = performance.now();
    if (now - lastBusyReport < 1000) return;
    lastBusyReport = now;
    diagnose(message, 503, request);
  };
  // Bodies held at once, over all connections: two full-size ones (32 MiB by default).
  const bodyBudget: BodyBudget = { used: 0, limit: BODY_BUDGET_FACTOR * maxBodyBytes };
  /** The response being written on each socket, so that a timeout answers through it. */
  const answering = new WeakMap<Duplex, ServerResponse>();
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headerTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      // Node looks for expired header and request timers only this often (30 s by default).
      connectionsCheckingInterval: checkingIntervalOf(limits),
    },
    (request, response) => {
      answering.set(request.socket, response);
      response.once('close', () => answering.delete(request.socket));
      handle(request, { sink: options.sink, maxBodyBytes, limits, bodyBudget, diagnose, diagnoseBusy })
        // A refusal decided before the body was read still reads it: a client that is still
        // sending gets the answer, not a broken pipe.
        .then(async (reply) => {
          await drainBody(request);
          send(request, response, reply);
        })
        .catch((error: unknown) => {
          diagnose(`internal error while handling a request (a tbt bug): ${describe(error)}`, 500, request);
          if (!response.headersSent) {
            send(request, response, error500('json', 'internal error in the tbt receiver'));
          } else response.destroy();
        });
    },
  );
  server.maxConnections = limits.maxConnections;
  // Node's own timers cover headers, whole requests and keep-alive gaps (answering 408 where it
  // can); this backstop closes a socket silent for longer than any of them, whatever it is doing
  // (a client that stopped reading its answer, say).
  server.setTimeout(Math.max(limits.idleTimeoutMs, limits.headerTimeoutMs, limits.requestTimeoutMs) + 1000);
  let dropped = 0;
  server.on('drop', () => {
    // Once per burst, not once per refused socket.
    if (dropped++ % 100 === 0) {
      diagnose(`refused a connection: ${limits.maxConnections} are already open (receiver.maxConnections)`, undefined);
    }
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const [status, reason, why] = clientErrorStatus(error, limits);
    if (error.code !== 'ECONNRESET') diagnose(`${why}`, status, undefined, socket as Socket);
    const response = answering.get(socket);
    if (response !== undefined) {
      // Mid-request (a body too slow): answer through the response unless it has begun.
      if (response.headersSent || !socket.writable) socket.destroy();
      else send(undefined, response, { status, encoding: 'json', body: encodeStatus('json', RPC_CODE.deadlineExceeded, why), headers: { connection: 'close' } });
      return;
    }
    if (socket.writable && error.code !== 'ECONNRESET') {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    } else socket.destroy();
  });
  // `Expect: 100-continue`: refuse an oversize body before it is sent at all.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      const message = `request body of ${declared} bytes exceeds the ${maxBodyBytes}-byte limit (receiver.maxBodyBytes)`;
      diagnose(`${request.method ?? '?'} ${request.url ?? '?'} → 413: ${message}`, 413, request);
      send(request, response, { status: 413, encoding: 'json', body: encodeStatus('json', RPC_CODE.resourceExhausted, message), headers: { connection: 'close' } });
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${host}:${options.port ?? 4318}`;
      reject(
        new TbtError('io', `the OTLP/HTTP receiver cannot listen on ${where}: ${error.code ?? error.message}`, {
          hint:
            error.code === 'EADDRINUSE'
              ? 'another process (an OpenTelemetry Collector?) already uses that port; stop it or set a different receiver port'
              : 'check the receiver host and port in tbt.config.yaml',
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 4318, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // After listening, a server error must not crash the process: report it and keep going.
  server.on('error', (error: Error) => diagnose(`server error: ${error.message}`));

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    tracesUrl: url + TRACES_PATH,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        grace.unref();
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** What the request handler needs of its receiver. */
interface HandlerContext {
  readonly sink: SpanSink;
  readonly maxBodyBytes: number;
  readonly limits: ReceiverLimits;
  readonly bodyBudget: BodyBudget;
  readonly diagnose: (message: string, status?: number, request?: IncomingMessage) => void;
  readonly diagnoseBusy: (message: string, request: IncomingMessage) => void;
}

/** Decides the reply to one request. Resolves for every client mistake; rejects only on a bug. */
async function handle(request: IncomingMessage, context: HandlerContext): Promise<Reply> {
  const { sink, maxBodyBytes, limits, diagnose } = context;
  const refuse = (status: number, encoding: OtlpEncoding, code: number, message: string, headers?: Record<string, string>): Reply => {
    const line = `${request.method ?? '?'} ${request.url ?? '?'} → ${status}: ${message}`;
    if (status === 503) context.diagnoseBusy(line, request);
    else diagnose(line, status, request);
    return { status, encoding, body: encodeStatus(encoding, code, message), ...(headers === undefined ? {} : { headers }) };
  };

  const path = pathOf(request.url);
  const encoding = encodingOf(request.headers['content-type']);
  const replyEncoding = encoding ?? 'json';
  if (path !== TRACES_PATH) {
    return refuse(404, replyEncoding, RPC_CODE.unimplemented, `no OTLP endpoint at ${path}; tbt receives traces at ${TRACES_PATH}`);
  }
  if (request.method !== 'POST') {
    return refuse(405, replyEncoding, RPC_CODE.unimplemented, `${TRACES_PATH} accepts only POST`, { allow: 'POST' });
  }
  if (encoding === undefined) {
    return refuse(415, 'json', RPC_CODE.unimplemented,
      `unsupported content-type ${JSON.stringify(request.headers['content-type'] ?? '')}; send application/x-protobuf or application/json`);
  }
  const contentEncoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (contentEncoding !== 'identity' && contentEncoding !== 'gzip' && contentEncoding !== 'x-gzip') {
    return refuse(415, encoding, RPC_CODE.unimplemented, `unsupported content-encoding ${JSON.stringify(contentEncoding)}; send gzip or none`);
  }

  if (sink.isFull?.() === true) {
    // Not an error of the client's: OTLP asks exporters to retry a 503 after Retry-After.
    return refuse(503, encoding, RPC_CODE.unavailable,
      `the receiver holds ${limits.maxPendingSpans} spans not yet handed on (receiver.maxPendingSpans); retry after ${limits.retryAfterSeconds}s`,
      { 'retry-after': String(limits.retryAfterSeconds) });
  }
  const body = await readBody(request, contentEncoding !== 'identity', maxBodyBytes, context.bodyBudget);
  if (!body.ok && body.status === 503) {
    return refuse(503, encoding, RPC_CODE.unavailable, `${body.message}; retry after ${limits.retryAfterSeconds}s`,
      { 'retry-after': String(limits.retryAfterSeconds) });
  }
  if (!body.ok) {
    const code = body.status === 413 ? RPC_CODE.resourceExhausted : RPC_CODE.invalidArgument;
    return refuse(body.status, encoding, code, body.message);
  }

  let spans: Span[];
  try {
    spans = encoding === 'json' ? decodeOtlpJson(body.body) : decodeOtlpProtobuf(body.body);
  } catch (error) {
    if (error instanceof TbtError) {
      return refuse(400, encoding, RPC_CODE.invalidArgument, `malformed OTLP ${encoding} export: ${error.message}`);
    }
    diagnose(`the OTLP ${encoding} decoder failed unexpectedly (a tbt bug): ${describe(error)}`, 500, request);
    return error500(encoding, 'internal error while decoding the export');
  }
  try {
    sink.accept(spans);
  } catch (error) {
    diagnose(`the span sink threw (a tbt bug): ${describe(error)}`, 500, request);
    return error500(encoding, 'internal error while storing the spans');
  }
  return { status: 200, encoding, body: encodeExportTraceServiceResponse(encoding) };
}

function send(request: IncomingMessage | undefined, response: ServerResponse, reply: Reply): void {
  // A timeout may have answered already, or the client gone: nothing more to say.
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(reply.encoding),
    'content-length': String(reply.body.byteLength),
    ...reply.headers,
  };
  // A body left (partly) unread: closing is the only bounded way to skip the rest of it.
  if (request !== undefined && !request.complete) headers['connection'] = 'close';
  response.writeHead(reply.status, headers);
  response.end(reply.body);
}

/** The status for a connection-level failure, its reason phrase, and what to tell the user. */
function clientErrorStatus(error: NodeJS.ErrnoException, limits: ReceiverLimits): [number, string, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'Request Header Fields Too Large', `request headers exceed ${limits.maxHeaderBytes} bytes (receiver.maxHeaderBytes)`];
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout',
      `request not received in time (receiver.headerTimeout ${limits.headerTimeoutMs}ms for headers, receiver.requestTimeout ${limits.requestTimeoutMs}ms for the whole request); connection closed`];
  }
  return [400, 'Bad Request', `malformed HTTP request: ${error.message}`];
}

/** Often enough that a timeout fires close to its time, never busier than every 50 ms. */
function checkingIntervalOf(limits: ReceiverLimits): number {
  return Math.max(50, Math.min(1000, Math.floor(Math.min(limits.headerTimeoutMs, limits.requestTimeoutMs) / 4)));
}

function error500(encoding: OtlpEncoding, message: string): Reply {
  return { status: 500, encoding, body: encodeStatus(encoding, RPC_CODE.internal, message) };
}

/** `application/json; charset=utf-8` → 'json'; anything but the two OTLP types → undefined. */
function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf') return 'protobuf';
  return undefined;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/** The address exporters should dial: a wildcard bind is reached through loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
