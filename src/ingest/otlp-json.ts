// Decodes an OTLP/JSON ExportTraceServiceRequest (or TracesData) into model spans. Lenient where
// real producers differ from the spec (base64 ids, numeric times, snake_case keys, enum names,
// Tempo's `batches`), strict about shape: anything else is a TbtError('input').
import { setOwnKey } from '../common/index.ts';
import { TbtError, type AttributeValue, type Attributes, type InstrumentationScope, type Span, type SpanEvent, type SpanLink } from '../model/index.ts';
import { normalizeId, isZeroId } from './ids.ts';
import { attributePlace, describeAttributeValue, describeShape, inputError, isRecord } from './input-error.ts';
import {
  MAX_VALUE_DEPTH, NONE, intAttributeFromJson, nanosFromJson, serviceOf,  spanKindFromOtlp, isRootParent, spanStatus, statusCodeFromOtlp,
} from './otlp-values.ts';

type JsonObject = Record<string, unknown>;

/** A field by its proto3 JSON name, or by its original snake_case name (protojson UseProtoNames). */
function field(object: JsonObject, camel: string, snake?: string): unknown {
  const value = object[camel];
  return value !== undefined || snake === undefined ? value : object[snake];
}

function list(value: unknown, name: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw inputError(`${name}: expected an array, found ${describeShape(value)}`);
  return value;
}

/** Each item of a list converted; an absent or empty list gives the shared empty one. */
function listOf<T>(value: unknown, name: string, convert: (item: unknown) => T): readonly T[] {
  // Absent (most spans' events and links): no empty array made only to be found empty.
  if (value === undefined || value === null) return NONE;
  const items = list(value, name);
  return items.length === 0 ? NONE : items.map(convert);
}

/** `name` says what the value is; '' for a list item, which the error's place already names. */
function record(value: unknown, name: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw inputError(`${name === '' ? '' : `${name}: `}expected an object, found ${describeShape(value)}`);
  return value;
}

function text(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw inputError(`${name}: expected a string, found ${describeShape(value)}`);
  return value;
}

/**
 * One AnyValue; undefined for an empty AnyValue, which has no value to keep. `outer` and `key`
 * name the attribute in messages (attributePlace: `attribute "db.password": `); a message never
 * quotes the value itself, which may be a secret no rule knows (describeAttributeValue). Messages
 * are built only on a throw, so the common path pays for none of this (a try per value cost
 * decoding 5–10%).
 */
