// Decodes an OTLP/protobuf ExportTraceServiceRequest (or TracesData) into model spans, with
// exact nanosecond times and hex ids. Any decode failure becomes a TbtError('input').
import { setOwnKey } from '../common/index.ts';
import type { AttributeValue, Attributes, InstrumentationScope, Span } from '../model/index.ts';
import { hexFromBytes, isZeroId } from './ids.ts';
import { inputError } from './input-error.ts';
import { exportTraceServiceRequestType } from './otlp-schema.ts';
import {
  MAX_VALUE_DEPTH, NONE, bigintFromLong, intAttribute, serviceOf,  spanStatus, isRootParent, type LongBits,
} from './otlp-values.ts';

// The decoded message shapes, as protobufjs builds them (camelCase, defaults on the prototype).
interface WireAnyValue {
  readonly value?: string;
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: LongBits | number;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values: readonly WireAnyValue[] } | null;
  readonly kvlistValue?: { readonly values: readonly WireKeyValue[] } | null;
  readonly bytesValue?: Uint8Array;
}
interface WireKeyValue { readonly key: string; readonly value: WireAnyValue | null }
interface WireScope { readonly name: string; readonly version: string; readonly attributes: readonly WireKeyValue[] }
interface WireEvent { readonly timeUnixNano: LongBits | number; readonly name: string; readonly attributes: readonly WireKeyValue[] }
interface WireLink { readonly traceId: Uint8Array; readonly spanId: Uint8Array; readonly attributes: readonly WireKeyValue[] }
interface WireSpan {
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly parentSpanId: Uint8Array;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: LongBits | number;
  readonly endTimeUnixNano: LongBits | number;
  readonly attributes: readonly WireKeyValue[];
  readonly events: readonly WireEvent[];
  readonly links: readonly WireLink[];
  readonly status: { readonly code: number; readonly message: string } | null;
}
interface WireScopeSpans { readonly scope: WireScope | null; readonly spans: readonly WireSpan[] }
interface WireResourceSpans {
  readonly resource: { readonly attributes: readonly WireKeyValue[] } | null;
  readonly scopeSpans: readonly WireScopeSpans[];
  readonly instrumentationLibrarySpans: readonly WireScopeSpans[];
}
interface WireRequest { readonly resourceSpans: readonly WireResourceSpans[] }

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
const CODES = ['unset', 'ok', 'error'] as const;

