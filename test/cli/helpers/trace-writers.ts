// Small traces written as OTLP JSON, Jaeger JSON and Zipkin v2 JSON from one description, so the
// offline commands can be tried on the same trace in every format tbt reads.

export interface SpanSpec {
  readonly id: string;
  readonly parent?: string;
  readonly name: string;
  readonly service: string;
  readonly kind: 'server' | 'client' | 'internal';
  /** Microseconds after the trace's start. */
  readonly start: number;
  readonly duration: number;
  readonly attributes?: Readonly<Record<string, string>>;
  /** A status message: the span ended in ERROR. */
  readonly error?: string;
}

export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const EPOCH_MICROS = 1_700_000_000_000_000;
const OTLP_KINDS = { internal: 1, server: 2, client: 3 } as const;

/** OTLP/JSON, one resourceSpans entry per service, as the Collector's file exporter writes. */
export function otlpJson(spans: readonly SpanSpec[]): string {
  const services = [...new Set(spans.map((s) => s.service))];
  return JSON.stringify({
    resourceSpans: services.map((service) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'test-writer' },
          spans: spans
            .filter((s) => s.service === service)
            .map((s) => ({
              traceId: TRACE_ID,
              spanId: s.id,
              ...(s.parent ? { parentSpanId: s.parent } : {}),
              name: s.name,
              kind: OTLP_KINDS[s.kind],
              startTimeUnixNano: `${(EPOCH_MICROS + s.start) * 1000}`,
              endTimeUnixNano: `${(EPOCH_MICROS + s.start + s.duration) * 1000}`,
              attributes: Object.entries(s.attributes ?? {}).map(([key, value]) => ({ key, value: { stringValue: value } })),
              status: s.error ? { code: 2, message: s.error } : {},
            })),
        },
      ],
    })),
  });
}

/** Jaeger query-API JSON (`{"data": [trace]}`), kind and status as the OTLP→Jaeger tags. */
export function jaegerJson(spans: readonly SpanSpec[]): string {
  const services = [...new Set(spans.map((s) => s.service))];
  const processId = (service: string): string => `p${services.indexOf(service) + 1}`;
  return JSON.stringify({
    data: [
      {
        traceID: TRACE_ID,
        spans: spans.map((s) => ({
          traceID: TRACE_ID,
          spanID: s.id,
          operationName: s.name,
          references: s.parent ? [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: s.parent }] : [],
          startTime: EPOCH_MICROS + s.start,
          duration: s.duration,
          tags: [
            ...Object.entries(s.attributes ?? {}).map(([key, value]) => ({ key, type: 'string', value })),
            { key: 'span.kind', type: 'string', value: s.kind },
            ...(s.error
              ? [
                  { key: 'otel.status_code', type: 'string', value: 'ERROR' },
                  { key: 'otel.status_description', type: 'string', value: s.error },
                ]
              : []),
          ],
          logs: [],
          processID: processId(s.service),
        })),
        processes: Object.fromEntries(services.map((service) => [processId(service), { serviceName: service, tags: [] }])),
      },
    ],
  });
}

/** Zipkin v2 JSON: an array of span records, kind left out for internal spans. */
export function zipkinJson(spans: readonly SpanSpec[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      traceId: TRACE_ID,
      id: s.id,
      ...(s.parent ? { parentId: s.parent } : {}),
      name: s.name,
      ...(s.kind === 'internal' ? {} : { kind: s.kind.toUpperCase() }),
      timestamp: EPOCH_MICROS + s.start,
      duration: s.duration,
      localEndpoint: { serviceName: s.service },
      tags: { ...(s.attributes ?? {}), ...(s.error ? { 'otel.status_code': 'ERROR', error: s.error } : {}) },
    })),
  );
}

const hex = (n: number): string => n.toString(16).padStart(16, '0');

/**
 * An order listing that loads each item with its own query: `items` serial, identical SELECTs
 * under one handler (an N+1 with no error anywhere), after one query for the order itself.
 */
export function orderListing(items: number, options: { failLast?: boolean } = {}): SpanSpec[] {
  const spans: SpanSpec[] = [
    { id: hex(1), name: 'GET /orders/{id}', service: 'api', kind: 'server', start: 0, duration: 1000 + items * 100, attributes: { 'http.route': '/orders/{id}' } },
    { id: hex(2), parent: hex(1), name: 'load order', service: 'api', kind: 'internal', start: 10, duration: 900 + items * 100 },
    {
      id: hex(3),
      parent: hex(2),
      name: 'SELECT orders',
      service: 'api',
      kind: 'client',
      start: 20,
      duration: 50,
      attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM orders WHERE id = ?' },
    },
  ];
  for (let i = 0; i < items; i++) {
    const last = i === items - 1;
    spans.push({
      id: hex(10 + i),
      parent: hex(2),
      name: 'SELECT items',
      service: 'api',
      kind: 'client',
      start: 100 + i * 100,
      duration: 80,
      attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM items WHERE id = ?' },
      ...(last && options.failLast ? { error: 'deadlock detected' } : {}),
    });
  }
  return spans;
}
