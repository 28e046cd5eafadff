// Scalar conversions shared by the OTLP JSON and protobuf decoders: enums, 64-bit integers,
// service names. Knows nothing of the wire layout.
import {
  STATUS_OF_CODE, type Attributes, type SpanKind, type SpanStatus, type StatusCode, type TbtError,
} from '../model/index.ts';
import { isZeroId } from './ids.ts';
import { attributePlace, describeAttributeValue, inputError, quoteForMessage } from './input-error.ts';

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
  throw inputError(`kind: ${quoteForMessage(value)} is not an OTLP span kind (0-5 or SPAN_KIND_*)`);
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
  throw inputError(`status.code: ${quoteForMessage(value)} is not an OTLP status code (0-2 or STATUS_CODE_*)`);
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
  const high = value.high >>> 0;
  // Times of one trace share their high word (it turns every 4.3 s): its shifted bigint is reused,
  // which saves two of the four bigints per timestamp.
  if (high !== lastHigh) {
    lastHigh = high;
    lastHighShifted = BigInt(high) << 32n;
  }
  const unsigned = lastHighShifted | BigInt(value.low >>> 0);
  return signed ? BigInt.asIntN(64, unsigned) : unsigned;
}

let lastHigh = 0;
let lastHighShifted = 0n;

// 64-bit ranges, as the Collector's protojson decoder enforces them: a value outside is refused,
// never wrapped, rounded or carried as a bigger number.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/**
 * The longest decimal text converted to a bigint. BigInt() is quadratic in the digit count (an
 * 8-million-digit literal blocks the event loop for seconds), so length is checked first; 32
 * leaves room for leading zeros and a sign while any 64-bit value needs at most 20 characters.
 */
const MAX_INTEGER_TEXT = 32;

/** A time field's value for a message: digits as they are, anything else quoted. */
function timeForMessage(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_INTEGER_TEXT && /^\d+$/.test(value) ? value : quoteForMessage(value);
}

/**
 * A decimal integer (as proto3 JSON writes 64-bit ints, or a JSON number) as a range-checked
 * bigint. `describe` names a bad value in the message: quoted for times, by its type alone for
 * attribute values (describeAttributeValue).
 */
function integerFromJson(value: unknown, field: string, signed: boolean, describe: (value: unknown) => string = timeForMessage): bigint {
  const [min, max, type] = signed ? [INT64_MIN, INT64_MAX, 'int64'] : [0n, UINT64_MAX, 'uint64'];
  const outOfRange = (what: string): TbtError =>
    inputError(`${field}: ${what} is outside the ${type} range ${min}..${max}`);
  if (typeof value === 'string') {
    if (!(signed ? /^-?\d+$/ : /^\d+$/).test(value)) {
      throw inputError(`${field}: ${describe(value)} is not ${signed ? 'an integer' : 'a time in Unix nanoseconds'}`);
    }
    if (value.length > MAX_INTEGER_TEXT) throw outOfRange(describe(value));
    const parsed = BigInt(value);
    if (parsed < min || parsed > max) throw outOfRange(describe(value));
    return parsed;
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    // A JSON number is already a double: compare as doubles (2^63 and 2^64 are exact).
    if (value < Number(min) || value >= Number(max) + 1) throw outOfRange(describe(value));
    return BigInt(value);
  }
  if (typeof value === 'number' && Number.isFinite(value) && !signed && value >= 0) {
    if (value >= Number(max) + 1) throw outOfRange(describe(value));
    return BigInt(Math.round(value));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON.parse turns a literal too large for a double (hundreds of digits and up) into Infinity.
    throw outOfRange('a number literal too large for any integer type');
  }
  throw inputError(`${field}: ${describe(value)} is not ${signed ? 'an integer' : 'a time in Unix nanoseconds'}`);
}

/** An OTLP/JSON `intValue` (int64): a decimal string or a JSON number, range-checked. */
export function int64FromJson(value: unknown, field = 'intValue'): bigint {
  return integerFromJson(value, field, true, describeAttributeValue);
}

/** At most 15 digits (below 2^53, so a double holds it exactly), optionally negative. */
const SHORT_INTEGER = /^-?\d{1,15}$/;

/**
 * An OTLP/JSON `intValue` as an attribute (intAttribute of int64FromJson). The common short
 * decimal text becomes a number directly, without two bigints on the way (issue 14). `outer` and
 * `key` name the attribute in a message (attributePlace).
 */
export function intAttributeFromJson(value: unknown, outer: string, key: string): number | string {
  if (typeof value === 'string' && SHORT_INTEGER.test(value)) {
    const number = Number(value);
    return number === 0 ? 0 : number; // `-0` is the integer 0, as its bigint says
  }
  // The attribute's name is built here, past the common case, so that a span's ints cost no string.
  return intAttribute(int64FromJson(value, `${attributePlace(outer, key)}intValue`));
}

/** A JSON time field (fixed64 nanoseconds): a decimal string (exact) or a number (exact below 2^53). */
export function nanosFromJson(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  // The common case, two per span: a time in decimal, which needs no range check.
  if (typeof value === 'string') {
    const nanos = shortNanos(value);
    if (nanos !== undefined) return nanos;
  }
  return integerFromJson(value, field, false);
}

// The bigint of the seconds (the digits before the last nine) of the time shortNanos read last:
// the times of a trace mostly share them, and reusing it makes a time one small bigint addition
// where BigInt(text) parsed all nineteen digits (issue 14).
let lastSeconds = 0;
let lastSecondsNanos = 0n;

/**
 * A text of 1 to 19 decimal digits (below 10^19, inside the uint64 range whatever they are) as
 * its bigint; undefined for any other text.
 */
function shortNanos(text: string): bigint | undefined {
  const length = text.length;
  if (length === 0 || length > 19) return undefined;
  // Both parts stay below 2^53, so the doubles hold them exactly.
  const split = length > 9 ? length - 9 : 0;
  let seconds = 0;
  for (let i = 0; i < split; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    seconds = seconds * 10 + digit;
  }
  let nanos = 0;
  for (let i = split; i < length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    nanos = nanos * 10 + digit;
  }
  if (seconds === 0) return BigInt(nanos);
  if (seconds !== lastSeconds) {
    lastSeconds = seconds;
    lastSecondsNanos = BigInt(seconds) * 1_000_000_000n;
  }
  return lastSecondsNanos + BigInt(nanos);
}

/** The span's service, as the model defines it. */
export function serviceOf(resource: Attributes): string {
  const name = resource['service.name'];
  return typeof name === 'string' && name !== '' ? name : 'unknown_service';
}

/**
 * True when a decoded parent id says "root" ('' or all zeros): the span then has no parentSpanId
 * field. Decoders write one object literal per shape, with the parent id as its last field:
 * setting it after the literal moved each span to a new hidden class and gave it an out-of-object
 * property store, 40 bytes more per span that live as long as the span (issue 14).
 */
export function isRootParent(parent: string): boolean {
  return parent === '' || isZeroId(parent);
}

/** A status, with its message only when there is one; one shared object per code without. */
export function spanStatus(code: StatusCode, message: string): SpanStatus {
  return message === '' ? STATUS_OF_CODE[code] : { code, message };
}

/** The events or links of a span that has none: one shared, frozen list (most spans have none). */
export const NONE: readonly never[] = Object.freeze([]);
