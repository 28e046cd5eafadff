// The collect stage's public face: where spans come from (receivers) and when a trace is
// complete (the hub). Other stages import collect only through this file.

/** The port every receiver pushes decoded spans into. */
export type { SpanSink } from './span-sink.ts';

/** A skipped request, evicted trace or late span, reported instead of thrown. */
export type { CollectDiagnostic, DiagnosticListener } from './diagnostic.ts';

/** Routes spans by trace id to waiting tests, buffering early arrivals; `collect` waits for one trace. */
export { TraceHub } from './trace-hub.ts';
export type { TraceHubOptions } from './trace-hub.ts';

/** Options and outcome of `TraceHub.collect`; defaults: settle 250 ms, timeout 10 s. */
export type { CollectOptions, CollectResult } from './trace-waiter.ts';
/** The default settle window and hard timeout, in milliseconds. */
export { DEFAULT_SETTLE_MS, DEFAULT_TIMEOUT_MS } from './trace-waiter.ts';

/** Pure: is a span set structurally whole (no orphans), and if not, which parents are missing. */
export { assessCompleteness } from './assess-completeness.ts';
export type { Completeness, MissingParent } from './assess-completeness.ts';

/** Starts the embedded OTLP/HTTP trace receiver (POST /v1/traces; JSON or protobuf, gzip or not). */
export { startOtlpHttpReceiver, DEFAULT_MAX_BODY_BYTES } from './http-receiver.ts';
export type { OtlpHttpReceiver, OtlpHttpReceiverOptions } from './http-receiver.ts';

/** Starts the embedded OTLP/gRPC trace receiver (TraceService/Export, default port 4317). */
export { startOtlpGrpcReceiver, DEFAULT_MAX_MESSAGE_BYTES } from './grpc-receiver.ts';
export type { OtlpGrpcReceiver, OtlpGrpcReceiverOptions } from './grpc-receiver.ts';

/** Pulls one trace from a tracing backend (Jaeger, Tempo, Zipkin) until it is complete or times out. */
export { pullTraceFromBackend } from './backend-pull.ts';
export type { BackendKind, BackendPullOptions, BackendPullResult } from './backend-pull.ts';

/** Groups spans of any trace and hands each one over once it is complete (for `tbt receive`). */
export { LiveTraceAssembler } from './live-traces.ts';
export type { LiveTraceAssemblerOptions } from './live-traces.ts';
/** Writes model spans back as an OTLP/JSON export request, which every tbt command can read. */
export { writeOtlpJsonFile, encodeOtlpJson, toOtlpJsonRequest } from './otlp-json-writer.ts';
/** Saves a trace's spans into its file, joining the spans already there (never replacing them). */
export { saveTraceSpans } from './otlp-json-writer.ts';
export type { SavedTrace } from './otlp-json-writer.ts';
/** A serial print-and-save queue that counts the spans it holds, for back-pressure. */
export { SaveQueue } from './save-queue.ts';
