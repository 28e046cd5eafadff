// The snapshot format: exact round trips, hand-edited YAML, kept types, the documented layout, deep chains, and the millisecond duration notation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSnapshot, renderCanonicalTree, renderSnapshot } from '../../src/snapshot/index.ts';
import { formatDuration, parseDuration } from '../../src/snapshot/format.ts';

import type { CanonicalNode, Snapshot } from '../../src/model/index.ts';
import { snapshot as snapshotArbitrary } from './snapshot-arbitraries.ts';
import { leaf } from './snapshot-fixtures.ts';

const header = { id: 'checkout', test: 'checkout works', file: 'tests/checkout.tbt.yaml', trigger: 'POST /checkout', normalize: '0123456789abcdef', detectorFindings: [] };

test('round-trips random snapshots exactly, and re-renders their text byte for byte', () => {
  fc.assert(
    fc.property(snapshotArbitrary, (snapshot) => {
      const text = renderSnapshot(snapshot);
      const parsed = parseSnapshot(text, 'random.trace.yaml');
      assert.deepStrictEqual(parsed, snapshot);
      assert.equal(renderSnapshot(parsed), text);
    }),
    { numRuns: 150 },
  );
});

test('hand-edited but valid YAML (other quoting, comments, flow or block) is read', () => {
  const edited = [
    'tbt_snapshot: 1   # schema',
    "id: 'checkout'",
    'test: checkout works',
    'file: tests/checkout.tbt.yaml',
    'trigger: POST /checkout',
    'normalize: "0123456789abcdef"',
    'spans: 1',
    'tree:',
    '- span: root          # a comment',
    '  service: svc',
    '  kind: server',
    "  attributes: {a: '200', b: 200, c: [1, '2']}",
    '  duration: 1ms',
    '',
  ].join('\n');
  const parsed = parseSnapshot(edited, 'x');
  assert.deepStrictEqual(parsed.tree.roots[0]?.attributes, { a: '200', b: 200, c: [1, '2'] });
  assert.deepStrictEqual(parseSnapshot(renderSnapshot(parsed), 'x'), parsed);
});

test('keeps types: "200" stays a string, 200 a number, "true" a string', () => {
  const snapshot: Snapshot = {
    ...header,
    tree: { roots: [leaf('x', { attributes: { a: '200', b: 200, c: 'true', d: true, e: '', f: '1.0', g: 1.5, h: ['1', 1] } })] },
  };
  const text = renderSnapshot(snapshot);
  assert.match(text, /attributes: \{ a: "200", b: 200, c: "true", d: true, e: "", f: "1\.0", g: 1\.5, h: \[ "1", 1 \] \}/);
  assert.deepStrictEqual(parseSnapshot(text, 'x'), snapshot);
});

