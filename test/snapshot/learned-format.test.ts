// What recording learned reads and writes in the snapshot: `count: MIN..MAX` ranges, the
// `learned:` block, schema 2 only when something was learned, and old schema 1 files still read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnapshot, renderSnapshot } from '../../src/snapshot/index.ts';
import { TbtError, type Snapshot } from '../../src/model/index.ts';
import { leaf } from './snapshot-fixtures.ts';

const header = { id: 'checkout', test: 'checkout works', file: 'tests/checkout.tbt.yaml', trigger: 'POST /checkout', normalize: '0123456789abcdef', detectorFindings: [] };

test('learned ranges and facts are written where a reviewer reads them, as schema 2', () => {
  const snapshot: Snapshot = {
    ...header,
    tree: {
      roots: [
        leaf('POST /checkout', {
          children: [
            leaf('pg.connect', { minCount: 0, count: 1, learned: { seen: '2/3 runs' } }),
            leaf('SELECT stock', { minCount: 2, count: 3, learned: { counts: [2, 3, 3] } }),
            leaf('SET', { attributes: { 'db.query.text': 'set order:{*} status' }, learned: { masked: { 'db.query.text': '3 values in 3 runs' } } }),
          ],
        }),
      ],
    },
  };
  const text = renderSnapshot(snapshot);
  assert.match(text, /^tbt_snapshot: 2$/m);
  assert.match(text, /span: pg\.connect\n.*\n.*\n\s+count: 0\.\.1\n\s+learned: \{ seen: 2\/3 runs \}/);
  assert.match(text, /count: 2\.\.3\n\s+learned: \{ counts: \[ 2, 3, 3 \] \}/);
  assert.match(text, /learned: \{ masked: \{ db\.query\.text: 3 values in 3 runs \} \}/);
  assert.match(text, /spans: 6\n/, 'the header counts the most spans the tree allows');
  assert.deepStrictEqual(parseSnapshot(text, 'checkout.trace.yaml'), snapshot);
});

test('a snapshot with nothing learned stays schema 1, byte for byte as before', () => {
  const text = renderSnapshot({ ...header, tree: { roots: [leaf('POST /checkout', { count: 2 })] } });
  assert.match(text, /^tbt_snapshot: 1$/m);
  assert.doesNotMatch(text, /learned|\.\./);
  const parsed = parseSnapshot(text, 'checkout.trace.yaml');
  assert.equal(parsed.tree.roots[0]?.minCount, undefined);
  assert.equal(parsed.tree.roots[0]?.learned, undefined);
});

test('bad ranges and learned blocks are located errors', () => {
  const base = renderSnapshot({ ...header, tree: { roots: [leaf('a', { count: 2 })] } });
  const cases: Array<[string, RegExp]> = [
    [base.replace('count: 2', 'count: 2..2'), /range MIN\.\.MAX with MIN < MAX/],
    [base.replace('count: 2', 'count: 3..2'), /range MIN\.\.MAX/],
    [base.replace('count: 2', 'count: "a..b"'), /range MIN\.\.MAX/],
    [base.replace('count: 2', 'count: 2\n    learned: { wobbly: 1 }'), /unknown key `wobbly`/],
    [base.replace('count: 2', 'count: 2\n    learned: { counts: [ -1 ] }'), /learned\.counts\[0\].*whole number ≥ 0/],
    [base.replace('count: 2', 'count: 2\n    learned: { masked: [ db.statement ] }'), /map of attribute keys/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseSnapshot(text, 's.trace.yaml'), (error: unknown) => {
      assert.ok(error instanceof TbtError, String(error));
      assert.match(error.message, message);
      assert.equal(typeof error.location?.line, 'number');
      return true;
    });
  }
});
