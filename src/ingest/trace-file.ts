// Reads a trace file of any supported format, found by looking at the bytes (the file name only
// breaks ties and names the file in errors). Formats are tried in a fixed, documented order.
import { describeJsonSyntax } from '../common/index.ts';
import type { SourceLocation, Span, Trace } from '../model/index.ts';
import { TbtError } from '../model/index.ts';
import type { DecodedSpans } from './decoded.ts';
import { groupSpansIntoTraces } from './group-traces.ts';
import { inputError, isRecord } from './input-error.ts';
import { decodeJaegerJsonValue } from './jaeger-json.ts';
import { decodeOtlpJsonValue } from './otlp-json.ts';
import { decodeOtlpProtobufBytes } from './otlp-protobuf.ts';
import { decodeZipkinJsonValue } from './zipkin-json.ts';

/** The formats decodeTraceFile recognises. */
export type TraceFileFormat =
  | 'otlp-json'
  | 'otlp-json-lines'
  | 'jaeger-v3-json'
  | 'tempo-json'
  | 'jaeger-json'
  | 'zipkin-json'
  | 'otlp-protobuf';

const TRIED = 'OTLP JSON, OTLP JSON lines, Jaeger api/v3 JSON, Tempo JSON, Jaeger JSON, Zipkin v2 JSON, OTLP protobuf';

function otlp(spans: Span[]): DecodedSpans {
  return { spans, warnings: new Map() };
}

/** The JSON shapes, by their telltale keys; undefined when the value is none of them. */
export function identifyJson(value: unknown): Exclude<TraceFileFormat, 'otlp-json-lines' | 'otlp-protobuf'> | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((v) => isRecord(v) && 'traceId' in v && 'id' in v)) return 'zipkin-json';
    if (value.every((v) => isRecord(v) && 'traceID' in v && 'spans' in v)) return 'jaeger-json';
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if ('resourceSpans' in value || 'resource_spans' in value || Object.keys(value).length === 0) return 'otlp-json';
  if ('batches' in value || (isRecord(value['trace']) && Object.keys(value).length === 1)) return 'tempo-json';
  if ('result' in value) return 'jaeger-v3-json';
  if ('data' in value || ('traceID' in value && 'spans' in value)) return 'jaeger-json';
  return undefined;
}

/** Decodes a JSON value of a known format; wrappers (`result`, `trace`) are unwrapped here. */
export function decodeJsonAs(format: TraceFileFormat, value: unknown, what: string): DecodedSpans {
  switch (format) {
    case 'zipkin-json': return decodeZipkinJsonValue(value, what);
    case 'jaeger-json': return decodeJaegerJsonValue(value, what);
    case 'jaeger-v3-json': return otlp(decodeOtlpJsonValue(isRecord(value) ? value['result'] : value, `${what}: result`));
    case 'tempo-json': {
      const inner = isRecord(value) && isRecord(value['trace']) ? value['trace'] : value;
      return otlp(decodeOtlpJsonValue(inner, what));
    }
    default: return otlp(decodeOtlpJsonValue(value, what));
  }
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Appends in a loop: `push(...items)` passes every span as an argument, past the stack for big chunks. */
function append(target: Span[], items: readonly Span[]): void {
  for (const item of items) target.push(item);
}

/** The first byte that is not JSON whitespace (nor a UTF-8 byte order mark); -1 when none. */
function firstContentByte(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    // Space and \t \n \v \f \r, the ASCII whitespace that trimming (JSON lines) removes.
    if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) return byte;
  }
  return -1;
}

/**
 * Parses JSON text once where the old way parsed it up to twice: when its first line is a whole
 * JSON value, that value is the document (nothing follows) or the first of JSON lines (more
 * follows, so the whole text could not parse). Otherwise the whole text is parsed.
 */
function parseDocumentOrLines(text: string): { kind: 'document'; parsed: ReturnType<typeof tryParse> } | { kind: 'lines' } {
  const start = text.search(/\S/);
  const newline = start < 0 ? -1 : text.indexOf('\n', start);
  if (newline >= 0 && text[start] === '{') {
    const first = tryParse(text.slice(start, newline));
    if (first.ok) return /\S/.test(text.slice(newline)) ? { kind: 'lines' } : { kind: 'document', parsed: first };
  }
  return { kind: 'document', parsed: tryParse(text) };
}

/** Why text is not JSON lines: a line that is not JSON (with JSON.parse's reason), or not a request. */
interface JsonLinesProblem {
  /** 1-based line of the text. */
  readonly line: number;
  readonly problem: string;
  /** JSON.parse's message, when the line is not JSON. */
  readonly syntax?: string;
}