test('a __proto__ attribute key is data, not a prototype', () => {
  const attributes = {};
  Object.defineProperty(attributes, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
  const snapshot: Snapshot = { ...header, tree: { roots: [leaf('x', { attributes })] } };
  const parsed = parseSnapshot(renderSnapshot(snapshot), 'x');
  assert.deepStrictEqual(Object.keys(parsed.tree.roots[0]?.attributes ?? {}), ['__proto__']);
  assert.equal(Object.getPrototypeOf(parsed.tree.roots[0]?.attributes), Object.prototype);
});

test('renders the design example layout: fixed key order, defaults omitted, flow maps when short', () => {
  const snapshot: Snapshot = {
    ...header,
    detectorFindings: ['n-plus-one:a'],
    tree: {
      roots: [
        leaf('trigger POST /checkout', {
          service: 'tbt',
          kind: 'client',
          attributes: { 'http.response.status_code': 200 },
          durationMs: 50,
          children: [
            leaf('SELECT stock', {
              service: 'inventory-service',
              kind: 'client',
              count: 2,
              status: { code: 'error' },
              attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT qty FROM stock WHERE sku = ? AND warehouse IN (?) ORDER BY qty' },
              events: [{ name: 'exception', attributes: { 'exception.type': 'Error' } }],
              durationMs: 1.234,
              concurrent: true,
            }),
          ],
        }),
      ],
    },
  };
  const text = renderSnapshot(snapshot);
  const expected = [
    '# tbt trace snapshot: written by `tbt record` / `tbt verify --update`; review it like code.',
    '',
    'tbt_snapshot: 1',
    'id: checkout',
    'test: checkout works',
    'file: tests/checkout.tbt.yaml',
    'trigger: POST /checkout',
    'normalize: 0123456789abcdef',
    'spans: 3',
    'detector_findings:',
    '  - n-plus-one:a',
    'tree:',
    '  - span: trigger POST /checkout',
    '    service: tbt',
    '    kind: client',
    '    attributes: { http.response.status_code: 200 }',
    '    duration: 50ms',
    '    children:',
    '      - span: SELECT stock',
    '        service: inventory-service',
    '        kind: client',
    '        count: 2',
    '        status: error',
    '        attributes:',
    '          db.statement: SELECT qty FROM stock WHERE sku = ? AND warehouse IN (?) ORDER BY qty',
    '          db.system: sqlite',
    '        events:',
    '          - name: exception',
    '            attributes: { exception.type: Error }',
    '        duration: 1.234ms',
    '        concurrent: true',
    '',
  ].join('\n');
  assert.equal(text, expected);
});

test('renderCanonicalTree prints the tree section alone, as in the snapshot', () => {
  const tree = { roots: [leaf('root', { children: [leaf('child')] })] };
  const text = renderCanonicalTree(tree);
  assert.equal(text, ['tree:', '  - span: root', '    service: svc', '    kind: internal', '    duration: 1ms', '    children:', '      - span: child', '        service: svc', '        kind: internal', '        duration: 1ms', ''].join('\n'));
  assert.ok(renderSnapshot({ ...header, tree }).endsWith(text));
  assert.equal(renderCanonicalTree({ roots: [] }), 'tree: []\n');
});

test('an empty tree renders and parses', () => {
  const snapshot: Snapshot = { ...header, tree: { roots: [] } };
  assert.match(renderSnapshot(snapshot), /spans: 0\ntree: \[\]\n$/);
  assert.deepStrictEqual(parseSnapshot(renderSnapshot(snapshot), 'x'), snapshot);
});

test('a chain deeper than the nesting limit continues in bounded indentation and parses back', () => {
  let node = leaf('leaf');
  for (let i = 0; i < 5000; i++) node = leaf(`level ${i}`, { children: [node], durationMs: i });
  const snapshot: Snapshot = { ...header, tree: { roots: [node] } };
  const text = renderSnapshot(snapshot);
  assert.match(text, /children_ref: 0\n/);
  assert.match(text, /\ncontinued:\n  - ref: 0\n    children:\n/);
  assert.ok(Math.max(...text.split('\n').map((line) => line.length)) < 300);
  // deepStrictEqual recurses; compare the re-rendered text and walk the chain instead
  const parsed = parseSnapshot(text, 'deep');
  assert.equal(renderSnapshot(parsed), text);
  let depth = 0;
  for (let at: CanonicalNode | undefined = parsed.tree.roots[0]; at; at = at.children[0]) {
    assert.equal(at.name, depth === 5000 ? 'leaf' : `level ${4999 - depth}`);
    depth++;
  }
  assert.equal(depth, 5001);
});

test('durations: a stable millisecond notation, parsed back exactly', () => {
  const cases: [number, string][] = [[0, '0ms'], [42, '42ms'], [1.234, '1.234ms'], [2500, '2500ms'], [0.001, '0.001ms'], [10.5, '10.5ms'], [100, '100ms']];
  for (const [ms, text] of cases) {
    assert.equal(formatDuration(ms), text);
    assert.equal(parseDuration(text), ms);
  }
  assert.equal(formatDuration(1.23456), '1.235ms');
  assert.equal(parseDuration('1.2345ms'), undefined);
  assert.equal(parseDuration('12s'), undefined);
});
