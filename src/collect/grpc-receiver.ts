// The embedded OTLP/gRPC trace receiver (TraceService/Export, gzip or not): decodes with ingest's
// protobuf codec and pushes spans to a sink. It never judges spans and never throws from a call.
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import { TbtError, type Span } from '../model/index.ts';
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

  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': 1024 * 1024,
  });
  const exportHandler: Grpc.handleUnaryCall<Buffer, Uint8Array> = (call, callback) => {
    const refuse = (code: Grpc.status, message: string): void => {
      diagnose(message, code, call.getPeer());
      callback({ code, details: message });
    };
    try {
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
