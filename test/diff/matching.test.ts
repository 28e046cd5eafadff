// Matching edge cases: look-alike siblings, renames versus moves, order of longer runs, several
// roots, a chain deep enough to break any recursive walk, and changes hidden by folded repeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTrees, DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import type { CanonicalNode, CanonicalTree } from '../../src/model/index.ts';
import { brief, edit, span, tree } from './trees.ts';

function diff(golden: CanonicalTree, current: CanonicalTree): string[] {
  return brief(diffTrees(golden, current, { tolerances: DEFAULT_TOLERANCES }));
}

test('two calls with one identity: a change in one is reported on that one only', () => {
  const item = (id: string, child: string): CanonicalNode =>
    span('GET /items/{id}', { kind: 'client', attributes: { 'http.route': '/items/{id}', 'item.kind': id } }, [span(child)]);
  const golden = tree(span('root', {}, [item('book', 'load book'), item('pen', 'load pen')]));
  const current = tree(span('root', {}, [
    edit(item('pen', 'load pen'), {}, [span('load pen'), span('log')]),
    edit(item('book', 'load book'), { concurrent: true }),
  ]));
  assert.deepStrictEqual(diff(golden, current), ['unexpected: root/GET /items/{id}/log: unexpected: none → ×1']);
});

test('a rename of a parent is a rename, not a move of its children', () => {
  const golden = tree(span('P', {}, [span('A', {}, [span('Z', {}, [span('Y')])])]));
  const current = tree(span('P', {}, [span('B', {}, [span('Z', {}, [span('Y')])])]));
  assert.deepStrictEqual(diff(golden, current), ['renamed: P/B: renamed: "A" → "B"']);
});

test('a renamed leaf keeps its attributes; a leaf that changed more is missing plus unexpected', () => {
  const golden = tree(span('P', {}, [span('validate', { attributes: { step: 1 } })]));
  assert.deepStrictEqual(diff(golden, tree(span('P', {}, [span('check', { attributes: { step: 1 } })]))), [
    'renamed: P/check: renamed: "validate" → "check"',
  ]);
  assert.deepStrictEqual(diff(golden, tree(span('P', {}, [span('check', { attributes: { step: 2 } })]))), [
    'unexpected: P/check: unexpected: none → ×1',
    'missing: P/validate: missing: ×1 → none',
  ]);
});

test('a moved subtree that also repeats reports the move and the count', () => {
  const leaf = span('SELECT', { kind: 'client' }, [span('parse')]);
  const golden = tree(span('P', {}, [span('A', {}, [leaf]), span('B')]));
  const current = tree(span('P', {}, [span('A'), span('B', {}, [edit(leaf, { count: 2 })])]));
  assert.deepStrictEqual(diff(golden, current), [
    'count-changed: P/B/SELECT: count: ×1 → ×2',
    'moved: P/B/SELECT: moved: under api › P › A → under api › P › B',
  ]);
});

test('a reversed run of three steps names the two that moved', () => {
  const steps = ['one', 'two', 'three'].map((name) => span(name));
  const golden = tree(span('P', {}, steps));
  const current = tree(span('P', {}, [...steps].reverse()));
  assert.deepStrictEqual(diff(golden, current), [
    'order-changed: P/one: order: one now after three (was before)',
    'order-changed: P/two: order: two now before one (was after)',
  ]);
});

test('steps that became concurrent are not reversed', () => {
  const golden = tree(span('P', {}, [span('one'), span('two')]));
  const current = tree(span('P', {}, [span('two'), span('one', { concurrent: true })]));
  assert.deepStrictEqual(diff(golden, current), []);
});

test('extra roots (orphans) are matched like siblings', () => {
  const golden = tree(span('root'), span('orphan', { service: 'late' }));
  assert.deepStrictEqual(diff(golden, tree(span('root'))), ['missing: orphan: missing: ×1 → none']);
  assert.deepStrictEqual(diff(golden, tree(span('orphan', { service: 'late' }), span('root', { concurrent: true }))), []);
});

test('a 50,000-deep chain is walked without recursion', () => {
  const chain = (depth: number, leaf: string): CanonicalNode => {
    let node = span(leaf);
    for (let i = depth - 1; i > 0; i--) node = span(`level ${i % 7}`, {}, [node]);
    return node;
  };
  const findings = diffTrees(tree(chain(50_000, 'bottom')), tree(chain(50_000, 'changed bottom')), { tolerances: DEFAULT_TOLERANCES });
  assert.deepStrictEqual(findings.map((f) => [f.kind, f.path.length, f.message]), [['renamed', 50_000, 'renamed: "bottom" → "changed bottom"']]);
});

test('same name, new semantic attributes: attribute findings, not a rename or missing plus unexpected', () => {
  const get = (attributes: Record<string, string>, id: string): CanonicalNode => span('GetDriver', { kind: 'client', attributes: { ...attributes, 'driver.id': id } });
  const golden = tree(span('P', {}, [get({}, 'a'), get({}, 'b')]));
  const current = tree(span('P', {}, [get({ 'db.system.name': 'redis' }, 'a'), get({ 'db.system.name': 'redis' }, 'b')]));
  assert.deepStrictEqual(diff(golden, current), [
    'attribute-added: P/GetDriver: attribute db.system.name: none → "redis"',
    'attribute-added: P/GetDriver: attribute db.system.name: none → "redis"',
  ]);
  // Swapped as well: the pairing follows content, so the swap is an order change between look-alikes.
  const swapped = tree(span('P', {}, [get({ 'db.system.name': 'redis' }, 'b'), get({ 'db.system.name': 'redis' }, 'a')]));
  assert.deepStrictEqual(diff(golden, swapped).at(-1), 'order-changed: P/GetDriver: order: GetDriver now after another GetDriver (was before)');
  const route = (r: string): CanonicalNode => span('GET', { kind: 'server', attributes: { 'http.route': r } }, [span('load')]);
  assert.deepStrictEqual(diff(tree(route('/users/:id')), tree(route('/users/{id}'))), [
    'attribute-changed: GET: attribute http.route: "/users/:id" → "/users/{id}"',
  ]);
});

test('a child lost under one of two look-alike calls, which then fold into ×2, is still missing (and gained, unexpected)', () => {
  // Found by the property test "losing any one span of the re-run is drift": the count of the
  // identity stays 2, so the leftover call was taken for a repeat and its subtree never compared.
  const query = (children: CanonicalNode[] = [], count = 1): CanonicalNode => span('SELECT stock', { kind: 'client', count }, children);
  const withChild = tree(span('root', {}, [query([span('fetch row')]), query()]));
  const folded = tree(span('root', {}, [query([], 2)]));
  assert.deepStrictEqual(diff(withChild, folded), ['missing: root/SELECT stock/fetch row: missing: ×1 → none']);
  assert.deepStrictEqual(diff(folded, withChild), ['unexpected: root/SELECT stock/fetch row: unexpected: none → ×1']);
});
