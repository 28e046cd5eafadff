// Learning from several recorded runs (mergeRuns): what varied becomes a mask, an optional span or
// a count range, written down for review; what all runs agreed on stays exact; merging copies of a
// tree gives it back; and the merged tree verifies every run it was learned from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffTrees, DEFAULT_TOLERANCES, hasBlockingDrift, mergeRuns } from '../../src/diff/index.ts';
import { fitsMask, maskOfValues } from '../../src/diff/learned-mask.ts';
import type { AttributeValue, CanonicalNode, CanonicalTree } from '../../src/model/index.ts';
import { span, tree } from './trees.ts';

const diff = (golden: CanonicalTree, current: CanonicalTree) => diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES });

test('masks keep what the values share and wildcard only the part that varied', () => {
  const cases: Array<[AttributeValue[], string]> = [
    [['set order:17 status', 'set order:18 status'], 'set order:{*} status'],
    [['set order:17 status', 'set order:18 status', 'set order:9 status'], 'set order:{*} status'],
    [['cart-17-items', 'cart-204-items'], 'cart-{*}-items'],
    [['GET /a/1/b', 'GET /a/22/b/c'], 'GET /a/{*}/b{*}'],
    [['abc', 'xyz'], '{*}'],
    [['key:1', 'prefix key:2'], '{*}key:{*}'],
    [[1, 2], '{*}'],
    [['x', 3], '{*}'],
  ];
  for (const [values, pattern] of cases) {
    assert.equal(maskOfValues(values), pattern, JSON.stringify(values));
    for (const value of values) assert.ok(fitsMask(pattern, value), `${JSON.stringify(value)} fits ${pattern}`);
  }
  assert.ok(fitsMask('set order:{*} status', 'set order:99 status'));
  assert.ok(!fitsMask('set order:{*} status', 'set order:99 stat'), 'the rest of the value is still checked');
  assert.ok(!fitsMask('set order:{*} status', 'delete order:99 status'));
  assert.ok(!fitsMask('a.{*}', 'aX7'), 'literal parts are literal, dots included');
  assert.ok(!fitsMask('{*}', undefined));
});

test('merging runs: a table of what is learned and what is not', () => {
  const cases: Array<{ name: string; runs: CanonicalTree[]; expect: (merged: CanonicalTree) => void }> = [
    {
      name: 'a value that varied becomes a mask of the varying part, named in learned.masked',
      runs: [1, 2, 3].map((n) => tree(span('SET', { attributes: { 'db.query.text': `set order:${n} x`, 'db.system': 'redis' } }))),
      expect: ({ roots: [node] }) => {
        assert.deepEqual(node?.attributes, { 'db.query.text': 'set order:{*} x', 'db.system': 'redis' });
        assert.deepEqual(node?.learned, { masked: { 'db.query.text': '3 values in 3 runs' } });
      },
    },
    {
      name: 'a span some runs lack becomes optional, with the runs that saw it',
      runs: [true, false, true].map((connect) => tree(span('GET /cart', {}, [...(connect ? [span('pg.connect')] : []), span('SELECT')]))),
      expect: ({ roots: [root] }) => {
        assert.deepEqual(root?.children.map((child) => child.name), ['pg.connect', 'SELECT']);
        assert.equal(root?.children[0]?.minCount, 0);
        assert.equal(root?.children[0]?.count, 1);
        assert.deepEqual(root?.children[0]?.learned, { seen: '2/3 runs' });
        assert.equal(root?.children[1]?.learned, undefined, 'a span every run had stays exact');
        assert.equal(root?.learned, undefined);
      },
    },
    {
      name: 'a span first seen in a later run is optional too, placed after the sibling it followed',
      runs: [tree(span('r', {}, [span('a'), span('c')])), tree(span('r', {}, [span('a'), span('b'), span('c')]))],
      expect: ({ roots: [root] }) => {
        assert.deepEqual(root?.children.map((child) => `${child.name}${child.minCount === 0 ? '?' : ''}`), ['a', 'b?', 'c']);
        assert.deepEqual(root?.children[1]?.learned, { seen: '1/2 runs' });
      },
    },
    {
      name: 'a count that varied becomes a range with the counts seen',
      runs: [2, 3, 3].map((count) => tree(span('r', {}, [span('SELECT', { count })]))),
      expect: ({ roots: [root] }) => {
        const select = root?.children[0];
        assert.equal(select?.count, 3);
        assert.equal(select?.minCount, 2);
        assert.deepEqual(select?.learned, { counts: [2, 3, 3] });
      },
    },
    {
      name: 'the duration baseline is the slowest run, and nothing is learned from durations',
      runs: [40, 90, 60].map((durationMs) => tree(span('r', { durationMs }))),
      expect: ({ roots: [root] }) => {
        assert.equal(root?.durationMs, 90);
        assert.equal(root?.learned, undefined);
      },
    },
    {
      name: 'nothing is learned where every run agreed, even when that differs from elsewhere',
      runs: [1, 2].map((n) => tree(span('r', { attributes: { same: 'order:5' } }, [span('a', { attributes: { id: `order:${n}` } })]))),
      expect: ({ roots: [root] }) => {
        assert.deepEqual(root?.attributes, { same: 'order:5' });
        assert.equal(root?.learned, undefined);
        assert.deepEqual(root?.children[0]?.attributes, { id: 'order:{*}' });
      },
    },
    {
      name: 'siblings whose order the runs disagree on are concurrent: their order is no fact',
      runs: [tree(span('r', {}, [span('a'), span('b'), span('c')])), tree(span('r', {}, [span('b'), span('a'), span('c')]))],
      expect: ({ roots: [root] }) => assert.deepEqual(root?.children.map((child) => `${child.name}${child.concurrent ? '~' : ''}`), ['a', 'b~', 'c']),
    },
    {
      name: 'siblings that overlapped in any run are concurrent in the merge',
      runs: [false, true].map((concurrent) => tree(span('r', {}, [span('a'), span('b', { concurrent })]))),
      expect: ({ roots: [root] }) => assert.equal(root?.children[1]?.concurrent, true),
    },
  ];
  for (const { name, runs, expect } of cases) {
    const merged = mergeRuns(runs);
    expect(merged);
    for (const [i, run] of runs.entries()) {
      const blocking = diff(merged, run).filter((finding) => !finding.suppressed);
      assert.deepEqual(blocking, [], `${name}: run ${i + 1} verifies against the merge`);
    }
  }
});

