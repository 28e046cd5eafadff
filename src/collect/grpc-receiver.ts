// The embedded OTLP/gRPC trace receiver (TraceService/Export, gzip or not): decodes with ingest's
// protobuf codec and pushes spans to a sink. It never judges spans and never throws from a call.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type * as Grpc from '@grpc/grpc-js';
import type * as Protobuf from 'protobufjs';
import { DEFAULT_RECEIVER_LIMITS, TbtError, type ReceiverLimits, type Span } from '../model/index.ts';
import { TRACE_SERVICE_EXPORT_PATH, decodeOtlpProtobuf, encodeExportTraceServiceResponse } from '../ingest/index.ts';
import { emitDiagnostic, type DiagnosticListener } from './diagnostic.ts';
import type { SpanSink } from './span-sink.ts';

/** Where to listen and where to push spans. */
export interface OtlpGrpcReceiverOptions {
  /** Interface to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** 4317 (the OTLP/gRPC default) unless told otherwise; 0 picks a free port. */
  readonly port?: number;
  readonly sink: SpanSink;
  /** Cap on one message, compressed and after gzip inflation; larger ones get RESOURCE_EXHAUSTED. Default 16 MiB. */
  readonly maxMessageBytes?: number;
  /** Idle timeout, connection cap and Retry-After (see ReceiverLimits); the rest are HTTP's. */
  readonly limits?: Partial<ReceiverLimits>;
  /** Told about every refused call; the receiver keeps running regardless. */
  readonly onDiagnostic?: DiagnosticListener;
}

