// ingest: decoding trace data (OTLP JSON and protobuf, Jaeger JSON, Zipkin v2) into model spans
// and traces. It never knows where the bytes came from, and reports bad input as TbtError('input').
import type { Span } from '../model/index.ts';
import { parseJson } from './input-error.ts';
import { decodeOtlpJsonValue } from './otlp-json.ts';
import { decodeOtlpProtobufBytes } from './otlp-protobuf.ts';

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` (or `TracesData`): raw bytes, JSON text, or an
 * already-parsed value. Tolerates base64 ids, numeric times, enum names and snake_case keys.
 * @throws TbtError('input') for bad JSON or a wrong shape, naming where in the request.
 */
export function decodeOtlpJson(body: unknown): Span[] {
  const value = body instanceof Uint8Array || typeof body === 'string' ? parseJson(body, 'OTLP/JSON request') : body;
  return decodeOtlpJsonValue(value);
}

/**
 * Decodes an OTLP/protobuf `ExportTraceServiceRequest` (or `TracesData`), with exact nanosecond
 * times and lowercase hex ids.
 * @throws TbtError('input') for truncated or malformed protobuf.
 */
export function decodeOtlpProtobuf(body: Uint8Array): Span[] {
  return decodeOtlpProtobufBytes(body);
}

/**
 * Encodes the `ExportTraceServiceResponse` a receiver answers with (`json` or `protobuf`), with
 * an optional partial success (rejected span count and message).
 */
export { encodeExportTraceServiceResponse } from './export-response.ts';

/**
 * Groups spans into traces by trace id (first-arrival order) and fills each `Trace.warnings` with
 * what a person should know: missing parents, clock skew, repeated or colliding span ids.
 */
export { groupSpansIntoTraces } from './group-traces.ts';

/** The gRPC method path of OTLP's `TraceService/Export`, for the gRPC receiver. */
export { TRACE_SERVICE_EXPORT_PATH } from './otlp-schema.ts';

/**
 * Decodes a trace file, detecting its format from the bytes: OTLP JSON (one request, JSON lines
 * as the Collector file exporter writes, Jaeger api/v3 `{"result": …}`, Tempo `{"batches": …}`),
 * OTLP protobuf (plain or length-prefixed), Jaeger JSON (`{"data": …}` or a bare trace) and
 * Zipkin v2 arrays (shared client/server ids become two spans). Each trace carries warnings for
 * fragments without timestamps, clock skew and missing parents.
 * @throws TbtError('input') naming every format tried when none fits, with the file as location.
 */
export { decodeTraceFile } from './trace-file.ts';

/**
 * Decodes bytes whose format is already known (a tracing backend's answer): `jaeger-json`,
 * `zipkin-json`, or any OTLP JSON wrapper for the OTLP formats. Returns traces with warnings.
 * @throws TbtError('input') when the bytes are not that format, naming `source`.
 */
export { decodeTraceAs } from './trace-file.ts';
export type { TraceFileFormat } from './trace-file.ts';
