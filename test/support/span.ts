// One builder for the model's Span in tests: a test names only the fields it is about, the rest
// are neutral defaults, so a change to the Span model is made here once and not in every test.
import type { Span } from '../../src/model/index.ts';

/** The trace id a span gets when a test does not name one (W3C's example id). */
export const TEST_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** The fields a test sets; `spanId` is the only one it must. An undefined parent means a root. */
export type SpanFields = Partial<Span> & Pick<Span, 'spanId'>;

/**
 * A complete Span: `fields` over the defaults (trace TEST_TRACE_ID, name `op <spanId>`, kind
 * internal, service `svc`, 1 ms long, a resource that names the service, scope `test`, status
 * unset, no attributes, events or links). A `parentSpanId` that is undefined is left out, as
 * ingest leaves out a root's. Keys come in the model's order, so text built from a span does not
 * depend on which fields a test named.
 */
export function makeSpan(fields: SpanFields): Span {
  const service = fields.service ?? 'svc';
  return {
    traceId: fields.traceId ?? TEST_TRACE_ID,
    spanId: fields.spanId,
    ...(fields.parentSpanId === undefined ? {} : { parentSpanId: fields.parentSpanId }),
    name: fields.name ?? `op ${fields.spanId}`,
    kind: fields.kind ?? 'internal',
    service,
    startTimeUnixNano: fields.startTimeUnixNano ?? 1_000_000n,
    endTimeUnixNano: fields.endTimeUnixNano ?? 2_000_000n,
    attributes: fields.attributes ?? {},
    resource: fields.resource ?? { 'service.name': service },
    scope: fields.scope ?? { name: 'test', attributes: {} },
    status: fields.status ?? { code: 'unset' },
    events: fields.events ?? [],
    links: fields.links ?? [],
  };
}
