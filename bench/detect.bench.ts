// Detect on 100,000-span synthetic trees: runDetectors on a realistic wide trace and on a deep
// chain, lint text, and the slowness locus / explainDrift on 100k-node canonical trees. Prints ms.
import { performance } from 'node:perf_hooks';
import { DEFAULT_DETECTOR_CONFIG, explainDrift, lintTrees, runDetectors } from '../src/detect/index.ts';
import { findSlownessLocus } from '../src/detect/slowness-locus.ts';
import { formatLintText } from '../src/report/index.ts';
import { DEFAULT_TOLERANCES, diffTreesWithMatching } from '../src/diff/index.ts';
import type { Attributes, CanonicalNode, Finding, Span, SpanKind, SpanTree, SpanTreeNode } from '../src/model/index.ts';

const SPANS = 100_000;
const BASE = 1_700_000_000_000_000_000n;
let nextId = 0;

function span(name: string, service: string, kind: SpanKind, startUs: number, endUs: number, attributes: Attributes, error = false): Span {
  nextId += 1;
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: nextId.toString(16).padStart(16, '0'),
    name,
    kind,
    service,
    startTimeUnixNano: BASE + BigInt(startUs) * 1000n,
    endTimeUnixNano: BASE + BigInt(endUs) * 1000n,
    attributes,
    resource: { 'service.name': service },
    scope: { name: 'bench', attributes: {} },
    status: { code: error ? 'error' : 'unset' },
    events: [],
    links: [],
  };
}

/** 1,000 requests of 100 spans: a sequential SQL N+1, a concurrent HTTP fan-out, a duplicate publish, distinct calls, errors. */
function wideTree(): SpanTree {
  const requests: SpanTreeNode[] = [];
  const perRequest = SPANS / 1000;
  for (let r = 0; r < 1000; r += 1) {
    const t0 = r * 10_000;
    const children: SpanTreeNode[] = [];
    let t = t0 + 10;
    for (let i = 0; i < 40; i += 1, t += 20) {
      children.push({ span: span('SELECT items', 'orders', 'client', t, t + 15, { 'db.system': 'postgresql', 'db.query.text': `SELECT * FROM items WHERE id = ${r * 100 + i}` }), children: [] });
    }
    for (let i = 0; i < 40; i += 1) {
      children.push({
        span: span('GET', 'orders', 'client', t + i, t + 500 + i, { 'http.request.method': 'GET', 'url.full': `http://pricing:8080/prices/${i}?currency=EUR` }, i === 7),
        children: [],
      });
    }
    t += 600;
    for (let i = 0; i < 2; i += 1, t += 30) {
      children.push({ span: span('publish shipping', 'orders', 'producer', t, t + 20, { 'messaging.system': 'kafka', 'messaging.destination.name': 'shipping' }), children: [] });
    }
    for (let i = 0; children.length < perRequest - 1; i += 1, t += 10) {
      children.push({ span: span(`step ${i}`, 'orders', 'internal', t, t + 5, { 'code.function': `step${i}` }), children: [] });
    }
    children.sort((a, b) => (a.span.startTimeUnixNano < b.span.startTimeUnixNano ? -1 : 1));
    requests.push({ span: span(`POST /orders/${r}`, 'orders', 'server', t0, t0 + 9_000, { 'http.route': '/orders/:id' }), children });
  }
  const root = { span: span('batch', 'gateway', 'server', 0, 10_000_000, {}), children: requests };
  return { traceId: root.span.traceId, roots: [root], spanCount: SPANS + 1, warnings: [] };
}

/** One chain 100,000 deep, ending in an error: no recursion may overflow. */
function deepTree(): SpanTree {
  let node: SpanTreeNode = { span: span('leaf', 'db', 'client', SPANS, SPANS + 1, { 'db.system': 'redis', 'db.statement': 'GET k' }, true), children: [] };
  for (let depth = SPANS - 1; depth > 0; depth -= 1) {
    node = { span: span(`level ${depth % 10}`, 'app', 'internal', depth, 2 * SPANS - depth, {}), children: [node] };
  }
  return { traceId: node.span.traceId, roots: [node], spanCount: SPANS, warnings: [] };
}

function canonicalTree(providerMs: number): CanonicalNode {
  const leaf = (name: string, durationMs: number): CanonicalNode => ({
    name, service: 'svc', kind: 'client', attributes: {}, status: { code: 'unset' }, events: [], count: 1, durationMs, concurrent: false, children: [],
  });
  const requests: CanonicalNode[] = [];
  for (let r = 0; r < 1000; r += 1) {
    const children = Array.from({ length: 99 }, (_, i) => leaf(`call ${i}`, i === 50 && r === 999 ? providerMs : 1));
    requests.push({ ...leaf(`request ${r}`, 100 + providerMs), kind: 'server', children });
  }
  return { ...leaf('root', 100_000 + providerMs), kind: 'server', children: requests };
}

function time(label: string, runs: number, fn: () => unknown): void {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? 0;
  console.log(`${label.padEnd(58)} median ${median.toFixed(1).padStart(7)} ms   min ${(samples[0] ?? 0).toFixed(1).padStart(7)} ms`);
}

const wide = wideTree();
const deep = deepTree();
const wideFindings = runDetectors(wide, DEFAULT_DETECTOR_CONFIG);
console.log(`wide tree: ${wide.spanCount} spans, ${wideFindings.length} findings (${[...new Set(wideFindings.map((f) => f.kind))].join(', ')})`);
time('runDetectors, wide tree (1,000 requests × 100 spans)', 7, () => runDetectors(wide, DEFAULT_DETECTOR_CONFIG));
time('runDetectors, chain 100,000 deep', 7, () => runDetectors(deep, DEFAULT_DETECTOR_CONFIG));
time('lintTrees + formatLintText, wide tree', 5, () => formatLintText(lintTrees([{ file: 'wide.json', tree: wide }], DEFAULT_DETECTOR_CONFIG)));

const golden = { roots: [canonicalTree(30)] };
const current = { roots: [canonicalTree(330)] };
const rootPath = [{ service: 'svc', name: 'root' }];
// The locus reads diff's matching; the diff itself is timed in bench/diff.
const { matching } = diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES });
time('findSlownessLocus, 100k-node canonical trees', 7, () => findSlownessLocus(current, matching, rootPath, DEFAULT_DETECTOR_CONFIG));
const diffFindings: Finding[] = Array.from({ length: 1000 }, (_, r) => ({
  kind: 'count-changed',
  severity: 'error',
  path: [...rootPath, { service: 'svc', name: `request ${r}` }, { service: 'svc', name: 'call 1' }],
  message: 'count: ×1 → ×2',
}));
time('explainDrift, 1,000 diff × wide-tree detector findings', 5, () =>
  explainDrift({ diffFindings, detectorFindings: wideFindings, goldenFindingKeys: [], current, matching }),
);
const used = process.memoryUsage();
console.log(`heap used ${(used.heapUsed / 1e6).toFixed(0)} MB, rss ${(used.rss / 1e6).toFixed(0)} MB`);