/** JSON lines: every non-empty line an OTLP request (Collector file exporter) or api/v3 chunk. */
function decodeJsonLines(text: string, what: string): DecodedSpans | JsonLinesProblem {
  const lines = text.split('\n');
  const spans: Span[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const parsed = tryParse(line);
    if (!parsed.ok) return { line: i + 1, problem: `line ${i + 1} is not JSON`, syntax: parsed.reason };
    const format = identifyJson(parsed.value);
    if (format !== 'otlp-json' && format !== 'jaeger-v3-json' && format !== 'tempo-json') return { line: i + 1, problem: `line ${i + 1} is JSON but not an OTLP request` };
    append(spans, decodeJsonAs(format, parsed.value, `${what}:${i + 1}`).spans);
  }
  return otlp(spans);
}

const isLinesProblem = (decoded: DecodedSpans | JsonLinesProblem): decoded is JsonLinesProblem => 'problem' in decoded;

/** A JSON syntax error in a file, at its line and column when JSON.parse names a position. */
function jsonSyntaxError(text: string, syntax: string, firstLine: number, file: string | undefined): TbtError {
  const { reason, offset } = describeJsonSyntax(text, syntax);
  let location: SourceLocation | undefined;
  if (file !== undefined) {
    const before = offset === undefined ? undefined : text.slice(0, offset);
    if (before !== undefined) location = { file, line: firstLine + before.split('\n').length - 1, column: before.length - before.lastIndexOf('\n') };
    // No position, but text of one line (a JSON line, a one-line document): the line is known.
    else location = text.trimEnd().includes('\n') ? { file } : { file, line: firstLine };
  }
  return new TbtError('input', `invalid JSON: ${reason}`, { hint: `tbt reads ${TRIED}`, ...(location ? { location } : {}) });
}

/** Plain protobuf, or the Collector file exporter's 4-byte big-endian length-prefixed messages. */
function decodeProtobuf(bytes: Uint8Array, what: string): DecodedSpans {
  if (bytes[0] !== 0) return otlp(decodeOtlpProtobufBytes(bytes, what));
  const spans: Span[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < bytes.length;) {
    if (offset + 4 > bytes.length) throw new TbtError('input', `${what}: truncated length prefix at byte ${offset}`);
    const length = view.getUint32(offset);
    if (offset + 4 + length > bytes.length) throw new TbtError('input', `${what}: message at byte ${offset} claims ${length} bytes, past the end`);
    append(spans, decodeOtlpProtobufBytes(bytes.subarray(offset + 4, offset + 4 + length), what));
    offset += 4 + length;
  }
  return otlp(spans);
}

function notATraceFile(what: string, file: string | undefined, reasons: readonly string[]): TbtError {
  return new TbtError('input', `${what} is not a trace file tbt can read (tried ${TRIED})`, {
    hint: reasons.join('; '),
    ...(file !== undefined ? { location: { file } } : {}),
  });
}

/**
 * The error located at `file`, whose name then no longer needs saying: the decoders call the
 * input `what` (`the file: resourceSpans[0]…`, `the file.spans[2]…`), which the location replaces.
 */
function withLocation(error: unknown, file: string | undefined, what: string): unknown {
  if (!(error instanceof TbtError) || file === undefined || error.location !== undefined) return error;
  const message = error.message.startsWith(`${what}: `) || error.message.startsWith(`${what}.`)
    ? error.message.slice(what.length + (error.message.charAt(what.length) === ':' ? 2 : 1))
    : error.message;
  return new TbtError(error.kind, message, { hint: error.hint, location: { file }, cause: error.cause });
}

/** What kind of JSON scalar the bytes are (`a number`, `a string`, …); undefined when they are no JSON. */
function jsonScalarKind(bytes: Uint8Array): string | undefined {
  if (bytes.length > 4096) return undefined;
  const parsed = tryParse(new TextDecoder('utf-8').decode(bytes));
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  return value === null ? 'null' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? `${String(value)}` : undefined;
}

/**
 * The most bytes read as JSON text: a longer text is past the longest string V8 makes (2^29 - 24
 * characters), and decoding it threw a RangeError, which read as a bug (exit 3).
 */
const MAX_JSON_TEXT_BYTES = 2 ** 29 - 24;