function anyValue(v: WireAnyValue | null, depth: number): AttributeValue | undefined {
  if (v === null) return undefined;
  if (depth > MAX_VALUE_DEPTH) throw inputError(`attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  switch (v.value) {
    case 'stringValue': return v.stringValue ?? '';
    case 'boolValue': return v.boolValue ?? false;
    case 'intValue': return intAttribute(bigintFromLong(v.intValue, true));
    case 'doubleValue': return v.doubleValue ?? 0;
    case 'bytesValue': return Buffer.from(v.bytesValue ?? new Uint8Array()).toString('base64');
    case 'arrayValue': {
      const out: AttributeValue[] = [];
      for (const item of v.arrayValue?.values ?? []) {
        const converted = anyValue(item, depth + 1);
        if (converted !== undefined) out.push(converted);
      }
      return out;
    }
    case 'kvlistValue': return keyValues(v.kvlistValue?.values ?? [], depth + 1);
    default: return undefined;
  }
}

function keyValues(list: readonly WireKeyValue[], depth = 0): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list) {
    const converted = anyValue(kv.value, depth);
    if (converted !== undefined) setOwnKey(out, kv.key, converted);
  }
  return out;
}

function requiredId(bytes: Uint8Array, name: string, length: number): string {
  const id = hexFromBytes(bytes);
  if (id === '' || isZeroId(id)) throw inputError(`${name} is empty or all zeros, which OTLP defines as invalid`);
  if (bytes.length !== length) throw inputError(`${name} has ${bytes.length} bytes, expected ${length}`);
  return id;
}

// The trace id bytes of the span decoded last (a copy: a slice would keep the whole request body
// alive), and their id. As in the JSON decoder, the spans of a trace arrive together and share one
// id string instead of a new hex string each (issue 14).
const lastTraceIdBytes = new Uint8Array(16);
let lastTraceId = '';

/** A span's trace id (requiredId), the previous span's string when its bytes are the same. */
function spanTraceId(bytes: Uint8Array): string {
  if (lastTraceId !== '' && bytes.length === 16) {
    let same = true;
    for (let i = 0; i < 16 && same; i++) same = bytes[i] === lastTraceIdBytes[i];
    if (same) return lastTraceId;
  }
  const id = requiredId(bytes, 'traceId', 16);
  lastTraceIdBytes.set(bytes);
  lastTraceId = id;
  return id;
}

function scopeOf(scope: WireScope | null): InstrumentationScope {
  if (scope === null) return { name: '', attributes: {} };
  return {
    name: scope.name,
    ...(scope.version !== '' ? { version: scope.version } : {}),
    attributes: keyValues(scope.attributes),
  };
}

function span(s: WireSpan, resource: Attributes, service: string, scope: InstrumentationScope): Span {
  const parent = hexFromBytes(s.parentSpanId);
  const message = s.status?.message ?? '';
  const traceId = spanTraceId(s.traceId);
  const spanId = requiredId(s.spanId, 'spanId', 8);
  const name = s.name;
  const kind = KINDS[s.kind] ?? 'unspecified';
  const startTimeUnixNano = bigintFromLong(s.startTimeUnixNano, false);
  const endTimeUnixNano = bigintFromLong(s.endTimeUnixNano, false);
  const attributes = keyValues(s.attributes);
  const status = spanStatus(CODES[s.status?.code ?? 0] ?? 'unset', message);
  const events = s.events.length === 0 ? NONE : s.events.map((e) => ({
    name: e.name,
    timeUnixNano: bigintFromLong(e.timeUnixNano, false),
    attributes: keyValues(e.attributes),
  }));
  const links = s.links.length === 0 ? NONE : s.links.map((l) => ({
    traceId: requiredId(l.traceId, 'links[].traceId', 16),
    spanId: requiredId(l.spanId, 'links[].spanId', 8),
    attributes: keyValues(l.attributes),
  }));
  // See isRootParent: one literal per shape, the parent id (when there is one) last.
  return isRootParent(parent)
    ? { traceId, spanId, name, kind, service, startTimeUnixNano, endTimeUnixNano, attributes, resource, scope, status, events, links }
    : { traceId, spanId, name, kind, service, startTimeUnixNano, endTimeUnixNano, attributes, resource, scope, status, events, links, parentSpanId: parent };
}

/** Decodes the request's bytes; `what` names the source in error messages. */
export function decodeOtlpProtobufBytes(body: Uint8Array, what = 'OTLP/protobuf request'): Span[] {
  let request: WireRequest;
  try {
    request = exportTraceServiceRequestType().decode(body) as unknown as WireRequest;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw inputError(`${what} is not a valid protobuf ExportTraceServiceRequest (${body.length} bytes): ${detail}`, {
      hint: 'the body may be truncated, compressed without a Content-Encoding, or JSON sent as protobuf',
      cause: error,
    });
  }
  const spans: Span[] = [];
  request.resourceSpans.forEach((rs, i) => {
    const resource = keyValues(rs.resource?.attributes ?? []);
    const service = serviceOf(resource);
    const scopeSpans = rs.scopeSpans.length > 0 ? rs.scopeSpans : rs.instrumentationLibrarySpans;
    scopeSpans.forEach((ss, j) => {
      const scope = scopeOf(ss.scope);
      ss.spans.forEach((s, k) => {
        try {
          spans.push(span(s, resource, service, scope));
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          throw inputError(`${what}: resourceSpans[${i}].scopeSpans[${j}].spans[${k}]: ${detail}`, { cause: error });
        }
      });
    });
  });
  return spans;
}
