// A rewritten snapshot keeps the golden durations of spans that did not drift, so the reviewer
// of `verify -u` sees only the lines that changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carryOverDurations, DEFAULT_TOLERANCES, diffTrees } from '../../src/diff/index.ts';
import type { CanonicalNode, CanonicalTree } from '../../src/model/index.ts';
import { edit, span, tree } from './trees.ts';

function durations(t: CanonicalTree): string[] {
  const out: string[] = [];
  const stack = [...t.roots].reverse().map((node) => ({ node, depth: 0 }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    out.push(`${'  '.repeat(item.depth)}${item.node.name}${item.node.count > 1 ? `×${item.node.count}` : ''} ${item.node.durationMs}`);
    for (const child of [...item.node.children].reverse()) stack.push({ node: child, depth: item.depth + 1 });
  }
  return out;
}

const golden = tree(span('checkout', { durationMs: 40 }, [span('charge', { durationMs: 30 }), span('publish', { durationMs: 2 })]));

test('a duplicated publish: only the count changes; every duration within tolerance stays golden', () => {
  const root = golden.roots[0] as CanonicalNode;
  const current = tree(
    edit(root, { durationMs: 43 }, [edit(root.children[0] as CanonicalNode, { durationMs: 31 }), edit(root.children[1] as CanonicalNode, { durationMs: 2.5, count: 2 })]),
  );
  const drift = diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES });
  assert.deepEqual(durations(carryOverDurations(golden, current, drift)), ['checkout 40', '  charge 30', '  publish×2 2']);
});

test('a span that got slower beyond tolerance takes its new duration, and so do its slowed ancestors', () => {
  const root = golden.roots[0] as CanonicalNode;
  const current = tree(edit(root, { durationMs: 410 }, [edit(root.children[0] as CanonicalNode, { durationMs: 400 }), root.children[1] as CanonicalNode]));
  const drift = diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES });
  assert.deepEqual(durations(carryOverDurations(golden, current, drift)), ['checkout 410', '  charge 400', '  publish 2']);
});

test('under duration: off no span drifted on durations: a rewrite keeps every golden duration', () => {
  const root = golden.roots[0] as CanonicalNode;
  const current = tree(edit(root, { durationMs: 410 }, [edit(root.children[0] as CanonicalNode, { durationMs: 400 }), root.children[1] as CanonicalNode]));
  const drift = diffTrees(golden, current, { tolerances: { ...DEFAULT_TOLERANCES, duration: { kind: 'off' } } });
  assert.ok(drift.some((finding) => finding.kind === 'duration-exceeded' && finding.suppressed === true), 'verbose mode still shows the slowdown');
  assert.deepEqual(durations(carryOverDurations(golden, current, drift)), ['checkout 40', '  charge 30', '  publish 2']);
});

test('a new span has no golden counterpart and keeps its own duration', () => {
  const root = golden.roots[0] as CanonicalNode;
  const current = tree(edit(root, {}, [...root.children, span('audit', { durationMs: 7 })]));
  const drift = diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES });
  assert.deepEqual(durations(carryOverDurations(golden, current, drift)), ['checkout 40', '  charge 30', '  publish 2', '  audit 7']);
});

test('concurrent: only widens on a rewrite: a golden concurrent span stays so; a new one is kept', () => {
  const before = tree(span('tx', {}, [span('INSERT', {}), span('COMMIT', { concurrent: true }), span('publish', {})]));
  const root = before.roots[0] as CanonicalNode;
  // The new runs told INSERT and COMMIT apart, and saw publish tie with COMMIT.
  const current = tree(
    edit(root, {}, [
      edit(root.children[0] as CanonicalNode, {}),
      edit(root.children[1] as CanonicalNode, { concurrent: false }),
      edit(root.children[2] as CanonicalNode, { concurrent: true }),
    ]),
  );
  const rewritten = carryOverDurations(before, current, diffTrees(before, current, { tolerances: DEFAULT_TOLERANCES }));
  assert.deepEqual((rewritten.roots[0] as CanonicalNode).children.map((node) => [node.name, node.concurrent]), [
    ['INSERT', false],
    ['COMMIT', true],
    ['publish', true],
  ]);
});

test('siblings the new runs found concurrent keep the golden order among themselves', () => {
  const before = tree(span('tx', {}, [span('INSERT', {}), span('COMMIT', {}), span('publish', {})]));
  const root = before.roots[0] as CanonicalNode;
  // The new runs saw INSERT and COMMIT start in one millisecond: a cluster, in identity order.
  const current = tree(
    edit(root, {}, [
      edit(root.children[1] as CanonicalNode, {}),
      edit(root.children[0] as CanonicalNode, { concurrent: true }),
      edit(root.children[2] as CanonicalNode, {}),
    ]),
  );
  const rewritten = carryOverDurations(before, current, diffTrees(before, current, { tolerances: DEFAULT_TOLERANCES }));
  assert.deepEqual((rewritten.roots[0] as CanonicalNode).children.map((node) => [node.name, node.concurrent]), [
    ['INSERT', false],
    ['COMMIT', true],
    ['publish', false],
  ]);
});

test('two calls of one name that swapped within a cluster keep the golden order, each with its own golden duration', () => {
  // One transaction: INSERT into orders, then into order_items; the span name is the same.
  const insert = (table: string, durationMs: number): CanonicalNode => span('INSERT', { durationMs, attributes: { 'db.query.text': `INSERT INTO ${table}` } });
  const before = tree(span('tx', {}, [insert('orders', 1), insert('order_items', 2), span('COMMIT', {})]));
  // The new runs saw both start in one millisecond: a cluster, ordered by content (order_items first).
  const current = tree(span('tx', {}, [insert('order_items', 2.1), { ...insert('orders', 1.1), concurrent: true }, span('COMMIT', {})]));
  const rewritten = carryOverDurations(before, current, diffTrees(before, current, { tolerances: DEFAULT_TOLERANCES }));
  assert.deepEqual(
    (rewritten.roots[0] as CanonicalNode).children.map((node) => [node.attributes['db.query.text'] ?? node.name, node.durationMs, node.concurrent]),
    [
      ['INSERT INTO orders', 1, false],
      ['INSERT INTO order_items', 2, true],
      ['COMMIT', 10, false],
    ],
  );
});
