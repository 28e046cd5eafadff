// Decodes Jaeger query-API JSON (`{"data": [...]}`, `{"data": {…}}`, or a bare trace object) into
// model spans, mapping Jaeger's tag conventions (span.kind, otel.status_code, error) back to OTLP.
import { setOwnKey } from '../common/index.ts';
import type { AttributeValue, Attributes, InstrumentationScope, Span, SpanEvent, SpanKind, SpanLink, SpanStatus } from '../model/index.ts';
import { type DecodedSpans, microsInRange, nanosFromMicros, warn } from './decoded.ts';
import { isZeroId, normalizeId } from './ids.ts';
import { describeAttributeValue, describeShape, inputError, isRecord, quoteForMessage } from './input-error.ts';
import { int64FromJson, intAttribute, serviceOf } from './otlp-values.ts';

type JsonObject = Record<string, unknown>;
interface Process { readonly service: string; readonly resource: Attributes }

const KINDS: Readonly<Record<string, SpanKind>> = {
  client: 'client', server: 'server', producer: 'producer', consumer: 'consumer', internal: 'internal',
};
// Tags the OTLP→Jaeger translation invents; they are folded back into kind, status and scope.
const FOLDED = new Set([
  'span.kind', 'otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.scope.version',
  'otel.library.name', 'otel.library.version',
]);

function array(value: unknown, name: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw inputError(`${name}: expected an array, found ${describeShape(value)}`);
  return value;
}

function tagValue(tag: JsonObject): AttributeValue | undefined {
  const value = tag['value'];
  switch (tag['type']) {
    case 'bool': return value === true || value === 'true';
    case 'int64':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return intAttribute(int64FromJson(value, `tag ${quoteForMessage(String(tag['key']))}`));
      break;
    case 'float64':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      break;
    default:
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  }
  if (value === undefined || value === null) return undefined;
  throw inputError(`tag ${quoteForMessage(String(tag['key']))}: ${describeAttributeValue(value)} is not a valid ${quoteForMessage(String(tag['type']))}`);
}

function tags(value: unknown, name: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const item of array(value, name)) {
    if (!isRecord(item) || typeof item['key'] !== 'string') throw inputError(`${name}: expected {key, type, value} tags`);
    const converted = tagValue(item);
    if (converted !== undefined) setOwnKey(out, item['key'], converted);
  }
  return out;
}

function processOf(value: unknown, name: string): Process {
  if (!isRecord(value)) throw inputError(`${name}: expected a process object, found ${describeShape(value)}`);
  const resource = tags(value['tags'], `${name}.tags`);
  const serviceName = value['serviceName'];
  if (typeof serviceName === 'string' && serviceName !== '') setOwnKey(resource, 'service.name', serviceName);
  return { service: serviceOf(resource), resource };
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw inputError(`${name}: expected a string, found ${describeShape(value)}`);
  return value;
}

function micros(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw inputError(`${name}: expected microseconds, found ${describeShape(value)}`);
  return microsInRange(value, name);
}

/** Folds the translator's tags back into status, kind and scope, and leaves the rest as attributes. */
function fold(attributes: Record<string, AttributeValue>): { kind: SpanKind; status: SpanStatus; scope: InstrumentationScope } {
  const kind = KINDS[String(attributes['span.kind'] ?? '').toLowerCase()] ?? 'unspecified';
  const code = String(attributes['otel.status_code'] ?? '').toUpperCase();
  const description = attributes['otel.status_description'];
  const failed = code === 'ERROR' || attributes['error'] === true || attributes['error'] === 'true';
  if (failed && (attributes['error'] === true || attributes['error'] === 'true')) delete attributes['error'];
  const status: SpanStatus = {
    code: failed ? 'error' : code === 'OK' ? 'ok' : 'unset',
    ...(typeof description === 'string' && description !== '' ? { message: description } : {}),
  };
  const scopeName = attributes['otel.scope.name'] ?? attributes['otel.library.name'];
  const scopeVersion = attributes['otel.scope.version'] ?? attributes['otel.library.version'];
  const scope: InstrumentationScope = {
    name: typeof scopeName === 'string' ? scopeName : '',
    ...(typeof scopeVersion === 'string' && scopeVersion !== '' ? { version: scopeVersion } : {}),
    attributes: {},
  };
  for (const key of FOLDED) delete attributes[key];
  return { kind, status, scope };
}

