// Error bodies for the OTLP/HTTP receiver: a google.rpc.Status in the request's encoding, as the
// OTLP spec asks (https://opentelemetry.io/docs/specs/otlp/#failures-1).
import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs';

/** The wire encodings OTLP/HTTP allows. */
export type OtlpEncoding = 'json' | 'protobuf';

/** gRPC status codes that the HTTP errors correspond to. */
export const RPC_CODE = {
  invalidArgument: 3,
  deadlineExceeded: 4,
  resourceExhausted: 8,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
} as const;

/** `Status { int32 code = 1; string message = 2; }`, encoded by hand: two fields need no schema. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Uint8Array {
  if (encoding === 'json') return new TextEncoder().encode(JSON.stringify({ code, message }));
  // protobufjs loads on first use, so commands that never answer a protobuf export skip it.
  const protobuf = createRequire(import.meta.url)('protobufjs') as typeof Protobuf;
  return protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).finish();
}

/** The content type of a body in `encoding`. */
export function contentTypeOf(encoding: OtlpEncoding): string {
  return encoding === 'json' ? 'application/json' : 'application/x-protobuf';
}
