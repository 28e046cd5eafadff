// Collapsing identical sibling subtrees into one node with a count and the slowest duration, nested, and only when they really are identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, outline } from './canonical-helpers.ts';
import type { SpanSpec } from './span-builder.ts';

test('identical sibling subtrees collapse at the first position, with the slowest duration', () => {
  const tree = canonical([
    { id: '1', name: 'root', end: 100 },
    { id: '2', parent: '1', name: 'SELECT stock', kind: 'client', start: 1, end: 3, attributes: { 'db.statement': "SELECT * FROM s WHERE sku = 'A'" } },
    { id: '3', parent: '1', name: 'log', start: 4, end: 5 },
    { id: '4', parent: '1', name: 'SELECT stock', kind: 'client', start: 6, end: 13.25, attributes: { 'db.statement': "SELECT * FROM s WHERE sku = 'B'" } },
    { id: '5', parent: '1', name: 'SELECT stock', kind: 'client', start: 14, end: 15, attributes: { 'db.statement': "SELECT * FROM s WHERE sku = 'C'" } },
  ]);
  const children = tree.roots[0]?.children ?? [];
  assert.equal(outline(tree), ['root', '  SELECT stock×3', '  log'].join('\n'));
  assert.equal(children[0]?.count, 3);
  assert.equal(children[0]?.durationMs, 7.25);
});

test('subtrees differing in a child, an attribute or the status do not collapse', () => {
  const tree = canonical([
    { id: '1', name: 'root', end: 100 },
    { id: '2', parent: '1', name: 'call', start: 1, end: 2 },
    { id: '3', parent: '1', name: 'call', start: 3, end: 4, attributes: { 'http.response.status_code': 500 } },
    { id: '4', parent: '1', name: 'call', start: 5, end: 6, status: { code: 'error' } },
    { id: '5', parent: '1', name: 'call', start: 7, end: 9 },
    { id: '6', parent: '5', name: 'inner', start: 7.5, end: 8 },
    { id: '7', parent: '1', name: 'call', start: 10, end: 11 },
  ]);
  assert.equal(outline(tree), ['root', '  call×2', '  call', '  call', '  call', '    inner'].join('\n'));
});

test('nested collapse: counts inside count, durations are the slowest at every depth', () => {
  const specs: SpanSpec[] = [{ id: '1', name: 'root', end: 1000 }];
  let id = 2;
  for (let order = 0; order < 3; order++) {
    const parent = `${id++}`;
    const start = order * 100;
    specs.push({ id: parent, parent: '1', name: 'load order', start, end: start + 50 + order });
    for (let item = 0; item < 2; item++) {
      specs.push({ id: `${id++}`, parent, name: 'load item', start: start + 1 + item * 10, end: start + 2 + item * 10 + (order === 1 ? 3 : 0) });
    }
  }
  const tree = canonical(specs);
  assert.equal(outline(tree), ['root', '  load order×3', '    load item×2'].join('\n'));
  const order = tree.roots[0]?.children[0];
  assert.equal(order?.durationMs, 52);
  assert.equal(order?.children[0]?.durationMs, 4);
});

test('durations are rounded to the microsecond', () => {
  const tree = canonical([{ id: '1', name: 'root', start: 0, end: 1.2345678 }]);
  assert.equal(tree.roots[0]?.durationMs, 1.235);
});
