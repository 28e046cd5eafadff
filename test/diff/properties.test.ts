// Properties of diff over generated trees (fast-check): no drift against itself, none for
// reordered concurrent siblings, exactly one count finding for a duplicated sibling, and none
// for a re-run of the same trace with new ids, shifted clocks and shuffled arrival.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffTrees, DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import type { CanonicalNode, CanonicalTree, Span, SpanPath, Trace } from '../../src/model/index.ts';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { brief } from './trees.ts';
import { makeSpan } from '../support/span.ts';

const RUNS = 150;

const attributeValue = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('x', 'y'),
  fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  fc.record({ k: fc.constantFrom('a', 'b') }),
);

function nodeArbitrary(depth: number): fc.Arbitrary<CanonicalNode> {
  return fc.record({
    name: fc.constantFrom('a', 'b', 'c', 'GET /items'),
    service: fc.constantFrom('s1', 's2'),
    kind: fc.constantFrom('internal' as const, 'client' as const),
    attributes: fc.dictionary(fc.constantFrom('k1', 'k2', 'http.route'), attributeValue, { maxKeys: 2 }),
    status: fc.constantFrom({ code: 'unset' as const }, { code: 'error' as const, message: 'boom' }),
    events: fc.constant([]),
    count: fc.integer({ min: 1, max: 3 }),
    durationMs: fc.integer({ min: 1, max: 100 }),
    concurrent: fc.boolean(),
    children: depth === 0 ? fc.constant([]) : fc.array(nodeArbitrary(depth - 1), { maxLength: 4 }),
  });
}

/** The content of a subtree apart from count, duration and concurrency: what collapsing compares. */
function content(node: CanonicalNode): string {
  const kids = node.children.map((child) => `${content(child)}×${child.count}`).sort();
  return JSON.stringify([node.name, node.service, node.kind, node.attributes, node.status, kids]);
}

/** Folds identical siblings as canonicalize does, so generated trees are canonical. */
function collapse(nodes: readonly CanonicalNode[]): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  const byContent = new Map<string, number>();
  for (const raw of nodes) {
    const node = { ...raw, children: collapse(raw.children) };
    const key = content(node);
    const at = byContent.get(key);
    if (at === undefined) {
      byContent.set(key, out.length);
      out.push(node);
    } else {
      const first = out[at] as CanonicalNode;
      out[at] = { ...first, count: first.count + node.count };
    }
  }
  return out;
}

const treeArbitrary: fc.Arbitrary<CanonicalTree> = fc
  .array(nodeArbitrary(3), { minLength: 1, maxLength: 3 })
  .map((roots) => ({ roots: collapse(roots) }));

function clone<T>(value: T): T {
  return structuredClone(value);
}

function diff(a: CanonicalTree, b: CanonicalTree) {
  return diffTrees(a, b, { tolerances: DEFAULT_TOLERANCES });
}

/** Every node with its path and the sibling list that holds it. */
function locate(tree: CanonicalTree): Array<{ path: SpanPath; list: CanonicalNode[]; at: number }> {
  const out: Array<{ path: SpanPath; list: CanonicalNode[]; at: number }> = [];
  const walk = (list: CanonicalNode[], prefix: SpanPath): void => {
    list.forEach((node, at) => {
      const path = [...prefix, { service: node.service, name: node.name }];
      out.push({ path, list, at });
      walk(node.children as CanonicalNode[], path);
    });
  };
  walk(tree.roots as CanonicalNode[], []);
  return out;
}

test('diff(t, t) is empty, also against a deep copy', () => {
  fc.assert(
    fc.property(treeArbitrary, (tree) => {
      assert.deepStrictEqual(diff(tree, tree), []);
      assert.deepStrictEqual(diff(tree, clone(tree)), []);
    }),
    { numRuns: RUNS },
  );
});

