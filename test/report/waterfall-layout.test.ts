// The HTML waterfall's layout: the synthetic time axis, golden and current rows aligned as diff matched them, one-sided rows for missing and unexpected spans, and 10k spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES, diffTreesWithMatching } from '../../src/diff/index.ts';
import type { CanonicalNode } from '../../src/model/index.ts';
import { buildWaterfall, pairSiblings } from '../../src/report/waterfall-layout.ts';
import { bigTree, currentTree, driftFindings, goldenTree, node } from './fixtures.ts';

test('synthetic axis: sequential siblings back to back, concurrent ones with the previous, children with the parent', () => {
  const tree = {
    roots: [
      node({ service: 's', name: 'root', durationMs: 100, children: [
        node({ service: 's', name: 'a', durationMs: 10 }),
        node({ service: 's', name: 'b', durationMs: 20, concurrent: true }),
        node({ service: 's', name: 'c', durationMs: 5, count: 3, children: [node({ service: 's', name: 'c1', durationMs: 1 })] }),
      ] }),
    ],
  };
  const { rows, totalMs } = buildWaterfall(tree, tree, []);
  const starts = Object.fromEntries(rows.map((r) => [r.name, [r.current?.start, r.current?.durationMs]]));
  assert.deepEqual(starts, { root: [0, 100], a: [0, 10], b: [0, 20], c: [20, 5], c1: [20, 1] });
  assert.equal(totalMs, 100);
});

test('rows align golden and current; the duplicated publish is marked as changed', () => {
  const { rows, totalMs } = buildWaterfall(goldenTree, currentTree, driftFindings);
  assert.equal(rows.length, 10);
  assert.ok(rows.every((r) => r.golden !== undefined && r.current !== undefined));
  const publish = rows.find((r) => r.name === 'publish shipping-queue');
  assert.deepEqual([publish?.golden?.count, publish?.current?.count, publish?.drift, publish?.findings], [1, 2, 'changed', [0]]);
  assert.equal(rows.find((r) => r.name === 'POST /payments')?.drift, 'slower');
  // A suppressed finding is attached to its row but does not colour it.
  const stock = rows.find((r) => r.name === 'SELECT stock');
  assert.deepEqual([stock?.findings, stock?.drift], [[3], undefined]);
  assert.equal(totalMs, 435);
});

test('missing and unexpected spans get a row on one side only, in their place', () => {
  const a = node({ service: 's', name: 'a' });
  const b = node({ service: 's', name: 'b' });
  const c = node({ service: 's', name: 'c' });
  // d differs from b in more than its name: diff calls b missing and d unexpected, not a rename.
  const d = node({ service: 's', name: 'd', attributes: { 'db.system': 'redis' } });
  const names = (pairs: ReturnType<typeof pairSiblings>) => pairs.map(([g, cur]) => `${g?.name ?? '_'}${cur?.name ?? '_'}`);
  // Siblings pair as diff matched them.
  const pair = (golden: CanonicalNode[], current: CanonicalNode[]) =>
    pairSiblings(golden, current, diffTreesWithMatching({ roots: golden }, { roots: current }, { tolerances: DEFAULT_TOLERANCES }).matching);
  assert.deepEqual(names(pair([a, b, c], [a, c, d])), ['aa', 'b_', 'cc', '_d']);
  assert.deepEqual(names(pair([a, b], [b, a])), ['bb', 'aa']);
  const golden = { roots: [node({ service: 'tbt', name: 'root', children: [a, b] })] };
  const current = { roots: [node({ service: 'tbt', name: 'root', children: [a, d] })] };
  const { rows } = buildWaterfall(golden, current, [
    { kind: 'missing', severity: 'error', path: [{ service: 's', name: 'b' }], message: 'missing' },
    { kind: 'unexpected', severity: 'error', path: [{ service: 'tbt', name: 'root' }, { service: 's', name: 'd' }], message: 'unexpected' },
  ]);
  assert.deepEqual(rows.map((r) => [r.name, r.golden !== undefined, r.current !== undefined, r.drift ?? '']), [
    ['root', true, true, ''], ['a', true, true, ''], ['b', true, false, 'missing'], ['d', false, true, 'unexpected'],
  ]);
});

test('rows pair as diff matched the spans: a rename shares a row, whatever the names', () => {
  const before = node({ service: 's', name: 'charge' });
  const after = node({ service: 's', name: 'charge card' });
  const golden = { roots: [node({ service: 'tbt', name: 'root', children: [before] })] };
  const current = { roots: [node({ service: 'tbt', name: 'root', children: [after] })] };
  const diff = diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES });
  assert.deepEqual(diff.findings.map((finding) => finding.kind), ['renamed']);
  for (const matching of [diff.matching, undefined]) {
    const { rows } = buildWaterfall(golden, current, diff.findings, matching);
    assert.deepEqual(rows.map((r) => [r.name, r.golden !== undefined, r.current !== undefined, r.drift ?? '']), [
      ['root', true, true, ''], ['charge card', true, true, 'changed'],
    ]);
  }
});

test('10k spans lay out without recursion trouble', () => {
  const tree = bigTree(10_000);
  const { rows } = buildWaterfall(tree, tree, []);
  assert.equal(rows.length, 10_000);
});
