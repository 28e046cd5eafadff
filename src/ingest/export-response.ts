// The ExportTraceServiceResponse a receiver answers with, in either OTLP encoding.
import { exportTraceServiceResponseType } from './otlp-schema.ts';

/** OTLP's partial success: how many spans were rejected, and why. */
export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

/**
 * An ExportTraceServiceResponse: empty for full success, else with `partial_success` set. JSON
 * follows proto3 JSON (int64 as a decimal string).
 */
export function encodeExportTraceServiceResponse(format: 'json' | 'protobuf', partialSuccess?: PartialSuccess): Uint8Array {
  if (format === 'json') {
    const body = partialSuccess === undefined
      ? {}
      : { partialSuccess: { rejectedSpans: String(partialSuccess.rejectedSpans), errorMessage: partialSuccess.errorMessage } };
    return new TextEncoder().encode(JSON.stringify(body));
  }
  const message = exportTraceServiceResponseType().fromObject(
    partialSuccess === undefined ? {} : { partialSuccess: { rejectedSpans: partialSuccess.rejectedSpans, errorMessage: partialSuccess.errorMessage } },
  );
  return exportTraceServiceResponseType().encode(message).finish();
}
