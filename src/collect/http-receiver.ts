// The embedded OTLP/HTTP trace receiver (POST /v1/traces, JSON or protobuf, optionally gzip):
// it answers per the OTLP/HTTP spec and pushes decoded spans to a sink. It never judges spans.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TbtError, type Span } from '../model/index.ts';
import { decodeOtlpJson, decodeOtlpProtobuf, encodeExportTraceServiceResponse } from '../ingest/index.ts';
import type { SpanSink } from './span-sink.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';
import { readBody } from './read-body.ts';
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
  const diagnose = (message: string, status?: number, request?: IncomingMessage): void => {
    const remoteAddress = request?.socket.remoteAddress;
    emitDiagnostic(options.onDiagnostic, {
      source: 'otlp-http',
      message,
      ...(status === undefined ? {} : { status }),
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    });
  };

  const server = createServer((request, response) => {
    handle(request, options.sink, maxBodyBytes, diagnose)
      .then((reply) => send(request, response, reply))
      .catch((error: unknown) => {
        diagnose(`internal error while handling a request (a tbt bug): ${describe(error)}`, 500, request);
        if (!response.headersSent) {
          send(request, response, error500('json', 'internal error in the tbt receiver'));
        } else response.destroy();
      });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET') diagnose(`malformed HTTP request: ${error.message}`, 400);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
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

/** Decides the reply to one request. Resolves for every client mistake; rejects only on a bug. */
async function handle(
  request: IncomingMessage,
  sink: SpanSink,
  maxBodyBytes: number,
  diagnose: (message: string, status?: number, request?: IncomingMessage) => void,
): Promise<Reply> {
  const refuse = (status: number, encoding: OtlpEncoding, code: number, message: string, headers?: Record<string, string>): Reply => {
    diagnose(`${request.method ?? '?'} ${request.url ?? '?'} → ${status}: ${message}`, status, request);
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

  const body = await readBody(request, contentEncoding !== 'identity', maxBodyBytes);
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

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(reply.encoding),
    'content-length': String(reply.body.byteLength),
    ...reply.headers,
  };
  // A refused body was left unread: closing is the only bounded way to skip the rest of it.
  if (!request.complete) headers['connection'] = 'close';
  response.writeHead(reply.status, headers);
  response.end(reply.body);
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
