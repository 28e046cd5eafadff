// Synthetic traces for benchmarks: a deep chain, a wide fan-out, and a realistic mix of services,
// HTTP hops, SQL (with N+1 loops) and messaging. Seeded, so every run measures the same input.
import type { Attributes, Span, SpanKind, Trace } from '../src/model/index.ts';

export type SyntheticShape = 'chain' | 'fanout' | 'mix';

export interface SyntheticOptions {
  readonly shape: SyntheticShape;
  readonly spans: number;
  readonly seed?: number;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ORIGIN = 1_700_000_000_000_000_000n;
const SERVICES = ['api-gateway', 'order-service', 'payment-service', 'inventory-service', 'shipping-worker', 'pricing', 'auth'];
const TABLES = ['orders', 'order_items', 'stock', 'payments', 'customers'];

/** A trace of exactly `spans` spans in arrival order shuffled (as a collector would deliver them). */
export function syntheticTrace(options: SyntheticOptions): Trace {
  const random = mulberry32(options.seed ?? 42);
  const spans: Span[] = [];
  // One resource object per service, as decoders share it across a resourceSpans batch.
  const resources = new Map<string, Attributes>();
  const resourceOf = (service: string): Attributes => {
    let resource = resources.get(service);
    if (!resource) {
      resource = { 'service.name': service, 'host.name': 'bench-host', 'process.pid': 1234, 'telemetry.sdk.version': '2.0.0' };
      resources.set(service, resource);
    }
    return resource;
  };
  const make = (parent: Span | undefined, name: string, service: string, kind: SpanKind, startUs: number, durUs: number, attributes: Attributes): Span => {
    const span: Span = {
      traceId: TRACE_ID,
      spanId: (spans.length + 1).toString(16).padStart(16, '0'),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name,
      kind,
      service,
      startTimeUnixNano: ORIGIN + BigInt(Math.round(startUs * 1000)),
      endTimeUnixNano: ORIGIN + BigInt(Math.round((startUs + durUs) * 1000)),
      attributes,
      resource: resourceOf(service),
      scope: { name: '@opentelemetry/instrumentation-http', attributes: {} },
      status: random() < 0.01 ? { code: 'error', message: `failed after ${Math.floor(random() * 100)} ms` } : { code: 'unset' },
      events: [],
      links: [],
    };
    spans.push(span);
    return span;
  };

  if (options.shape === 'chain') {
    let parent: Span | undefined;
    for (let i = 0; i < options.spans; i++) parent = make(parent, `step ${i % 10}`, SERVICES[i % SERVICES.length] ?? 'svc', 'internal', i, options.spans - i, { 'app.depth': i });
  } else if (options.shape === 'fanout') {
    const root = make(undefined, 'GET /batch', 'api-gateway', 'server', 0, 1_000_000, { 'http.request.method': 'GET', 'http.route': '/batch' });
    for (let i = 1; i < options.spans; i++) {
      const start = Math.floor(random() * 900_000);
      make(root, 'SELECT stock', 'inventory-service', 'client', start, 50 + random() * 500, {
        'db.system': 'postgresql',
        'db.statement': `SELECT qty FROM stock WHERE sku = 'SKU-${Math.floor(random() * 1000)}'`,
      });
    }
  } else {
    mix(options.spans, random, make);
  }
  return { traceId: TRACE_ID, spans: shuffle(spans, random), warnings: [] };
}

type Make = (parent: Span | undefined, name: string, service: string, kind: SpanKind, startUs: number, durUs: number, attributes: Attributes) => Span;

/** Requests fan out to services that query SQL (sometimes one query per item) and publish events. */
function mix(total: number, random: () => number, make: Make): void {
  const root = make(undefined, 'POST /checkout', 'api-gateway', 'server', 0, total * 20, {
    'http.request.method': 'POST',
    'http.route': '/checkout',
    'url.full': 'http://127.0.0.1:43211/checkout',
    'user_agent.original': 'bench',
    'client.port': 51000,
  });
  let count = 1;
  let clock = 1;
  const open: Span[] = [root];
  while (count < total) {
    const parent = open[Math.floor(random() * open.length)] ?? root;
    const service = SERVICES[Math.floor(random() * SERVICES.length)] ?? 'svc';
    const roll = random();
    const start = clock;
    clock += 5 + random() * 20;
    if (roll < 0.25 && count + 2 <= total) {
      const id = Math.floor(random() * 100_000);
      const client = make(parent, `GET /orders/${id}`, parent.service, 'client', start, 15, {
        'http.request.method': 'GET',
        'url.full': `http://127.0.0.1:4${Math.floor(random() * 9000)}/orders/${id}`,
        'server.port': 4000,
        'http.response.status_code': 200,
      });
      const server = make(client, 'GET /orders/:id', service, 'server', start + 1, 13, {
        'http.request.method': 'GET',
        'http.route': '/orders/:id',
        'http.request.header.authorization': ['Bearer abc.def.ghi'],
        'request.id': crypto.randomUUID(),
      });
      count += 2;
      if (open.length < 5000) open.push(server);
    } else if (roll < 0.35 && count + 6 <= total) {
      for (let i = 0; i < 5; i++) {
        make(parent, 'SELECT order_items', service, 'client', start + i * 3, 2, {
          'db.system': 'postgresql',
          'db.statement': `SELECT * FROM order_items WHERE order_id = ${Math.floor(random() * 1e6)}`,
        });
      }
      count += 5;
    } else if (roll < 0.45) {
      make(parent, 'publish shipping', service, 'producer', start, 1, {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'shipping',
        'messaging.message.id': crypto.randomUUID(),
        'messaging.kafka.offset': Math.floor(random() * 1e6),
      });
      count += 1;
    } else {
      const table = TABLES[Math.floor(random() * TABLES.length)] ?? 't';
      make(parent, `SELECT ${table}`, service, 'client', start, 1 + random() * 10, {
        'db.system': 'postgresql',
        'db.statement': `SELECT * FROM ${table} WHERE id IN (${Array.from({ length: 1 + Math.floor(random() * 5) }, () => Math.floor(random() * 1000)).join(', ')}) AND created_at > '2024-05-0${1 + Math.floor(random() * 9)}T10:00:00Z'`,
        'thread.id': Math.floor(random() * 64),
      });
      count += 1;
    }
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}
