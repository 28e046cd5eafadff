// diffTrees on synthetic canonical trees of 1k, 10k and 100k spans (deep chain, wide fan-out,
// realistic mix), each against a mutated copy with a handful of drifts. Prints ms and memory.
import { performance } from 'node:perf_hooks';
import { diffTrees, DEFAULT_TOLERANCES } from '../src/diff/index.ts';
import type { Attributes, CanonicalNode, CanonicalTree } from '../src/model/index.ts';

type Mutable = { -readonly [K in keyof CanonicalNode]: CanonicalNode[K] };

function node(name: string, service: string, attributes: Attributes, children: CanonicalNode[] = [], extra: Partial<Mutable> = {}): CanonicalNode {
  return {
    name, service, kind: 'internal', attributes, status: { code: 'unset' }, events: [],
    count: 1, durationMs: 5, concurrent: false, children, ...extra,
  };
}

/** One long chain: every span calls the next. Built bottom-up, without recursion. */
function deepChain(spans: number, variant: number): CanonicalTree {
  let current = node('bottom', 'db', { 'db.system': 'postgresql', 'db.query.text': variant ? 'SELECT 2' : 'SELECT 1' });
  for (let i = spans - 1; i > 0; i--) current = node(`hop ${i % 11}`, `svc-${i % 5}`, { depth: i }, [current]);
  return { roots: [current] };
}

/** One parent with a concurrent fan-out of distinct calls to the same route. */
function wideFanOut(spans: number, variant: number): CanonicalTree {
  const children: CanonicalNode[] = [];
  for (let i = 0; i < spans - 1; i++) {
    const id = variant && i === 17 ? -1 : i;
    children.push(node('GET /items/{id}', 'catalog', { 'http.request.method': 'GET', 'http.route': '/items/{id}', 'item.id': id }, [], { kind: 'client', concurrent: i > 0 }));
  }
  if (variant) children.splice(spans >> 1, 1);
  return { roots: [node('POST /import', 'gateway', { 'http.route': '/import' }, children, { kind: 'server' })] };
}

/** Requests of ~100 spans: SQL, a fan-out, a publish, nested steps; the variant drifts in a few places. */
function realisticMix(spans: number, variant: number): CanonicalTree {
  const requests: CanonicalNode[] = [];
  const perRequest = 100;
  for (let r = 0; r * perRequest < spans - 1; r++) {
    const kids: CanonicalNode[] = [];
    for (let i = 0; i < 20; i++) {
      kids.push(node('SELECT items', 'orders', { 'db.system': 'postgresql', 'db.operation': 'SELECT', 'db.query.text': `SELECT * FROM items WHERE sku = ? /* ${i} */` }, [], { kind: 'client', durationMs: 3 + (i % 4) }));
    }
    for (let i = 0; i < 30; i++) {
      kids.push(node('GET', 'orders', { 'http.request.method': 'GET', 'url.template': `/prices/${i}` }, [node('price lookup', 'pricing', { currency: 'EUR' }, [], { kind: 'server' })], { kind: 'client', concurrent: i > 0 }));
    }
    kids.push(node('publish shipping', 'orders', { 'messaging.destination.name': 'shipping' }, [], { kind: 'producer', count: variant && r % 250 === 3 ? 2 : 1 }));
    const steps: CanonicalNode[] = [];
    for (let i = 0; i < 18; i++) steps.push(node(`step ${i}`, 'orders', { 'code.function': `step${i}` }, [], { durationMs: variant && r % 300 === 5 && i === 2 ? 900 : 5 }));
    if (variant && r % 400 === 7) steps.reverse();
    kids.push(node('workflow', 'orders', {}, steps));
    const status = variant && r % 500 === 9 ? { code: 'error' as const, message: 'timeout' } : { code: 'unset' as const };
    requests.push(node(`POST /orders/${r}`, 'gateway', { 'http.route': `/orders/${r}`, tenant: variant && r % 200 === 1 ? 'b' : 'a' }, kids, { kind: 'server', status }));
  }
  return { roots: [node('trigger POST /batch', 'tbt', { 'http.response.status_code': 200 }, requests, { kind: 'client' })] };
}

function countSpans(tree: CanonicalTree): number {
  let n = 0;
  const stack = [...tree.roots];
  while (stack.length > 0) {
    const next = stack.pop() as CanonicalNode;
    n++;
    for (const child of next.children) stack.push(child);
  }
  return n;
}

const gc = (globalThis as { gc?: () => void }).gc;
const shapes = { 'deep chain': deepChain, 'wide fan-out': wideFanOut, 'realistic mix': realisticMix };
const sizes = [1_000, 10_000, 100_000];
const rows: string[] = [];
const median: Record<string, number> = {};

for (const [shape, build] of Object.entries(shapes)) {
  for (const size of sizes) {
    const golden = build(size, 0);
    const current = build(size, 1);
    diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES }); // warm-up
    const times: number[] = [];
    let findings = 0;
    let heapPeakMb = 0;
    for (let run = 0; run < (size >= 100_000 ? 3 : 5); run++) {
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      findings = diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES }).length;
      times.push(performance.now() - started);
      heapPeakMb = Math.max(heapPeakMb, (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
    }
    times.sort((a, b) => a - b);
    const ms = times[times.length >> 1] as number;
    median[`${shape} ${size}`] = ms;
    const same = performance.now();
    diffTrees(golden, golden, { tolerances: DEFAULT_TOLERANCES });
    const sameMs = performance.now() - same;
    rows.push(
      `${shape.padEnd(14)} ${String(countSpans(golden)).padStart(7)} spans  diff ${ms.toFixed(1).padStart(7)} ms  ` +
        `(self ${sameMs.toFixed(1).padStart(6)} ms)  ${String(findings).padStart(3)} findings  heap +${heapPeakMb.toFixed(0)} MB`,
    );
  }
}

console.log(rows.join('\n'));
for (const shape of Object.keys(shapes)) {
  const growth = (median[`${shape} 100000`] as number) / (median[`${shape} 10000`] as number);
  console.log(`${shape}: growth 10k → 100k ×${growth.toFixed(1)} (target ≤ ×12)`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process, trees included)`);
