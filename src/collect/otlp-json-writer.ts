// Writes model spans back out as an OTLP/JSON ExportTraceServiceRequest (hex ids, string nanos,
// typed AnyValues), the file format `tbt receive --out` saves and `tbt show/diff/lint` read back.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../common/index.ts';
import { TbtError, type AttributeValue, type Attributes, type InstrumentationScope, type Span, type SpanKind, type StatusCode } from '../model/index.ts';
import { decodeTraceFile } from '../ingest/index.ts';

/** One OTLP/JSON `AnyValue`. */
type OtlpJsonAnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number | string }
  | { readonly arrayValue: { readonly values: readonly OtlpJsonAnyValue[] } }
  | { readonly kvlistValue: { readonly values: readonly OtlpJsonKeyValue[] } };

interface OtlpJsonKeyValue {
  readonly key: string;
  readonly value: OtlpJsonAnyValue;
}

interface OtlpJsonScope {
  readonly name: string;
  readonly version?: string;
  readonly attributes: readonly OtlpJsonKeyValue[];
}

interface OtlpJsonSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly OtlpJsonKeyValue[];
  readonly events: readonly { readonly timeUnixNano: string; readonly name: string; readonly attributes: readonly OtlpJsonKeyValue[] }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string; readonly attributes: readonly OtlpJsonKeyValue[] }[];
  readonly status: { readonly code: number; readonly message?: string };
}

/** The JSON value of an `ExportTraceServiceRequest`; only the fields the model carries. */
interface OtlpJsonTraceRequest {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly OtlpJsonKeyValue[] };
    readonly scopeSpans: readonly { readonly scope: OtlpJsonScope; readonly spans: readonly OtlpJsonSpan[] }[];
  }[];
}

// OTLP/JSON writes enums as their integer values (the spec's JSON mapping exception).
const KIND_NUMBER: Readonly<Record<SpanKind, number>> = {
  unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5,
};
const STATUS_NUMBER: Readonly<Record<StatusCode, number>> = { unset: 0, ok: 1, error: 2 };

/**
 * Spans (of one or more traces) as an OTLP/JSON request value, grouped by resource and then by
 * scope in first-seen order; span order is kept within each group.
 */
