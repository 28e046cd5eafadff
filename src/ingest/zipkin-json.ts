// Decodes Zipkin v2 JSON (an array of span records) into model spans: microsecond times, string
// tags, endpoints, and Zipkin's shared span ids (see zipkin-shared.ts).
import { setOwnKey } from '../common/index.ts';
import type { AttributeValue, InstrumentationScope, Span, SpanKind, SpanStatus } from '../model/index.ts';
import { type DecodedSpans, microsInRange, nanosFromMicros, warn } from './decoded.ts';
import { isZeroId, normalizeId } from './ids.ts';
import { describeShape, inputError, isRecord, quoteForMessage } from './input-error.ts';
import { placeZipkinRecords, type PlacedRecord, type ZipkinRecord } from './zipkin-shared.ts';

const KINDS: Readonly<Record<string, SpanKind>> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };
// Tags OTel's Zipkin exporter writes for fields Zipkin lacks; they fold back into status and scope.
const FOLDED = ['otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version'];

function optionalMicros(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw inputError(`${name}: expected microseconds, found ${typeof value === 'number' ? String(value) : describeShape(value)}`);
  return microsInRange(value, name);
}

function endpoint(value: unknown, name: string): { serviceName?: string; address?: string; port?: number } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw inputError(`${name}: expected an endpoint object, found ${describeShape(value)}`);
  const serviceName = value['serviceName'];
  const address = value['ipv4'] ?? value['ipv6'];
  const port = value['port'];
  return {
    ...(typeof serviceName === 'string' && serviceName !== '' ? { serviceName } : {}),
    ...(typeof address === 'string' ? { address } : {}),
    ...(typeof port === 'number' && port > 0 ? { port } : {}),
  };
}

function record(value: unknown): ZipkinRecord {
  if (!isRecord(value)) throw inputError(`expected a Zipkin span object, found ${describeShape(value)}`);
  const id = (field: string, kind: 'trace' | 'span'): string | undefined => {
    const raw = value[field];
    if (raw === undefined || raw === null || raw === '') return undefined;
    if (typeof raw !== 'string') throw inputError(`${field}: expected a hex string, found ${describeShape(raw)}`);
    return normalizeId(raw, kind, field);
  };
  const traceId = id('traceId', 'trace');
  const spanId = id('id', 'span');
  if (traceId === undefined || spanId === undefined) throw inputError('a Zipkin span needs "traceId" and "id"');
  const parentId = id('parentId', 'span');
  const kind = value['kind'];
  if (kind !== undefined && (typeof kind !== 'string' || KINDS[kind] === undefined)) throw inputError(`kind: ${quoteForMessage(kind)} is not a Zipkin span kind`);
  const tags = value['tags'] ?? {};
  if (!isRecord(tags)) throw inputError(`tags: expected an object, found ${describeShape(tags)}`);
  const annotations = value['annotations'] ?? [];
  if (!Array.isArray(annotations)) throw inputError(`annotations: expected an array, found ${describeShape(annotations)}`);
  const local = endpoint(value['localEndpoint'], 'localEndpoint');
  const remote = endpoint(value['remoteEndpoint'], 'remoteEndpoint');
  const timestamp = optionalMicros(value['timestamp'], 'timestamp');
  const duration = optionalMicros(value['duration'], 'duration');
  return {
    traceId,
    id: spanId,
    ...(parentId !== undefined && !isZeroId(parentId) ? { parentId } : {}),
    name: typeof value['name'] === 'string' ? value['name'] : '',
    ...(typeof kind === 'string' ? { kind } : {}),
    ...(timestamp !== undefined && timestamp > 0 ? { timestamp } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(local?.serviceName !== undefined ? { service: local.serviceName } : {}),
    ...(remote !== undefined ? { remote } : {}),
    annotations: annotations.map((a) => {
      if (!isRecord(a) || typeof a['timestamp'] !== 'number') throw inputError('annotations: expected {timestamp, value}');
      return { timestamp: microsInRange(a['timestamp'], 'annotations[].timestamp'), value: String(a['value'] ?? '') };
    }),
    tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
  };
}

function statusAndScope(attributes: Record<string, AttributeValue>): { status: SpanStatus; scope: InstrumentationScope } {
  const code = String(attributes['otel.status_code'] ?? '').toUpperCase();
  const error = attributes['error'];
  const description = attributes['otel.status_description'] ?? (error !== undefined && error !== '' && error !== 'true' ? error : undefined);
  delete attributes['error'];
  const status: SpanStatus = {
    code: code === 'ERROR' || error !== undefined ? 'error' : code === 'OK' ? 'ok' : 'unset',
    ...(typeof description === 'string' && description !== '' ? { message: description } : {}),
  };
  const scopeName = attributes['otel.scope.name'] ?? attributes['otel.library.name'];
  const scopeVersion = attributes['otel.scope.version'] ?? attributes['otel.library.version'];
  for (const key of FOLDED) delete attributes[key];
  return {
    status,
    scope: {
      name: typeof scopeName === 'string' ? scopeName : '',
      ...(typeof scopeVersion === 'string' && scopeVersion !== '' ? { version: scopeVersion } : {}),
      attributes: {},
    },
  };
}

function toSpan(placed: PlacedRecord, startMicros: number): Span {
  const r = placed.record;
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(r.tags)) setOwnKey(attributes, key, value);
  if (r.remote?.serviceName !== undefined && attributes['peer.service'] === undefined) attributes['peer.service'] = r.remote.serviceName;
  if (r.remote?.address !== undefined) attributes['network.peer.address'] = r.remote.address;
  if (r.remote?.port !== undefined) attributes['network.peer.port'] = r.remote.port;
  const { status, scope } = statusAndScope(attributes);
  const start = nanosFromMicros(startMicros);
  return {
    traceId: r.traceId,
    spanId: placed.spanId,
    ...(placed.parentSpanId !== undefined ? { parentSpanId: placed.parentSpanId } : {}),
    name: r.name,
    kind: r.kind === undefined ? 'internal' : (KINDS[r.kind] ?? 'unspecified'),
    service: r.service ?? 'unknown_service',
    startTimeUnixNano: start,
    endTimeUnixNano: start + nanosFromMicros(r.timestamp === undefined ? 0 : (r.duration ?? 0)),
    attributes,
    resource: r.service === undefined ? {} : { 'service.name': r.service },
    scope,
    status,
    events: r.annotations.map((a) => ({ name: a.value, timeUnixNano: nanosFromMicros(a.timestamp), attributes: {} })),
    links: [],
  };
}

