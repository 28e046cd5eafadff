// The collect stage's public face: where spans come from (receivers) and when a trace is
// complete (the hub). Other stages import collect only through this file.

/** The port every receiver pushes decoded spans into. */
export type { SpanSink } from './span-sink.ts';

/** A skipped request, evicted trace or late span, reported instead of thrown. */
export type { CollectDiagnostic } from './diagnostic.ts';

/** Routes spans by trace id to waiting tests, buffering early arrivals; `collect` waits for one trace. */
export { TraceHub } from './trace-hub.ts';

/** Options and outcome of `TraceHub.collect`; defaults: settle 250 ms, timeout 10 s. */
export type { CollectOptions, CollectResult } from './trace-waiter.ts';

/** Starts the embedded OTLP/HTTP trace receiver (POST /v1/traces; JSON or protobuf, gzip or not). */
export { startOtlpHttpReceiver } from './http-receiver.ts';
export type { OtlpHttpReceiver } from './http-receiver.ts';

/** Starts the embedded OTLP/gRPC trace receiver (TraceService/Export, default port 4317). */
export { startOtlpGrpcReceiver } from './grpc-receiver.ts';
export type { OtlpGrpcReceiver } from './grpc-receiver.ts';

/** Pulls one trace from a tracing backend (Jaeger, Tempo, Zipkin) until it is complete or times out. */
export { pullTraceFromBackend } from './backend-pull.ts';

/** Groups spans of any trace and hands each one over once it is complete (for `tbt receive`). */
export { LiveTraceAssembler } from './live-traces.ts';
/** Saves a trace's spans into its file, joining the spans already there (never replacing them). */
export { saveTraceSpans } from './otlp-json-writer.ts';
/** A serial print-and-save queue that counts the spans it holds, for back-pressure. */
export { SaveQueue } from './save-queue.ts';
