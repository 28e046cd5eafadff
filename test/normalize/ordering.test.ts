// Sibling order: sequential siblings by start time, overlapping ones as a cluster ordered by identity, so arrival order and jitter never change the canonical tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { canonical, outline } from './canonical-helpers.ts';
import { shuffled, trace, type SpanSpec } from './span-builder.ts';
import type { SpanTree, SpanTreeNode } from '../../src/model/index.ts';

test('sequential siblings keep start order; overlapping ones form a cluster ordered by identity', () => {
  const tree = canonical([
    { id: '1', name: 'root', end: 100 },
    { id: '2', parent: '1', name: 'z-first', start: 1, end: 5 },
    // one cluster: c starts first, but a and b overlap it, so the three are sorted by identity
    { id: '3', parent: '1', name: 'c', start: 10, end: 20 },
    { id: '4', parent: '1', name: 'b', start: 12, end: 30 },
    { id: '5', parent: '1', name: 'a', start: 25, end: 26 },
    { id: '6', parent: '1', name: 'y-last', start: 40, end: 41 },
  ]);
  assert.equal(outline(tree), ['root', '  z-first', '  a', '  b~', '  c~', '  y-last'].join('\n'));
});

test('spans that start at the same instant are concurrent even when they take no time', () => {
  const tree = canonical([
    { id: '1', name: 'root', end: 10 },
    { id: '2', parent: '1', name: 'b', start: 1, end: 1 },
    { id: '3', parent: '1', name: 'a', start: 1, end: 1 },
    { id: '4', parent: '1', name: 'c', start: 1, end: 1 },
  ]);
  assert.equal(outline(tree), ['root', '  a', '  b~', '  c~'].join('\n'));
});

test('a span starting exactly when the previous one ends is sequential', () => {
  const tree = canonical([
    { id: '1', name: 'root', end: 10 },
    { id: '2', parent: '1', name: 'b', start: 1, end: 2 },
    { id: '3', parent: '1', name: 'a', start: 2, end: 3 },
  ]);
  assert.equal(outline(tree), ['root', '  b', '  a'].join('\n'));
});

test('shuffled arrival and jittered timing inside clusters give the identical canonical tree', () => {
  const base: SpanSpec[] = [
    { id: '1', name: 'root', service: 'gw', kind: 'server', end: 200 },
    { id: '2', parent: '1', name: 'auth', service: 'gw', start: 1, end: 10 },
  ];
  // a fan-out of 6 concurrent calls whose start order differs run to run
  const fan = ['inventory', 'pricing', 'tax', 'shipping', 'fraud', 'loyalty'];
  const run = (seed: number): string => {
    const jitter = shuffled(fan.map((_, i) => i), seed);
    const specs: SpanSpec[] = [...base];
    fan.forEach((name, i) => {
      const start = 20 + (jitter[i] ?? 0) * 0.5;
      specs.push({ id: `${10 + i}`, parent: '1', name: `GET /${name}`, service: name, kind: 'client', start, end: start + 30 });
      specs.push({ id: `${30 + i}`, parent: `${10 + i}`, name: 'SELECT', service: name, kind: 'client', start: start + 1, end: start + 2, attributes: { 'db.system': 'sqlite', 'db.statement': `SELECT * FROM ${name} WHERE id = ${seed}` } });
    });
    specs.push({ id: '99', parent: '1', name: 'respond', service: 'gw', start: 100, end: 101 });
    return JSON.stringify(canonicalize(buildSpanTree(trace(shuffled(specs, seed * 7))), DEFAULT_NORMALIZE_RULES));
  };
  const first = run(1);
  for (let seed = 2; seed <= 20; seed++) assert.equal(run(seed), first, `seed ${seed}`);
  assert.match(first, /"name":"auth".*"name":"GET \/fraud".*"name":"GET \/inventory".*"name":"respond"/);
});

test('concurrent identical siblings collapse, and sequential ones still count', () => {
  const specs: SpanSpec[] = [{ id: '1', name: 'root', end: 100 }];
  for (let i = 0; i < 3; i++) specs.push({ id: `${2 + i}`, parent: '1', name: 'SELECT item', kind: 'client', start: 10 + i * 10, end: 15 + i * 10 });
  for (let i = 0; i < 4; i++) specs.push({ id: `${10 + i}`, parent: '1', name: 'GET /price', kind: 'client', start: 50, end: 60 });
  assert.equal(outline(canonical(specs)), ['root', '  SELECT item×3', '  GET /price×4'].join('\n'));
});

test('an overlap under a millisecond is clock noise: the siblings stay sequential, in start order', () => {
  // Node's SDK starts spans on whole milliseconds, so `b`, called right after `z` ended, can seem
  // to start 0.4 ms before `z`'s end. Treated as concurrent, `concurrent:` would flip run to run.
  const tree = canonical([
    { id: '1', name: 'root', end: 100 },
    { id: '2', parent: '1', name: 'z', start: 1, end: 10.4 },
    { id: '3', parent: '1', name: 'b', start: 10, end: 20 },
    { id: '4', parent: '1', name: 'a', start: 18, end: 30 },
  ]);
  assert.equal(outline(tree), ['root', '  z', '  a', '  b~'].join('\n'));
});

test('a tree built by hand, without nodes in arrival order, canonicalizes as the built one does', () => {
  const specs: SpanSpec[] = [
    { id: '1', name: 'GET /orders/42', end: 100, attributes: { 'http.route': '/orders/:id' } },
    { id: '2', parent: '1', name: 'SELECT order', start: 1, end: 5, attributes: { 'db.statement': 'SELECT * FROM o WHERE id = 42' } },
    { id: '3', parent: '1', name: 'SELECT order', start: 2, end: 6, attributes: { 'db.statement': 'SELECT * FROM o WHERE id = 43' } },
    { id: '4', parent: '3', name: 'publish', start: 3, end: 4 },
    { id: '5', parent: 'gone', name: 'orphan', start: 7, end: 8 },
  ];
  const built = buildSpanTree(trace(shuffled(specs, 7)));
  assert.ok(built.nodes !== undefined && built.nodes.every((node, index) => node.index === index));
  // The same tree as plain nodes: no `nodes`, no `index`.
  type Plain = { span: SpanTreeNode['span']; children: Plain[] };
  const plain = (node: SpanTreeNode): Plain => ({ span: node.span, children: node.children.map(plain) });
  const byHand: SpanTree = { traceId: built.traceId, roots: built.roots.map(plain), spanCount: built.spanCount, warnings: built.warnings };
  assert.deepEqual(canonicalize(byHand, DEFAULT_NORMALIZE_RULES), canonicalize(built, DEFAULT_NORMALIZE_RULES));
});