/** A running receiver. */
export interface OtlpGrpcReceiver {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /** `http://host:port`: the value for OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_PROTOCOL=grpc. */
  readonly url: string;
  /** Stops accepting calls, lets in-flight ones finish (up to 2 s), then cancels the rest. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const CLOSE_GRACE_MS = 2000;

// The request stays raw bytes through grpc-js, so a malformed one reaches our handler and gets
// INVALID_ARGUMENT with a reason, instead of grpc-js's generic deserialization failure.
const traceService: Grpc.ServiceDefinition = {
  Export: {
    path: TRACE_SERVICE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Uint8Array) => Buffer.from(value),
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (value: Uint8Array) => Buffer.from(value),
    responseDeserialize: (bytes: Buffer) => bytes,
    originalName: 'export',
  },
};

// grpc-js takes a third of a second to load: only a run with a gRPC receiver pays for it.
let grpcModule: typeof Grpc | undefined;
function loadGrpc(): typeof Grpc {
  return (grpcModule ??= createRequire(import.meta.url)('@grpc/grpc-js') as typeof Grpc);
}

/**
 * `grpc-status-details-bin`: a google.rpc.Status whose one detail is a google.rpc.RetryInfo with
 * the delay, as the OTLP spec asks of a throttling server. Encoded by field number, like
 * status-body.ts: three tiny messages need no schema file.
 */
function retryInfoMetadata(code: Grpc.status, message: string, seconds: number): Grpc.Metadata {
  const protobuf = createRequire(import.meta.url)('protobufjs') as typeof Protobuf;
  const duration = protobuf.Writer.create().uint32(8).int64(seconds).finish(); // Duration.seconds
  const retryInfo = protobuf.Writer.create().uint32(10).bytes(duration).finish(); // RetryInfo.retry_delay
  const any = protobuf.Writer.create()
    .uint32(10).string('type.googleapis.com/google.rpc.RetryInfo') // Any.type_url
    .uint32(18).bytes(retryInfo) // Any.value
    .finish();
  const status = protobuf.Writer.create()
    .uint32(8).int32(code) // Status.code
    .uint32(18).string(message) // Status.message
    .uint32(26).bytes(any) // Status.details
    .finish();
  const metadata = new (loadGrpc()).Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status));
  return metadata;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function hostForAddress(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Starts the receiver; rejects with a TbtError ('io') when the address cannot be bound. */
export async function startOtlpGrpcReceiver(options: OtlpGrpcReceiverOptions): Promise<OtlpGrpcReceiver> {
  const grpc = loadGrpc();
  const host = options.host ?? '127.0.0.1';
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const diagnose = (message: string, code: Grpc.status, peer?: string): void => {
    emitDiagnostic(options.onDiagnostic, {
      source: 'otlp-grpc',
      message: `${grpc.status[code]}: ${message}`,
      ...(peer === undefined ? {} : { remoteAddress: peer }),
    });
  };

  const limits: ReceiverLimits = { ...DEFAULT_RECEIVER_LIMITS, ...options.limits };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': 1024 * 1024,
    // Like the HTTP receiver's idle timeout: a connection with no call for this long is closed.
    'grpc.max_connection_idle_ms': limits.idleTimeoutMs,
    // One HTTP/2 connection carries many calls; this bounds how many run at once on each.
    'grpc.max_concurrent_streams': 100,
  });
  let lastBusyReport = Number.NEGATIVE_INFINITY;
  const exportHandler: Grpc.handleUnaryCall<Buffer, Uint8Array> = (call, callback) => {
    const refuse = (code: Grpc.status, message: string): void => {
      diagnose(message, code, call.getPeer());
      callback({ code, details: message });
    };
    try {
      if (options.sink.isFull?.() === true) {
        const message = `the receiver holds ${limits.maxPendingSpans} spans not yet handed on (receiver.maxPendingSpans); retry after ${limits.retryAfterSeconds}s`;
        const now = performance.now();
        if (now - lastBusyReport >= 1000) {
          lastBusyReport = now;
          diagnose(message, grpc.status.UNAVAILABLE, call.getPeer());
        }
        // OTLP/gRPC: UNAVAILABLE is retryable, and RetryInfo tells the exporter when.
        callback({ code: grpc.status.UNAVAILABLE, details: message, metadata: retryInfoMetadata(grpc.status.UNAVAILABLE, message, limits.retryAfterSeconds) });
        return;
      }
      let spans: Span[];
      try {
        spans = decodeOtlpProtobuf(call.request);
      } catch (error) {
        if (error instanceof TbtError) {
          refuse(grpc.status.INVALID_ARGUMENT, `malformed OTLP export: ${error.message}`);
          return;
        }
        refuse(grpc.status.INTERNAL, `the OTLP protobuf decoder failed unexpectedly (a tbt bug): ${describe(error)}`);
        return;
      }
      try {
        options.sink.accept(spans);
      } catch (error) {
        refuse(grpc.status.INTERNAL, `the span sink threw (a tbt bug): ${describe(error)}`);
        return;
      }
      callback(null, encodeExportTraceServiceResponse('protobuf'));
    } catch (error) {
      // Only a callback that throws lands here; the call is lost but the server must live on.
      diagnose(`the Export handler failed (a tbt bug): ${describe(error)}`, grpc.status.INTERNAL);
    }
  };
  server.addService(traceService, { Export: exportHandler });

  const requestedPort = options.port ?? 4317;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${hostForAddress(host)}:${requestedPort}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        server.forceShutdown();
        const inUse = /EADDRINUSE|address already in use/i.test(error.message);
        reject(new TbtError('io', `the OTLP/gRPC receiver cannot listen on ${host}:${requestedPort}: ${error.message}`, {
          hint: inUse
            ? 'another process (an OpenTelemetry Collector?) already uses that port; stop it or set a different receiver gRPC port'
            : 'check the receiver host and gRPC port in tbt.config.yaml',
          cause: error,
        }));
        return;
      }
      resolve(bound);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${hostForAddress(host)}:${port}`,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const grace = setTimeout(() => server.forceShutdown(), CLOSE_GRACE_MS);
        grace.unref();
        server.tryShutdown(() => {
          clearTimeout(grace);
          resolve();
        });
      });
      return closing;
    },
  };
}
