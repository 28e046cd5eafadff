// Builds raw SpanTrees from compact descriptions for the query tests: ids and clocks are
// generated, children are sorted by start time as the normalize stage does.
import type { Attributes, Span, SpanEvent, SpanKind, SpanLink, SpanStatus, SpanTree, SpanTreeNode } from '../../../src/model/index.ts';
import { makeSpan } from '../../support/span.ts';

export interface SpanSpec {
  readonly name: string;
  readonly service?: string;
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  readonly resource?: Attributes;
  /** Milliseconds after the trace start. */
  readonly start?: number;
  /** Exact nanoseconds win over milliseconds. */
  readonly durationNs?: bigint;
  readonly durationMs?: number;
  readonly status?: SpanStatus;
  readonly events?: readonly { name: string; atMs?: number; attributes?: Attributes }[];
  readonly links?: readonly SpanLink[];
  readonly children?: readonly SpanSpec[];
}

export const TRACE_START = 1_700_000_000_000_000_000n;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

export function buildTree(roots: readonly SpanSpec[]): SpanTree {
  let counter = 0;
  const build = (spec: SpanSpec, parentSpanId: string | undefined): SpanTreeNode => {
    counter++;
    const spanId = counter.toString(16).padStart(16, '0');
    const start = TRACE_START + BigInt(Math.round((spec.start ?? 0) * 1_000_000));
    const duration = spec.durationNs ?? BigInt(Math.round((spec.durationMs ?? 1) * 1_000_000));
    const service = spec.service ?? 'svc';
    const events: SpanEvent[] = (spec.events ?? []).map((event) => ({
      name: event.name,
      timeUnixNano: start + BigInt(Math.round((event.atMs ?? 0) * 1_000_000)),
      attributes: event.attributes ?? {},
    }));
    const span: Span = makeSpan({
      traceId: TRACE_ID,
      spanId,
      parentSpanId: parentSpanId || undefined,
      name: spec.name,
      kind: spec.kind ?? 'internal',
      service,
      startTimeUnixNano: start,
      endTimeUnixNano: start + duration,
      attributes: spec.attributes ?? {},
      resource: { 'service.name': service, ...spec.resource },
      scope: { name: `${service}-instrumentation`, version: '1.0.0', attributes: { 'scope.flavour': 'test' } },
      status: spec.status ?? { code: 'unset' },
      events,
      links: spec.links ?? [],
    });
    const children = [...(spec.children ?? [])]
      .map((child) => build(child, spanId))
      .sort((a, b) => (a.span.startTimeUnixNano < b.span.startTimeUnixNano ? -1 : a.span.startTimeUnixNano > b.span.startTimeUnixNano ? 1 : 0));
    return { span, children };
  };
  const built = roots.map((root) => build(root, undefined));
  return { traceId: TRACE_ID, roots: built, spanCount: counter, warnings: [] };
}

/** A checkout trace with a trigger root, two services' HTTP spans, DB calls, a queue and an error. */
export function checkoutTree(): SpanTree {
  return buildTree([
    {
      name: 'trigger POST /checkout',
      service: 'tbt',
      kind: 'client',
      durationMs: 120,
      attributes: {
        'http.request.method': 'POST',
        'http.response.status_code': 200,
        'tbt.response.body': '{"orderId":"o-1","total":12.5,"items":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}]}',
        'tbt.response.headers': { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      },
      children: [
        {
          name: 'POST /checkout',
          service: 'api-gateway',
          kind: 'server',
          start: 1,
          durationMs: 110,
          attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200, 'x-request-id': 'req-1' },
          resource: { 'deployment.environment': 'test', 'host.name': 'box-1' },
          children: [
            { name: 'SELECT stock', service: 'inventory-service', kind: 'client', start: 2, durationMs: 3, attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT qty FROM stock WHERE sku = ?', 'db.rows': 1 } },
            { name: 'SELECT stock', service: 'inventory-service', kind: 'client', start: 6, durationMs: 4.5, attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT qty FROM stock WHERE sku = ?', 'db.rows': 0 } },
            {
              name: 'reserve',
              service: 'inventory-service',
              start: 11,
              durationNs: 1_234_567n,
              status: { code: 'error', message: 'out of stock' },
              events: [{ name: 'exception', atMs: 0.5, attributes: { 'exception.type': 'StockError', 'exception.message': 'B-7 is out of stock' } }],
            },
            {
              name: 'charge',
              service: 'payment-service',
              start: 20,
              durationMs: 40,
              attributes: { 'payment.amount': 12.5, 'payment.currency': 'EUR', 'payment.tags': ['card', 'visa'], 'payment.retries': -1 },
              children: [
                { name: 'POST /v1/charges', service: 'payment-service', kind: 'client', start: 21, durationMs: 30, attributes: { 'http.request.method': 'POST', 'http.response.status_code': 201, 'url.full': 'https://psp.example/v1/charges' } },
              ],
            },
            {
              name: 'publish shipping-queue',
              service: 'api-gateway',
              kind: 'producer',
              start: 70,
              durationMs: 2,
              attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'shipping-queue', 'messaging.payload': '{"orderId":"o-1","fields":{"routingKey":"ship"}}' },
              links: [{ traceId: TRACE_ID, spanId: '00000000000000aa', attributes: { 'link.kind': 'follows' } }],
              children: [
                { name: 'process shipping-queue', service: 'shipping-worker', kind: 'consumer', start: 90, durationMs: 5, attributes: { 'messaging.system': 'kafka', 'messaging.operation': 'process' } },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