/** Spans of a Zipkin v2 JSON array. Spans without a timestamp are placed at their parent's start. */
export function decodeZipkinJsonValue(value: unknown, what = 'Zipkin v2 JSON'): DecodedSpans {
  if (!Array.isArray(value)) throw inputError(`${what}: expected an array of spans, found ${describeShape(value)}`);
  const records = value.map((item, i) => {
    try {
      return record(item);
    } catch (error) {
      throw inputError(`${what}: [${i}]: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  });
  const warnings = new Map<string, string[]>();
  const placed = placeZipkinRecords(records, warnings);

  // A fragment that merged nowhere has no time of its own: it borrows its parent's start.
  const byId = new Map(placed.map((p) => [`${p.record.traceId}/${p.spanId}`, p]));
  const earliest = new Map<string, number>();
  for (const p of placed) {
    const t = p.record.timestamp;
    if (t !== undefined && t < (earliest.get(p.record.traceId) ?? Number.POSITIVE_INFINITY)) earliest.set(p.record.traceId, t);
  }
  const untimed = new Map<string, number>();
  const spans = placed.map((p) => {
    if (p.record.timestamp !== undefined) return toSpan(p, p.record.timestamp);
    untimed.set(p.record.traceId, (untimed.get(p.record.traceId) ?? 0) + 1);
    let parent = p.parentSpanId === undefined ? undefined : byId.get(`${p.record.traceId}/${p.parentSpanId}`);
    for (let hops = 0; parent !== undefined && parent.record.timestamp === undefined && hops < 64; hops++) {
      parent = parent.parentSpanId === undefined ? undefined : byId.get(`${p.record.traceId}/${parent.parentSpanId}`);
    }
    return toSpan(p, parent?.record.timestamp ?? earliest.get(p.record.traceId) ?? 0);
  });
  for (const [traceId, count] of untimed) {
    warn(warnings, traceId, `zipkin: ${count} span(s) have no timestamp and nothing to merge with; they are placed at their parent's start with zero duration`);
  }
  return { spans, warnings };
}