test('verify honours learned things, says which absorbed a finding, and still fails outside them', () => {
  const golden = mergeRuns([1, 2].map((n) =>
    tree(span('r', {}, [
      ...(n === 1 ? [span('pg.connect')] : []),
      span('SELECT', { count: n, attributes: { 'db.query.text': `select from t${n} where a = 1` } }),
    ])),
  ));
  const current = (children: CanonicalNode[]): CanonicalTree => tree(span('r', {}, children));
  const absorbed = diff(golden, current([span('SELECT', { count: 2, attributes: { 'db.query.text': 'select from t7 where a = 1' } })]));
  assert.deepEqual(
    absorbed.map((finding) => [finding.kind, finding.suppressed, finding.learned]),
    [
      ['missing', true, 'seen 1/2 runs'],
      ['attribute-changed', true, 'masked: 2 values in 2 runs'],
    ],
  );
  assert.match(absorbed[0]?.message ?? '', /missing: ×0\.\.1 → none/);
  const drifted = diff(golden, current([span('SELECT', { count: 4, attributes: { 'db.query.text': 'select from t7 where a = 2' } })]));
  assert.deepEqual(
    drifted.filter((finding) => !finding.suppressed).map((finding) => [finding.kind, finding.message]),
    [
      ['count-changed', 'count: ×1..2 → ×4'],
      ['attribute-changed', 'attribute db.query.text: "select from {*} where a = 1" → "select from t7 where a = 2"'],
    ],
  );
  assert.ok(drifted.every((finding) => finding.learned === undefined || finding.suppressed));
});

// Runs of one test made from a template: each run keeps or drops the optional spans, repeats the
// variable ones, puts its own id into statements and has its own durations (a tiny LCG per run).
interface Template {
  readonly name: string;
  readonly optional: boolean;
  readonly repeats: boolean;
  readonly idInStatement: boolean;
  readonly children: readonly Template[];
}

const template: fc.Arbitrary<Template[]> = fc.letrec<{ nodes: Template[] }>((tie) => ({
  nodes: fc.array(
    fc.record({
      optional: fc.boolean(),
      repeats: fc.boolean(),
      idInStatement: fc.boolean(),
      children: fc.oneof({ maxDepth: 3, depthIdentifier: 't' }, fc.constant([]), tie('nodes')),
    }),
    { maxLength: 3 },
  ).map((nodes) => nodes.map((node, i) => ({ ...node, name: `span ${i}` }))),
})).nodes;

function runOf(nodes: readonly Template[], seed: number): CanonicalTree {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const build = (list: readonly Template[]): CanonicalNode[] =>
    list.flatMap((t) => {
      if (t.optional && next() % 3 === 0) return [];
      return [span(t.name, {
        count: t.repeats ? 1 + (next() % 3) : 1,
        durationMs: 1 + (next() % 200),
        attributes: { 'db.system': 'postgresql', 'db.query.text': t.idInStatement ? `set order:${next() % 1000} where x = ?` : 'select 1' },
      }, build(t.children))];
    });
  return { roots: build([{ name: 'trigger', optional: false, repeats: false, idInStatement: false, children: nodes }]) };
}

test('property: merging copies of one tree gives that tree back', () => {
  fc.assert(
    fc.property(template, fc.integer(), fc.integer({ min: 1, max: 5 }), (nodes, seed, copies) => {
      const run = runOf(nodes, seed);
      assert.deepStrictEqual(mergeRuns(Array.from({ length: copies }, () => run)), run);
    }),
    { numRuns: 150 },
  );
});

test('property: a learned tree verifies each of the runs it was learned from', () => {
  fc.assert(
    fc.property(template, fc.array(fc.integer(), { minLength: 2, maxLength: 5 }), (nodes, seeds) => {
      const runs = seeds.map((seed) => runOf(nodes, seed));
      const merged = mergeRuns(runs);
      for (const run of runs) {
        const findings = diff(merged, run);
        assert.ok(!hasBlockingDrift(findings), JSON.stringify(findings.filter((finding) => !finding.suppressed), null, 1));
      }
    }),
    { numRuns: 150 },
  );
});
