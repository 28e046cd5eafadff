// What `attr:KEY` (and a selector key) means on one span: Tracetest's special attributes, span
// attributes, then resource attributes; `resource.` and `scope.` address those explicitly.
import type { AttributeValue, Attributes } from '../model/index.ts';
import { nanos } from './duration.ts';
import { spanDuration, type FlatTree, type PortSpan } from './source.ts';
import { dur, fromAttribute, str, type Value } from './values.ts';

export const SELECTED_SPANS_COUNT = 'tracetest.selected_spans.count';

const STATUS_TEXT = { unset: 'STATUS_CODE_UNSET', ok: 'STATUS_CODE_OK', error: 'STATUS_CODE_ERROR' } as const;

/** The spelling of span status codes in Tracetest files; `"error"`, `2` and friends bind to it. */
export function canonicalStatusCode(literal: string | number): string | undefined {
  const text = String(literal).trim().toLowerCase().replace(/^status_code_/, '');
  if (text === 'unset' || text === '0') return STATUS_TEXT.unset;
  if (text === 'ok' || text === '1') return STATUS_TEXT.ok;
  if (text === 'error' || text === '2') return STATUS_TEXT.error;
  return undefined;
}

/** `"SPAN_KIND_PRODUCER"`, `"Producer"` → `"producer"`, the model's spelling. */
export function canonicalKind(literal: string): string | undefined {
  const text = literal.trim().toLowerCase().replace(/^span_kind_/, '');
  return ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'].includes(text) ? text : undefined;
}

/**
 * Tracetest's span type, from the first matching semantic-convention prefix. Messaging and
 * databases win over HTTP because they often ride on it; tbt's trigger root is `general`.
 */
function spanType(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  const has = (prefix: string): boolean => keys.some((key) => key.startsWith(prefix));
  if (has('messaging.')) return 'messaging';
  if (has('db.')) return 'database';
  if (has('rpc.')) return 'rpc';
  if (has('http.')) return 'http';
  if (has('faas.')) return 'faas';
  if (has('exception.')) return 'exception';
  return 'general';
}

function attribute(map: Attributes, key: string): Value | undefined {
  const value: AttributeValue | undefined = Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  return value === undefined ? undefined : fromAttribute(value);
}

function firstOf(map: Attributes, keys: readonly string[]): Value | undefined {
  for (const key of keys) {
    const value = attribute(map, key);
    if (value) return value;
  }
  return undefined;
}

function eventsValue(span: PortSpan): Value {
  return {
    kind: 'array',
    items: span.events.map((event): Value => {
      const entries = new Map<string, Value>([['name', str(event.name)]]);
      if (event.timeUnixNano !== undefined) entries.set('time', dur(nanos(event.timeUnixNano)));
      entries.set('attributes', fromAttribute(event.attributes));
      return { kind: 'object', entries };
    }),
  };
}

function linksValue(span: PortSpan): Value {
  return {
    kind: 'array',
    items: span.links.map((link): Value => ({
      kind: 'object',
      entries: new Map<string, Value>([
        ['trace_id', str(link.traceId)],
        ['span_id', str(link.spanId)],
        ['attributes', fromAttribute(link.attributes)],
      ]),
    })),
  };
}

/** The value of `key` on span `index`, or undefined when the span has no such attribute. */
export function lookup(flat: FlatTree, index: number, key: string): Value | undefined {
  const span = flat.spans[index] as PortSpan;
  switch (key) {
    case 'name':
    case 'tracetest.span.name':
      return str(span.name);
    case 'kind':
    case 'tracetest.span.kind':
      return str(span.kind);
    case 'tracetest.span.type':
      return str(index === flat.triggerRoot ? 'general' : spanType(span.attributes));
    case 'tracetest.span.duration': {
      const duration = spanDuration(span);
      return duration ? dur(duration) : undefined;
    }
    case 'tracetest.span.start_time':
      return span.startTimeUnixNano === undefined ? undefined : dur(nanos(span.startTimeUnixNano));
    case 'tracetest.span.end_time':
      return span.endTimeUnixNano === undefined ? undefined : dur(nanos(span.endTimeUnixNano));
    case 'tracetest.span.id':
      return span.spanId === undefined ? undefined : str(span.spanId);
    case 'tracetest.span.parent_id':
      return span.spanId === undefined ? undefined : str(span.parentSpanId ?? '');
    case 'tracetest.span.status_code':
      return str(STATUS_TEXT[span.status.code]);
    case 'tracetest.span.status_description':
      return str(span.status.message ?? '');
    case 'tracetest.response.status':
      return index === flat.triggerRoot ? firstOf(span.attributes, ['http.response.status_code', 'rpc.grpc.status_code', 'process.exit.code']) : undefined;
    case 'tracetest.response.body':
      return index === flat.triggerRoot ? firstOf(span.attributes, ['tbt.response.body', 'tbt.command.output']) : undefined;
    case 'tracetest.response.headers':
      return index === flat.triggerRoot ? attribute(span.attributes, 'tbt.response.headers') : undefined;
    case 'span.events':
      return eventsValue(span);
    case 'span.links':
      return linksValue(span);
    case 'service.name':
      return attribute(span.attributes, key) ?? attribute(span.resource, key) ?? str(span.service);
  }
  const own = attribute(span.attributes, key);
  if (own) return own;
  if (key.startsWith('resource.')) return attribute(span.resource, key.slice('resource.'.length));
  if (key.startsWith('scope.') && span.scope) {
    const rest = key.slice('scope.'.length);
    if (rest === 'name') return str(span.scope.name);
    if (rest === 'version') return span.scope.version === undefined ? undefined : str(span.scope.version);
    return attribute(span.scope.attributes, rest);
  }
  return attribute(span.resource, key);
}
