// Scalar conversions shared by the OTLP JSON and protobuf decoders: enums, 64-bit integers,
// service names, and safe attribute-map building. Knows nothing of the wire layout.
import type { AttributeValue, Attributes, SpanKind, StatusCode } from '../model/index.ts';
import { inputError } from './input-error.ts';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES: readonly StatusCode[] = ['unset', 'ok', 'error'];

/** How deep arrays and kvlists may nest before the input is called hostile. */
export const MAX_VALUE_DEPTH = 32;

/** OTLP `SpanKind` as 0..5, `SPAN_KIND_SERVER` or `server`. Unknown numbers (open enum) → unspecified. */
export function spanKindFromOtlp(value: unknown): SpanKind {
  if (value === undefined || value === null) return 'unspecified';
  if (typeof value === 'number' && Number.isInteger(value)) return KINDS[value] ?? 'unspecified';
  if (typeof value === 'string') {
    const name = value.toLowerCase().replace(/^span_kind_/, '');
    const kind = KINDS.find((k) => k === name);
    if (kind) return kind;
  }
  throw inputError(`kind: ${JSON.stringify(value)} is not an OTLP span kind (0-5 or SPAN_KIND_*)`);
}

/** OTLP `Status.StatusCode` as 0..2, `STATUS_CODE_ERROR` or `error`. Unknown numbers → unset. */
export function statusCodeFromOtlp(value: unknown): StatusCode {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'number' && Number.isInteger(value)) return STATUS_CODES[value] ?? 'unset';
  if (typeof value === 'string') {
    const name = value.toLowerCase().replace(/^status_code_/, '');
    const code = STATUS_CODES.find((c) => c === name);
    if (code) return code;
  }
  throw inputError(`status.code: ${JSON.stringify(value)} is not an OTLP status code (0-2 or STATUS_CODE_*)`);
}

/** An int64 attribute: a number when exact, else its decimal string (see model/attributes.ts). */
export function intAttribute(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** The shape protobufjs gives 64-bit fields when the `long` package is present. */
export interface LongBits {
  readonly low: number;
  readonly high: number;
}

/** An unsigned (fixed64) or signed (int64) protobufjs value as an exact bigint. */
export function bigintFromLong(value: LongBits | number | null | undefined, signed: boolean): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  const unsigned = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return signed ? BigInt.asIntN(64, unsigned) : unsigned;
}

/** A JSON time field: a decimal string (exact) or a number (exact only below 2^53). */
export function nanosFromJson(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  throw inputError(`${field}: ${JSON.stringify(value)} is not a time in Unix nanoseconds`);
}

/** The span's service, as the model defines it. */
export function serviceOf(resource: Attributes): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

/** Sets a key on a map being built, so that a key named `__proto__` stays data. */
export function setAttribute(map: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
