// Building the span tree: parent links and start order, orphans, self-parents and cycles as extra roots, stable order of simultaneous siblings, and no recursion on deep chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpanTree } from '../../src/normalize/index.ts';
import type { SpanTreeNode } from '../../src/model/index.ts';
import fc from 'fast-check';
import { shuffled, trace, type SpanSpec } from './span-builder.ts';
import { makeSpan, TEST_TRACE_ID } from '../support/span.ts';
import { groupSpansIntoTraces } from '../../src/ingest/index.ts';

const names = (nodes: readonly SpanTreeNode[]): string[] => nodes.map((node) => node.span.name);

test('links children to parents and orders siblings by start time', () => {
  const tree = buildSpanTree(
    trace([
      { id: '3', parent: '1', name: 'second', start: 5 },
      { id: '1', name: 'root', start: 0, end: 10 },
      { id: '2', parent: '1', name: 'first', start: 1 },
      { id: '4', parent: '2', name: 'grandchild', start: 2 },
    ]),
  );
  assert.equal(tree.spanCount, 4);
  assert.deepEqual(names(tree.roots), ['root']);
  assert.deepEqual(names(tree.roots[0]?.children ?? []), ['first', 'second']);
  assert.deepEqual(names(tree.roots[0]?.children[0]?.children ?? []), ['grandchild']);
  assert.deepEqual(tree.warnings, []);
});

test('a span whose parent is missing becomes an extra root after the true root, with a warning', () => {
  const tree = buildSpanTree(
    trace(
      [
        { id: '5', parent: 'ff', name: 'orphan', start: -5 },
        { id: '1', name: 'root', start: 0 },
      ],
      ['ingest said something'],
    ),
  );
  assert.deepEqual(names(tree.roots), ['root', 'orphan']);
  assert.equal(tree.warnings[0], 'ingest said something');
  assert.match(tree.warnings[1] ?? '', /"orphan".*parent 00000000000000ff.*extra root/);
});

test('self-parents and parent cycles become extra roots instead of vanishing', () => {
  const tree = buildSpanTree(
    trace([
      { id: '1', name: 'root' },
      { id: '2', parent: '2', name: 'self', start: 1 },
      { id: '3', parent: '4', name: 'cycle a', start: 2 },
      { id: '4', parent: '3', name: 'cycle b', start: 3 },
    ]),
  );
  assert.deepEqual(names(tree.roots), ['root', 'self', 'cycle a']);
  assert.deepEqual(names(tree.roots[2]?.children ?? []), ['cycle b']);
  assert.equal(tree.warnings.length, 2);
});

test('siblings that start together are ordered by identity, whatever the arrival order', () => {
  const specs: SpanSpec[] = [{ id: '1', name: 'root', end: 100 }];
  for (let i = 0; i < 8; i++) specs.push({ id: `${i + 2}`, parent: '1', name: `call ${String.fromCharCode(104 - i)}`, start: 1, end: 5 });
  const expected = names(buildSpanTree(trace(specs)).roots[0]?.children ?? []);
  assert.deepEqual(expected, [...expected].sort());
  for (let seed = 1; seed <= 20; seed++) {
    assert.deepEqual(names(buildSpanTree(trace(shuffled(specs, seed))).roots[0]?.children ?? []), expected);
  }
});

test('a 100k-deep chain builds without recursion', () => {
  const specs: SpanSpec[] = [];
  for (let i = 0; i < 100_000; i++) specs.push({ id: (i + 1).toString(16), ...(i === 0 ? {} : { parent: i.toString(16) }), start: i });
  const tree = buildSpanTree(trace(specs));
  let depth = 0;
  for (let node = tree.roots[0]; node; node = node.children[0]) depth++;
  assert.equal(depth, 100_000);
});

test('too many orphans are summarized rather than listed one by one', () => {
  const specs: SpanSpec[] = [{ id: '1' }];
  for (let i = 0; i < 50; i++) specs.push({ id: `a${i}`, parent: `b${i}` });
  const tree = buildSpanTree(trace(specs));
  assert.equal(tree.roots.length, 51);
  assert.equal(tree.warnings.length, 21);
  assert.match(tree.warnings[20] ?? '', /30 more/);
});