function events(value: unknown): SpanEvent[] {
  return array(value, 'logs').map((log) => {
    if (!isRecord(log)) throw inputError(`logs: expected {timestamp, fields}, found ${describeShape(log)}`);
    const fields = tags(log['fields'], 'logs[].fields');
    const name = typeof fields['event'] === 'string' ? fields['event'] : 'log';
    if (typeof fields['event'] === 'string') delete fields['event'];
    return { name, timeUnixNano: nanosFromMicros(micros(log['timestamp'], 'logs[].timestamp')), attributes: fields };
  });
}

function span(s: JsonObject, processes: ReadonlyMap<string, Process>, where: string): Span {
  const traceId = normalizeId(text(s['traceID'], 'traceID'), 'trace', 'traceID');
  const spanId = normalizeId(text(s['spanID'], 'spanID'), 'span', 'spanID');
  if (traceId === '' || spanId === '') throw inputError('traceID and spanID must not be empty');
  const process = s['process'] !== undefined ? processOf(s['process'], `${where}.process`) : processes.get(String(s['processID']));
  if (process === undefined) throw inputError(`processID ${quoteForMessage(s['processID'])} is not in the trace's processes`);

  let parent: string | undefined;
  const links: SpanLink[] = [];
  const refs = array(s['references'], 'references').map((ref) => {
    if (!isRecord(ref)) throw inputError('references: expected {refType, traceID, spanID}');
    return {
      type: String(ref['refType']),
      traceId: normalizeId(text(ref['traceID'], 'references[].traceID'), 'trace', 'references[].traceID'),
      spanId: normalizeId(text(ref['spanID'], 'references[].spanID'), 'span', 'references[].spanID'),
    };
  });
  // The parent is the first CHILD_OF in the same trace, else the first FOLLOWS_FROM there.
  const parentRef = refs.find((r) => r.type === 'CHILD_OF' && r.traceId === traceId) ?? refs.find((r) => r.traceId === traceId);
  if (parentRef !== undefined) parent = parentRef.spanId;
  else if (typeof s['parentSpanID'] === 'string') parent = normalizeId(s['parentSpanID'], 'span', 'parentSpanID');
  for (const ref of refs) if (ref !== parentRef) links.push({ traceId: ref.traceId, spanId: ref.spanId, attributes: {} });

  const attributes = tags(s['tags'], 'tags');
  const { kind, status, scope } = fold(attributes);
  const start = micros(s['startTime'], 'startTime');
  const duration = s['duration'] === undefined ? 0 : micros(s['duration'], 'duration');
  return {
    traceId,
    spanId,
    ...(parent !== undefined && parent !== '' && !isZeroId(parent) ? { parentSpanId: parent } : {}),
    name: typeof s['operationName'] === 'string' ? s['operationName'] : '',
    kind,
    service: process.service,
    startTimeUnixNano: nanosFromMicros(start),
    endTimeUnixNano: nanosFromMicros(start) + nanosFromMicros(duration),
    attributes,
    resource: process.resource,
    scope,
    status,
    events: events(s['logs']),
    links,
  };
}

function decodeTrace(trace: unknown, where: string, out: DecodedSpans): void {
  if (!isRecord(trace)) throw inputError(`${where}: expected a Jaeger trace object, found ${describeShape(trace)}`);
  const processes = new Map<string, Process>();
  const rawProcesses = trace['processes'] ?? {};
  if (!isRecord(rawProcesses)) throw inputError(`${where}.processes: expected an object`);
  for (const [id, value] of Object.entries(rawProcesses)) processes.set(id, processOf(value, `${where}.processes.${id}`));
  const spans = array(trace['spans'], `${where}.spans`);
  spans.forEach((value, i) => {
    try {
      if (!isRecord(value)) throw inputError(`expected a span object, found ${describeShape(value)}`);
      out.spans.push(span(value, processes, `${where}.spans[${i}]`));
    } catch (error) {
      throw inputError(`${where}.spans[${i}]: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  });
  const last = out.spans[out.spans.length - 1];
  for (const note of array(trace['warnings'], `${where}.warnings`)) {
    if (typeof note === 'string' && last !== undefined) warn(out.warnings, last.traceId, `jaeger: ${note}`);
  }
}

/** Spans of Jaeger JSON: `{data: [traces]}`, `{data: trace}`, a bare trace, or an array of traces. */
export function decodeJaegerJsonValue(value: unknown, what = 'Jaeger JSON'): DecodedSpans {
  const out: DecodedSpans = { spans: [], warnings: new Map() };
  const data = isRecord(value) && 'data' in value ? value['data'] : value;
  if (Array.isArray(data)) data.forEach((trace, i) => decodeTrace(trace, `${what}: data[${i}]`, out));
  else if (data === null) return out;
  else decodeTrace(data, isRecord(value) && 'data' in value ? `${what}: data` : what, out);
  return out;
}