function anyValue(value: unknown, depth: number, outer: string, key: string): AttributeValue | undefined {
  if (depth > MAX_VALUE_DEPTH) throw inputError(`attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw valueError(outer, key, `value: expected an object, found ${describeShape(value)}`);
  const v = value;
  // The common case first: a string (exactly what the `in` test below would accept).
  const plain = v['stringValue'];
  if (typeof plain === 'string') return plain;
  if ('stringValue' in v || 'string_value' in v) return textValue(field(v, 'stringValue', 'string_value'), 'stringValue', outer, key);
  if ('boolValue' in v || 'bool_value' in v) {
    const b = field(v, 'boolValue', 'bool_value');
    if (typeof b !== 'boolean') throw valueError(outer, key, `boolValue: ${describeAttributeValue(b)} is not a boolean`);
    return b;
  }
  if ('intValue' in v || 'int_value' in v) return intAttributeFromJson(field(v, 'intValue', 'int_value'), outer, key);
  if ('doubleValue' in v || 'double_value' in v) return doubleValue(field(v, 'doubleValue', 'double_value'), outer, key);
  if ('bytesValue' in v || 'bytes_value' in v) return textValue(field(v, 'bytesValue', 'bytes_value'), 'bytesValue', outer, key);
  const array = field(v, 'arrayValue', 'array_value');
  if (array !== undefined) {
    const items = nestedList(array, 'arrayValue', outer, key);
    const out: AttributeValue[] = [];
    for (const item of items) {
      const converted = anyValue(item, depth + 1, outer, key);
      if (converted !== undefined) out.push(converted);
    }
    return out;
  }
  const kvlist = field(v, 'kvlistValue', 'kvlist_value');
  if (kvlist !== undefined) return keyValues(nestedList(kvlist, 'kvlistValue', outer, key), 'kvlistValue.values', depth + 1, attributePlace(outer, key));
  return undefined;
}

/** An input error about the value of attribute `key` (inside the attributes `outer` names). */
function valueError(outer: string, key: string, message: string): TbtError {
  return inputError(`${attributePlace(outer, key)}${message}`);
}

function textValue(value: unknown, name: string, outer: string, key: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw valueError(outer, key, `${name}: expected a string, found ${describeShape(value)}`);
  return value;
}

function doubleValue(value: unknown, outer: string, key: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw valueError(outer, key, `doubleValue: ${describeAttributeValue(value)} is not a number`);
}

/** The `values` of an arrayValue or kvlistValue (`name`). */
function nestedList(value: unknown, name: string, outer: string, key: string): readonly unknown[] {
  if (value === null) return [];
  if (!isRecord(value)) throw valueError(outer, key, `${name}: expected an object, found ${describeShape(value)}`);
  const values = value['values'];
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw valueError(outer, key, `${name}.values: expected an array, found ${describeShape(values)}`);
  return values;
}

/** `outer` names the attribute a kvlist is the value of, for messages ('' at the top). */
function keyValues(value: unknown, name: string, depth = 0, outer = ''): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const item of list(value, name)) {
    if (item === undefined || item === null) continue;
    // The message, naming the attribute whose kvlist this is, is built only on a throw.
    if (!isRecord(item)) throw inputError(`${outer}${name}[]: expected an object, found ${describeShape(item)}`);
    const kv = item;
    // A string key is taken as it is: the message's name is built only for a key that is not one.
    const rawKey = kv['key'];
    const key = typeof rawKey === 'string' ? rawKey : text(rawKey, `${outer}${name}[].key`);
    const converted = anyValue(kv['value'], depth, outer, key);
    if (converted !== undefined) setOwnKey(out, key, converted);
  }
  return out;
}

function scopeOf(value: unknown): InstrumentationScope {
  const scope = record(value, 'scope');
  if (scope === undefined) return { name: '', attributes: {} };
  const version = text(scope['version'], 'scope.version');
  return {
    name: text(scope['name'], 'scope.name'),
    ...(version !== '' ? { version } : {}),
    attributes: keyValues(scope['attributes'], 'scope.attributes'),
  };
}

function requiredId(value: unknown, kind: 'trace' | 'span', name: string): string {
  const id = normalizeId(text(value, name), kind, name);
  if (id === '' || isZeroId(id)) throw inputError(`${name} is empty or all zeros, which OTLP defines as invalid`);
  return id;
}

// The trace id text of the span decoded last, and what it became. The spans of a trace arrive
// together: a span whose text equals the last one takes the same string, so that the spans of a
// trace share one id string rather than each keeping its own copy from the parsed JSON (56 bytes
// a span), and later comparisons of their trace ids find the same string at once (issue 14).
let lastTraceIdText: unknown;
let lastTraceId = '';

/** A span's trace id (requiredId), the previous span's string when its text is the same. */
function spanTraceId(value: unknown): string {
  if (value === lastTraceIdText && typeof value === 'string') return lastTraceId;
  const id = requiredId(value, 'trace', 'traceId');
  lastTraceIdText = value;
  lastTraceId = id;
  return id;
}

function event(value: unknown): SpanEvent {
  const e = record(value, 'events[]') ?? {};
  return {
    name: text(e['name'], 'events[].name'),
    timeUnixNano: nanosFromJson(field(e, 'timeUnixNano', 'time_unix_nano'), 'events[].timeUnixNano'),
    attributes: keyValues(e['attributes'], 'events[].attributes'),
  };
}

function link(value: unknown): SpanLink {
  const l = record(value, 'links[]') ?? {};
  return {
    traceId: requiredId(field(l, 'traceId', 'trace_id'), 'trace', 'links[].traceId'),
    spanId: requiredId(field(l, 'spanId', 'span_id'), 'span', 'links[].spanId'),
    attributes: keyValues(l['attributes'], 'links[].attributes'),
  };
}

function span(value: unknown, resource: Attributes, service: string, scope: InstrumentationScope): Span {
  const s = record(value, 'span');
  if (s === undefined) throw inputError('expected a span object, found null');
  // Fields are read in this order, so that of two faults the same one is reported.
  const parent = normalizeId(text(field(s, 'parentSpanId', 'parent_span_id'), 'parentSpanId'), 'span', 'parentSpanId');
  const statusValue = record(s['status'], 'status');
  const message = statusValue === undefined ? '' : text(statusValue['message'], 'status.message');
  const traceId = spanTraceId(field(s, 'traceId', 'trace_id'));
  const spanId = requiredId(field(s, 'spanId', 'span_id'), 'span', 'spanId');
  const name = text(s['name'], 'name');
  const kind = spanKindFromOtlp(s['kind']);
  const startTimeUnixNano = nanosFromJson(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano');
  const endTimeUnixNano = nanosFromJson(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano');
  const attributes = keyValues(s['attributes'], 'attributes');
  const status = spanStatus(statusCodeFromOtlp(statusValue?.['code']), message);
  const events = listOf(s['events'], 'events', event);
  const links = listOf(s['links'], 'links', link);
  // See isRootParent: one literal per shape, the parent id (when there is one) last.
  return isRootParent(parent)
    ? { traceId, spanId, name, kind, service, startTimeUnixNano, endTimeUnixNano, attributes, resource, scope, status, events, links }
    : { traceId, spanId, name, kind, service, startTimeUnixNano, endTimeUnixNano, attributes, resource, scope, status, events, links, parentSpanId: parent };
}

/** Prefixes an input error with where in the request it happened; other errors pass through. */
function at(where: string, error: unknown): unknown {
  return error instanceof TbtError && error.kind === 'input'
    ? inputError(`${where}: ${error.message}`, { hint: error.hint, cause: error.cause })
    : error;
}

/**
 * Spans of an already-parsed OTLP/JSON request. `what` names the source in error messages.
 * Accepts `resourceSpans`, Tempo's `batches`, and the deprecated instrumentationLibrarySpans.
 */
export function decodeOtlpJsonValue(value: unknown, what = 'OTLP/JSON request'): Span[] {
  const request = record(value, what);
  if (request === undefined) throw inputError(`${what}: expected an object, found ${describeShape(value)}`);
  const resourceSpans = field(request, 'resourceSpans', 'resource_spans') ?? request['batches'];
  if (resourceSpans === undefined && Object.keys(request).length > 0) {
    throw inputError(
      `${what} has no "resourceSpans" (found ${Object.keys(request).slice(0, 5).map((k) => `"${k}"`).join(', ')})`,
      { hint: 'an OTLP trace export looks like {"resourceSpans": [{"resource": …, "scopeSpans": […]}]}' },
    );
  }
  const spans: Span[] = [];
  list(resourceSpans, 'resourceSpans').forEach((rsValue, i) => {
    // Where an error happened, built only when one does (a string per span is 100k strings).
    let j = -1;
    let k = -1;
    const where = (): string => `${what}: resourceSpans[${i}]${j < 0 ? '' : `.scopeSpans[${j}]`}${k < 0 ? '' : `.spans[${k}]`}`;
    try {
      const rs = record(rsValue, '') ?? {};
      const resource = keyValues(record(rs['resource'], 'resource')?.['attributes'], 'resource.attributes');
      const service = serviceOf(resource);
      const scopeSpans = field(rs, 'scopeSpans', 'scope_spans') ?? field(rs, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
      list(scopeSpans, 'scopeSpans').forEach((ssValue, at) => {
        j = at;
        k = -1;
        const ss = record(ssValue, '') ?? {};
        const scope = scopeOf(ss['scope'] ?? field(ss, 'instrumentationLibrary', 'instrumentation_library'));
        const spanList = list(ss['spans'], 'spans');
        for (k = 0; k < spanList.length; k++) spans.push(span(spanList[k], resource, service, scope));
      });
    } catch (error) {
      throw at(where(), error);
    }
  });
  return spans;
}