test('siblings sort by their exact start times, also when starts lie more than 2^53 ns apart', () => {
  const starts = fc.oneof(fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_700_000_000_000_000_100n }), fc.bigInt({ min: 0n, max: 2n ** 63n }));
  fc.assert(
    fc.property(fc.array(fc.tuple(starts, fc.constantFrom('a', 'b')), { minLength: 1, maxLength: 12 }), (children) => {
      const spans = [
        makeSpan({ spanId: '0000000000000001', startTimeUnixNano: 1_700_000_000_000_000_000n }),
        ...children.map(([start, name], i) =>
          makeSpan({ spanId: (i + 2).toString(16).padStart(16, '0'), parentSpanId: '0000000000000001', name, startTimeUnixNano: start, endTimeUnixNano: start }),
        ),
      ];
      const tree = buildSpanTree({ traceId: TEST_TRACE_ID, spans, warnings: [] });
      const order = (tree.roots[0]?.children ?? []).map((node) => node.span);
      // The reference: start time as a bigint, then identity (here the name), then span id.
      const expected = spans.slice(1).sort((a, b) =>
        a.startTimeUnixNano !== b.startTimeUnixNano ? (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1)
          : a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.spanId < b.spanId ? -1 : 1);
      assert.deepEqual(order.map((span) => span.spanId), expected.map((span) => span.spanId));
    }),
    { numRuns: 500 },
  );
});

test('siblings and roots, short lists and long ones, come in the order of a stable sort by start, identity and span id', () => {
  // Few starts, names and ids, so that ties at every level occur; the end time tells equal spans apart.
  const child = fc.tuple(fc.bigInt({ min: 0n, max: 4n }), fc.constantFrom('a', 'b'), fc.integer({ min: 2, max: 5 }), fc.boolean());
  fc.assert(
    fc.property(fc.array(child, { minLength: 1, maxLength: 90 }), (children) => {
      const spans = [
        makeSpan({ spanId: '0000000000000001', startTimeUnixNano: 0n }),
        ...children.map(([start, name, id, root], i) =>
          makeSpan({ spanId: id.toString(16).padStart(16, '0'), ...(root ? {} : { parentSpanId: '0000000000000001' }), name, startTimeUnixNano: start, endTimeUnixNano: 100n + BigInt(i) }),
        ),
      ];
      const tree = buildSpanTree({ traceId: TEST_TRACE_ID, spans, warnings: [] });
      const stableOrder = (list: readonly typeof spans[number][]): bigint[] => [...list].sort((a, b) =>
        a.startTimeUnixNano !== b.startTimeUnixNano ? (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1)
          : a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0).map((span) => span.endTimeUnixNano);
      const first = spans[0] as (typeof spans)[number];
      const top = tree.roots.find((node) => node.span === first);
      assert.deepEqual(top?.children.map((node) => node.span.endTimeUnixNano), stableOrder(spans.slice(1).filter((span) => span.parentSpanId !== undefined)));
      assert.deepEqual(tree.roots.map((node) => node.span.endTimeUnixNano), stableOrder(spans.filter((span) => span.parentSpanId === undefined)));
    }),
    { numRuns: 500 },
  );
});

test('the tree of a grouped trace, built from the parents grouping found, equals the one built by indexing the spans again', () => {
  // Few ids, so that repeats (dropped), collisions, absent parents, self-parents and cycles all occur.
  const id = fc.integer({ min: 1, max: 6 }).map((n) => n.toString(16).padStart(16, '0'));
  const span = fc.record({
    id,
    parent: fc.option(fc.oneof(id, fc.constant('')), { nil: undefined }),
    name: fc.constantFrom('a', 'b'),
    start: fc.bigInt({ min: 0n, max: 3n }),
  });
  fc.assert(
    fc.property(fc.array(span, { maxLength: 12 }), (specs) => {
      const spans = specs.map((s) =>
        makeSpan({ spanId: s.id, ...(s.parent === undefined ? {} : { parentSpanId: s.parent }), name: s.name, startTimeUnixNano: s.start, endTimeUnixNano: s.start + 1n }),
      );
      for (const grouped of groupSpansIntoTraces(spans)) {
        assert.ok(grouped.parents !== undefined);
        const { parents: _found, ...elsewhere } = grouped;
        assert.deepEqual(buildSpanTree(grouped), buildSpanTree(elsewhere));
      }
    }),
    { numRuns: 1000 },
  );
});