function detect(bytes: Uint8Array, what: string, file: string | undefined): { format: TraceFileFormat; decoded: DecodedSpans } {
  if (bytes.length === 0) throw new TbtError('input', `${what} is empty`, file !== undefined ? { location: { file } } : {});
  // The first bytes decide: JSON opens with `{` or `[`; anything else is tried as protobuf only.
  const first = firstContentByte(bytes);
  if (first === -1) throw new TbtError('input', `${what} holds only blanks`, file !== undefined ? { location: { file } } : {});
  const looksBinary = /\.(pb|binpb|bin|proto|protobuf)$/i.test(file ?? '') || (first !== 0x7b && first !== 0x5b);
  const reasons: string[] = [];
  if (!looksBinary) {
    if (bytes.length > MAX_JSON_TEXT_BYTES) {
      throw new TbtError('input', `${what} is too big to read as JSON text (${Math.round(bytes.length / 2 ** 20)} MiB; JSON trace files of up to 512 MiB are read)`, {
        hint: 'split it into smaller files, or export the trace as OTLP protobuf',
        ...(file !== undefined ? { location: { file } } : {}),
      });
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    const shape = parseDocumentOrLines(text);
    if (shape.kind === 'lines') {
      const lines = decodeJsonLines(text, what);
      if (!isLinesProblem(lines)) return { format: 'otlp-json-lines', decoded: lines };
      // A first line that is a whole JSON value, then more: JSON lines, and this line breaks them.
      if (lines.syntax !== undefined) throw jsonSyntaxError(text.split('\n')[lines.line - 1] ?? '', lines.syntax, lines.line, file);
      throw new TbtError('input', `${lines.problem}: in JSON lines, each line is one (as the Collector's file exporter writes them)`, {
        hint: `tbt reads ${TRIED}`,
        ...(file !== undefined ? { location: { file, line: lines.line, column: 1 } } : {}),
      });
    }
    // Text that opens like JSON and is not JSON: where it breaks is the one useful answer.
    if (!shape.parsed.ok) throw jsonSyntaxError(text, shape.parsed.reason, 1, file);
    const format = identifyJson(shape.parsed.value);
    if (format !== undefined) return { format, decoded: decodeJsonAs(format, shape.parsed.value, what) };
    reasons.push('it is JSON, but has none of the keys resourceSpans, batches, result, data, traceID+spans, or a Zipkin span array');
  }
  // `42`, `"text"`, `null`, `true`: JSON, but no trace shape; that says more than protobuf's reason.
  const scalar = first === 0x22 || first === 0x2d || (first >= 0x30 && first <= 0x39) || first === 0x74 || first === 0x66 || first === 0x6e
    ? jsonScalarKind(bytes) : undefined;
  if (scalar !== undefined) reasons.push(`it is JSON, but ${scalar} rather than an object or an array`);
  else {
    try {
      const decoded = decodeProtobuf(bytes, what);
      if (decoded.spans.length > 0) return { format: 'otlp-protobuf', decoded };
      reasons.push('as protobuf it holds no spans');
    } catch (error) {
      reasons.push(`as protobuf: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw notATraceFile(what, file, reasons);
}

/**
 * Decodes a trace file, detecting its format from the content. Returns every trace in it (with
 * ingest's warnings); a file with no spans gives an empty list.
 */
export function decodeTraceFile(bytes: Uint8Array, fileName?: string): { format: TraceFileFormat; traces: Trace[] } {
  // The location names the file; the message need not repeat it.
  const what = fileName === undefined ? 'the trace file' : 'the file';
  try {
    const { format, decoded } = detect(bytes, what, fileName);
    return { format, traces: groupSpansIntoTraces(decoded.spans, decoded.warnings) };
  } catch (error) {
    throw withLocation(error, fileName, what);
  }
}

const OTLP_FAMILY: ReadonlySet<TraceFileFormat> = new Set(['otlp-json', 'otlp-json-lines', 'jaeger-v3-json', 'tempo-json']);

/**
 * Decodes bytes already known to be `format` (a backend's answer), allowing any OTLP JSON wrapper
 * for the OTLP family. `source` names the bytes in errors.
 */
export function decodeTraceAs(format: TraceFileFormat, body: Uint8Array | string, source = 'trace data'): Trace[] {
  let decoded: DecodedSpans;
  if (format === 'otlp-protobuf') {
    decoded = decodeProtobuf(typeof body === 'string' ? new TextEncoder().encode(body) : body, source);
  } else {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
    const parsed = tryParse(text);
    if (!parsed.ok) {
      const lines = OTLP_FAMILY.has(format) ? decodeJsonLines(text, source) : undefined;
      if (lines === undefined || isLinesProblem(lines)) throw inputError(`${source} is not valid JSON: ${describeJsonSyntax(text, parsed.reason).reason}`);
      decoded = lines;
    } else {
      const found = identifyJson(parsed.value);
      const compatible = found === format || (found !== undefined && OTLP_FAMILY.has(found) && OTLP_FAMILY.has(format));
      if (found === undefined || !compatible) {
        throw inputError(`${source} is ${found === undefined ? 'JSON of no known trace shape' : found}, not ${format}`);
      }
      decoded = decodeJsonAs(found, parsed.value, source);
    }
  }
  return groupSpansIntoTraces(decoded.spans, decoded.warnings);
}
