// Proves the diff index's shortcuts change no id: a tree whose spans share attribute maps and
// status objects (as canonicalize makes them) is indexed like the same tree with every map and
// status its own copy (the index takes each shared object apart once, and stops remembering
// objects in a tree that shares none), children are walked through subtree sizes to the same
// lists as the tree's own children, and the numbers copied from the nodes are theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue, CanonicalEvent, CanonicalNode, CanonicalTree, SpanStatus } from '../../src/model/index.ts';
import { spanIdentity } from '../../src/normalize/index.ts';
import { childrenOf, indexCanonicalTree, Interner, type CanonicalTreeIndex } from '../../src/diff/canonical-tree-index.ts';

const value = fc.constantFrom<AttributeValue>('GET', 'POST', '/orders', 1, 0, -0, Number.NaN, true, ['a', 1], [['x']] as unknown as AttributeValue);
const map = fc.dictionary(fc.constantFrom('http.method', 'http.request.method', 'http.route', 'db.system', 'rpc.method', 'other', '1', '10'), value, { maxKeys: 4 });
const status = fc.constantFrom<SpanStatus>({ code: 'unset' }, { code: 'error' }, { code: 'error', message: 'boom' }, { code: 'ok', message: '' });
const events = fc.constantFrom<readonly CanonicalEvent[]>([], [{ name: 'exception', attributes: {} }]);

interface Shape {
  readonly name: string;
  readonly attributes: number;
  readonly status: number;
  readonly events: number;
  readonly count: number;
  readonly concurrent: boolean;
  readonly children: readonly Shape[];
}

const shape: fc.Memo<Shape> = fc.memo((depth) =>
  fc.record({
    name: fc.constantFrom('a', 'b', 'GET /x'),
    attributes: fc.nat(3),
    status: fc.nat(3),
    events: fc.nat(1),
    count: fc.integer({ min: 1, max: 2 }),
    concurrent: fc.boolean(),
    children: depth <= 1 ? fc.constant([]) : fc.array(shape(depth - 1), { maxLength: 4 }),
  }),
);

/** The tree of `shapes`, its spans taking their maps, statuses and events from the shared lists, or copies of them. */
function build(shapes: readonly Shape[], parts: { maps: Record<string, AttributeValue>[]; statuses: SpanStatus[]; events: (readonly CanonicalEvent[])[] }, copy: boolean): CanonicalTree {
  const node = (s: Shape): CanonicalNode => {
    const attributes = parts.maps[s.attributes] as Record<string, AttributeValue>;
    const own = parts.statuses[s.status] as SpanStatus;
    return {
      name: s.name,
      service: 'svc',
      kind: 'server',
      attributes: copy ? { ...attributes } : attributes,
      status: copy ? { ...own } : own,
      events: parts.events[s.events] as readonly CanonicalEvent[],
      count: s.count,
      durationMs: s.count * 1.5,
      concurrent: s.concurrent,
      children: s.children.map(node),
    };
  };
  return { roots: shapes.map(node) };
}

/** The maps, statuses and event lists the nodes of a built tree share (or copy). */
const sharedParts = fc.record({
  maps: fc.array(map, { minLength: 4, maxLength: 4 }),
  statuses: fc.array(status, { minLength: 4, maxLength: 4 }),
  events: fc.array(events, { minLength: 2, maxLength: 2 }),
});

/** Which nodes share an id, per id array: the partition is what matching reads, not the numbers. */
function partition(index: CanonicalTreeIndex): string[] {
  return (['identity', 'self', 'body', 'shape'] as const).map((field) => {
    const first = new Map<number, number>();
    return Array.from(index[field], (id, i) => {
      if (!first.has(id)) first.set(id, i);
      return first.get(id);
    }).join(',');
  });
}

/** The tree of `shapes` indexes alike (the same partition of ids) with shared parts and with copies. */
function assertSameIndex(shapes: readonly Shape[], parts: Parameters<typeof build>[1]): void {
  const shared = indexCanonicalTree(build(shapes, parts, false), spanIdentity, new Interner());
  const copied = indexCanonicalTree(build(shapes, parts, true), spanIdentity, new Interner());
  assert.deepEqual(partition(shared), partition(copied));
}

test('shared attribute maps and statuses index like their copies', () => {
  fc.assert(
    fc.property(
      fc.array(shape(4), { minLength: 1, maxLength: 4 }),
      sharedParts,
      (shapes, parts) => {
        assertSameIndex(shapes, parts);
        // Two trees with one interner: a map seen in the first is not taken apart again in the second.
        const interner = new Interner();
        const first = indexCanonicalTree(build(shapes, parts, false), spanIdentity, interner);
        const second = indexCanonicalTree(build(shapes, parts, true), spanIdentity, interner);
        assert.deepEqual(Array.from(first.shape), Array.from(second.shape));
      },
    ),
    { numRuns: 300 },
  );
});

test('a big tree whose spans own their maps (not remembered by object) indexes like one that shares them', () => {
  fc.assert(
    fc.property(
      fc.array(shape(3), { minLength: 1, maxLength: 4 }),
      sharedParts,
      (few, parts) => {
        // Past the index's probe of 512 spans, with a few sibling orders and counts changed.
        const shapes = Array.from({ length: 600 }, (_, k) => few[k % few.length] as Shape).map((s, k) => (k % 7 === 0 ? { ...s, count: s.count + 1 } : s));
        assertSameIndex(shapes, parts);
      },
    ),
    { numRuns: 40 },
  );
});

test('children found through subtree sizes are the tree\'s own children, in order, and the copied numbers the nodes\' own', () => {
  fc.assert(
    fc.property(fc.array(shape(5), { maxLength: 5 }), (shapes) => {
      const index = indexCanonicalTree(build(shapes, { maps: [{}, {}, {}, {}], statuses: [{ code: 'unset' }, { code: 'unset' }, { code: 'unset' }, { code: 'unset' }], events: [[], []] }, false), spanIdentity, new Interner());
      for (let i = 0; i < index.nodes.length; i++) {
        const kids = childrenOf(index, i);
        assert.deepEqual(kids.map((k) => index.nodes[k]), (index.nodes[i] as CanonicalNode).children);
        assert.ok(kids.every((k) => index.parent[k] === i));
        assert.deepEqual(index.children[i], kids);
        const node = index.nodes[i] as CanonicalNode;
        assert.deepEqual([index.childCounts[i], index.count[i], index.durationMs[i]], [node.children.length, node.count, node.durationMs]);
      }
    }),
    { numRuns: 200 },
  );
});