export function toOtlpJsonRequest(spans: readonly Span[]): OtlpJsonTraceRequest {
  const resources = new Map<string, { attributes: OtlpJsonKeyValue[]; scopes: Map<string, { scope: OtlpJsonScope; spans: OtlpJsonSpan[] }> }>();
  for (const span of spans) {
    const resourceAttributes = keyValues(resourceOf(span));
    const resourceKey = JSON.stringify(resourceAttributes);
    let resource = resources.get(resourceKey);
    if (resource === undefined) {
      resource = { attributes: resourceAttributes, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const scope = scopeOf(span.scope);
    const scopeKey = JSON.stringify(scope);
    let group = resource.scopes.get(scopeKey);
    if (group === undefined) {
      group = { scope, spans: [] };
      resource.scopes.set(scopeKey, group);
    }
    group.spans.push(spanOf(span));
  }
  return {
    resourceSpans: [...resources.values()].map((resource) => ({
      resource: { attributes: resource.attributes },
      scopeSpans: [...resource.scopes.values()],
    })),
  };
}

/** The request as JSON text (indented, newline-terminated), ready to be written to a file. */
export function encodeOtlpJson(spans: readonly Span[]): string {
  return JSON.stringify(toOtlpJsonRequest(spans), null, 2) + '\n';
}

/**
 * Writes `spans` to `file` as OTLP/JSON through a temp file and a rename, so that a reader never
 * sees half a file and an existing file is replaced whole.
 */
export async function writeOtlpJsonFile(file: string, spans: readonly Span[]): Promise<void> {
  await writeFileAtomic(file, encodeOtlpJson(spans));
}

/** What `saveTraceSpans` did. */
export interface SavedTrace {
  /** The file written: the one asked for, or a sibling when that one held something unreadable. */
  readonly file: string;
  /** Spans the file held before, kept. */
  readonly earlier: number;
  /** Spans added now (ones the file already held, by span id, are not written twice). */
  readonly added: number;
}

/**
 * Saves spans of a trace so that none already saved is lost: when `file` exists, its spans are
 * read back, the new ones (by span id) join them, and the whole replaces the file through a
 * temp file and a rename. A file that cannot be read as a trace is never overwritten: the spans
 * go to a free sibling name (`x.1.otlp.json`, …) instead. Callers serialise saves of one file.
 */
export async function saveTraceSpans(file: string, spans: readonly Span[]): Promise<SavedTrace> {
  let existing: Buffer | undefined;
  try {
    existing = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing === undefined) {
    await writeOtlpJsonFile(file, spans);
    return { file, earlier: 0, added: spans.length };
  }
  let earlier: Span[];
  try {
    earlier = decodeTraceFile(existing, file).traces.flatMap((trace) => trace.spans);
  } catch (error) {
    if (!(error instanceof TbtError)) throw error;
    const sibling = await freeSibling(file);
    await writeOtlpJsonFile(sibling, spans);
    return { file: sibling, earlier: 0, added: spans.length };
  }
  const known = new Set(earlier.map((span) => span.spanId));
  const fresh = spans.filter((span) => !known.has(span.spanId) && known.add(span.spanId));
  if (fresh.length > 0) await writeOtlpJsonFile(file, [...earlier, ...fresh]);
  return { file, earlier: earlier.length, added: fresh.length };
}

/** `dir/x.otlp.json` → the first of `dir/x.1.otlp.json`, `dir/x.2.otlp.json`, … that does not exist. */
async function freeSibling(file: string): Promise<string> {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const stem = name.endsWith('.otlp.json') ? name.slice(0, -'.otlp.json'.length) : name;
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, `${stem}.${n}.otlp.json`);
    try {
      await stat(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw error;
    }
  }
}

/** The span's resource, with `service.name` agreeing with `span.service` (which decoders may derive). */
function resourceOf(span: Span): Attributes {
  const named = span.resource['service.name'];
  const current = typeof named === 'string' && named !== '' ? named : 'unknown_service';
  return current === span.service ? span.resource : { ...span.resource, 'service.name': span.service };
}

function scopeOf(scope: InstrumentationScope): OtlpJsonScope {
  return {
    name: scope.name,
    ...(scope.version === undefined ? {} : { version: scope.version }),
    attributes: keyValues(scope.attributes),
  };
}

function spanOf(span: Span): OtlpJsonSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: KIND_NUMBER[span.kind],
    startTimeUnixNano: span.startTimeUnixNano.toString(),
    endTimeUnixNano: span.endTimeUnixNano.toString(),
    attributes: keyValues(span.attributes),
    events: span.events.map((event) => ({
      timeUnixNano: event.timeUnixNano.toString(),
      name: event.name,
      attributes: keyValues(event.attributes),
    })),
    links: span.links.map((link) => ({ traceId: link.traceId, spanId: link.spanId, attributes: keyValues(link.attributes) })),
    status: {
      code: STATUS_NUMBER[span.status.code],
      ...(span.status.message === undefined ? {} : { message: span.status.message }),
    },
  };
}

function keyValues(attributes: Attributes): OtlpJsonKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/**
 * The model keeps one `number` for OTLP's int and double: whole numbers go out as `intValue`
 * (a decimal string, as proto3 JSON writes int64), others as `doubleValue`. Both read back as the
 * same number. Non-finite doubles use proto3 JSON's "NaN"/"Infinity" strings.
 */
function anyValue(value: AttributeValue): OtlpJsonAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return { intValue: String(value) };
    if (Number.isFinite(value)) return { doubleValue: value };
    return { doubleValue: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
  }
  if (isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: keyValues(value) } };
}

function isArray(value: AttributeValue): value is readonly AttributeValue[] {
  return Array.isArray(value);
}