/** Shuffles each run of concurrent siblings (at every depth), then marks the new first as sequential. */
function shuffleConcurrent(tree: CanonicalTree, random: () => number): CanonicalTree {
  const visit = (list: readonly CanonicalNode[]): CanonicalNode[] => {
    const out: CanonicalNode[] = [];
    let cluster: CanonicalNode[] = [];
    const flush = (): void => {
      for (let i = cluster.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [cluster[i], cluster[j]] = [cluster[j] as CanonicalNode, cluster[i] as CanonicalNode];
      }
      cluster.forEach((node, k) => out.push({ ...node, concurrent: k > 0, children: visit(node.children) }));
      cluster = [];
    };
    list.forEach((node, k) => {
      if (k > 0 && !node.concurrent) flush();
      cluster.push(node);
    });
    flush();
    return out;
  };
  return { roots: visit(tree.roots) };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

test('reordering concurrent siblings gives no drift', () => {
  fc.assert(
    fc.property(treeArbitrary, fc.integer(), (tree, seed) => {
      assert.deepStrictEqual(brief(diff(tree, shuffleConcurrent(tree, seeded(seed)))), []);
    }),
    { numRuns: RUNS },
  );
});

test('duplicating any sibling gives exactly one count finding, at its path', () => {
  fc.assert(
    fc.property(treeArbitrary, fc.nat(), fc.boolean(), fc.boolean(), (tree, pick, asCopy, concurrent) => {
      const current = clone(tree);
      const places = locate(current);
      const place = places[pick % places.length] as (typeof places)[number];
      const node = place.list[place.at] as CanonicalNode;
      // Either the same node counts one more, or an identical sibling appears right after it.
      if (asCopy) place.list.splice(place.at + 1, 0, { ...clone(node), count: 1, concurrent });
      else place.list[place.at] = { ...node, count: node.count + 1 };
      const findings = diff(tree, current);
      assert.equal(findings.length, 1, brief(findings).join('\n'));
      const [finding] = findings;
      assert.equal(finding?.kind, 'count-changed');
      assert.deepStrictEqual(finding?.path, place.path);
      assert.equal((finding?.after as number) - (finding?.before as number), 1);
    }),
    { numRuns: RUNS },
  );
});

// From raw spans: a re-run of the same behaviour has new ids, other clocks and another arrival
// order; after buildSpanTree and canonicalize, diff must see nothing.
interface RawNode {
  name: string;
  service: string;
  attributes: Record<string, string | number>;
  offsetMs: number;
  durationMs: number;
  children: RawNode[];
}

function rawArbitrary(depth: number): fc.Arbitrary<RawNode> {
  return fc.record({
    name: fc.constantFrom('a', 'b', 'SELECT stock'),
    service: fc.constantFrom('s1', 's2'),
    attributes: fc.dictionary(fc.constantFrom('k1', 'db.system'), fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('x')), { maxKeys: 2 }),
    offsetMs: fc.integer({ min: 0, max: 40 }),
    durationMs: fc.integer({ min: 1, max: 30 }),
    children: depth === 0 ? fc.constant([]) : fc.array(rawArbitrary(depth - 1), { maxLength: 4 }),
  });
}

function toTrace(root: RawNode, run: { idBase: number; shiftMs: number; seed: number }): Trace {
  const traceId = (run.idBase + 7).toString(16).padStart(32, '0');
  const spans: Span[] = [];
  let next = run.idBase;
  const origin = 1_700_000_000_000n + BigInt(run.shiftMs);
  const emit = (node: RawNode, parentId: string | undefined, startMs: number): void => {
    const spanId = (next++).toString(16).padStart(16, '0');
    spans.push(makeSpan({
      traceId, spanId, parentSpanId: parentId,
      name: node.name, service: node.service,
      startTimeUnixNano: (origin + BigInt(startMs)) * 1_000_000n,
      endTimeUnixNano: (origin + BigInt(startMs + node.durationMs)) * 1_000_000n,
      attributes: node.attributes, scope: { name: 't', attributes: {} },
    }));
    for (const child of node.children) emit(child, spanId, startMs + child.offsetMs);
  };
  emit(root, undefined, 0);
  const random = seeded(run.seed);
  for (let i = spans.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [spans[i], spans[j]] = [spans[j] as Span, spans[i] as Span];
  }
  return { traceId, spans, warnings: [] };
}

function canonical(trace: Trace): CanonicalTree {
  return canonicalize(buildSpanTree(trace), DEFAULT_NORMALIZE_RULES);
}

test('the same trace with fresh ids, shifted clocks and shuffled arrival gives no drift', () => {
  fc.assert(
    fc.property(rawArbitrary(3), fc.integer({ min: 1, max: 1e6 }), fc.integer(), (root, shiftMs, seed) => {
      const first = canonical(toTrace(root, { idBase: 1, shiftMs: 0, seed: 1 }));
      const second = canonical(toTrace(root, { idBase: 0x5000 + seed % 1000, shiftMs, seed }));
      assert.deepStrictEqual(brief(diff(first, second)), []);
    }),
    { numRuns: RUNS },
  );
});

test('…while losing any one span of the re-run is drift (the property above is not vacuous)', () => {
  fc.assert(
    fc.property(rawArbitrary(3), fc.nat(), (root, pick) => {
      const first = toTrace(root, { idBase: 1, shiftMs: 0, seed: 1 });
      const second = toTrace(root, { idBase: 0x9000, shiftMs: 250, seed: pick });
      const dropped = { ...second, spans: second.spans.filter((_, i) => i !== pick % second.spans.length) };
      assert.notDeepStrictEqual(diff(canonical(first), canonical(dropped)), []);
    }),
    { numRuns: 50 },
  );
});
