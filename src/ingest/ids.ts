// Trace and span ids in every spelling the wire formats use, turned into the model's lowercase
// hex (32 chars for trace ids, 16 for span ids). Knows nothing of spans.
import { inputError } from './input-error.ts';

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Which id is being read: sets the expected byte length and the wording of errors. */
export type IdKind = 'trace' | 'span';

const byteLength: Record<IdKind, number> = { trace: 16, span: 8 };

/** Lowercase hex of raw id bytes (protobuf). Empty bytes give ''. */
export function hexFromBytes(bytes: Uint8Array | readonly number[]): string {
  // protobufjs hands out Buffer slices, but a field's default may be a plain empty array.
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)).toString('hex');
}

/**
 * Reads an id that OTLP/JSON should spell in hex but that some producers (Tempo, gogo/jsonpb)
 * spell in base64. Hex of the exact length wins; otherwise base64 that decodes to the exact byte
 * count; otherwise any even-length hex (short Jaeger/Zipkin ids) is left-padded. '' stays ''.
 */
export function normalizeId(text: string, kind: IdKind, where: string): string {
  if (text === '') return '';
  const wanted = byteLength[kind] * 2;
  // The common case, three ids per span: already the model's form, which the regex and
  // toLowerCase below would return unchanged.
  if (text.length === wanted && isLowercaseHex(text)) return text;
  if (HEX.test(text)) {
    if (text.length === wanted) return text.toLowerCase();
    if (text.length < wanted) return text.toLowerCase().padStart(wanted, '0');
  }
  if (BASE64.test(text)) {
    const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === byteLength[kind]) return bytes.toString('hex');
  }
  throw inputError(
    `${where}: ${kind} id "${text.length > 48 ? `${text.slice(0, 48)}…` : text}" is neither ` +
      `${wanted}-digit hex nor base64 of ${byteLength[kind]} bytes`,
  );
}

/** True when every character is a digit or a..f. */
function isLowercaseHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/** True when an id is all zeros, which OTLP defines as invalid (and some senders use for "none"). */
export function isZeroId(id: string): boolean {
  // A loop that stops at the first non-zero digit (the first, nearly always): ids are checked per span.
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 0x30) return false;
  return true;
}
