// Selector and assertion speed on a 100,000-span trace: cold (flatten + index build) and warm
// runs of descendant, child, group and scan selectors, plus specs with aggregates. Prints
// figures; asserts nothing. Run: node --import tsx bench/query.bench.ts
import type { Span, SpanTree, SpanTreeNode } from '../src/model/index.ts';
import { evaluateSpecs, queryTree } from '../src/query/index.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BASE = 1_700_000_000_000_000_000n;
let counter = 0;

function span(name: string, service: string, parentSpanId: string | undefined, startNs: bigint, attributes: Span['attributes']): Span {
  counter++;
  return {
    traceId: TRACE_ID,
    spanId: counter.toString(16).padStart(16, '0'),
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: 'internal',
    service,
    startTimeUnixNano: BASE + startNs,
    endTimeUnixNano: BASE + startNs + 1_000_000n + BigInt(counter % 997) * 1_000n,
    attributes,
    resource: { 'service.name': service },
    scope: { name: 'bench', attributes: {} },
    status: { code: counter % 101 === 0 ? 'error' : 'unset' },
    events: [],
    links: [],
  };
}

/** 1 root, 1,000 requests, each: handler → 3 × (call → 32 × query): 100,001 spans, 5 levels. */
function buildTrace(): SpanTree {
  const root = span('GET /batch', 'api-gateway', undefined, 0n, { 'http.request.method': 'GET' });
  const requests: SpanTreeNode[] = [];
  for (let request = 0; request < 1000; request++) {
    const service = `svc-${request % 10}`;
    const handler = span('handler', service, root.spanId, BigInt(request) * 1000n, { 'http.route': `/items/${request % 50}` });
    const calls: SpanTreeNode[] = [];
    for (let call = 0; call < 3; call++) {
      const callSpan = span(call === 2 ? 'publish' : 'call', service, handler.spanId, BigInt(request) * 1000n + BigInt(call), { 'rpc.method': `M${call}` });
      const queries: SpanTreeNode[] = [];
      for (let query = 0; query < 32; query++) {
        const system = query % 4 === 0 ? 'redis' : 'postgres';
        queries.push({ span: span('query', `db-${system}`, callSpan.spanId, BigInt(request) * 1000n + BigInt(call * 40 + query), { 'db.system': system, 'db.rows': query }), children: [] });
      }
      calls.push({ span: callSpan, children: queries });
    }
    requests.push({ span: handler, children: calls });
  }
  return { traceId: TRACE_ID, roots: [{ span: root, children: requests }], spanCount: counter, warnings: [] };
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = work();
  return { ms: performance.now() - started, result };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const built = time(buildTrace);
const tree = built.result;
console.log(`query bench: ${tree.spanCount.toLocaleString('en')} spans (built in ${built.ms.toFixed(0)} ms)`);

const selectors = [
  'span[service.name="svc-3"] span[db.system="postgres"]',
  'span[name="handler"] span[name="call"] span[db.rows >= 30]',
  'span[name="handler"] > span[name="publish"]',
  'span[http.route="/items/7"] span[db.system="redis"]:last',
  'span[tracetest.span.duration > 1.9ms], span[tracetest.span.status_code = "error"]',
  'span[db.system != "redis" name =~ "^qu"]',
];

// Cold: the first query on a tree flattens it; each new key builds its index once.
const cold = time(() => queryTree(selectors[0] as string, tree));
console.log(`  cold  ${cold.ms.toFixed(1).padStart(7)} ms  ${String(cold.result.length).padStart(6)} matches  ${selectors[0]} (flatten + index)`);
for (const selector of selectors) {
  const first = time(() => queryTree(selector, tree));
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) samples.push(time(() => queryTree(selector, tree)).ms);
  console.log(`  first ${first.ms.toFixed(1).padStart(7)} ms  warm ${median(samples).toFixed(1).padStart(6)} ms  ${String(first.result.length).padStart(6)} matches  ${selector}`);
}

const specs = [
  { selector: 'span[service.name="svc-1"] span[db.system="postgres"]', assertions: ['attr:db.rows < 32', 'sum(attr:tracetest.span.duration) < 10s', 'attr:tracetest.selected_spans.count = 7200'] },
  { selector: 'span[name="publish"]', assertions: ['count() = 1000', 'max(attr:tracetest.span.duration) < 2ms'] },
];
const evaluated = time(() => evaluateSpecs(specs, [{ steps: ['span[name="handler"]', 'span[name="publish"]', 'span[db.system="redis"]:last'] }], tree, { env: {}, vars: {} }));
console.log(`  specs ${evaluated.ms.toFixed(1).padStart(7)} ms  ${evaluated.result.length} results (${evaluated.result.filter((result) => result.passed).length} passed), 7,200 spans checked per-span`);
