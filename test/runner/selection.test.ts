// Test selection, shards, suite grouping, globs and the snapshot write decision: the runner's
// own small rules, on plain values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TestDefinition } from '../../src/model/index.ts';
import { parseShard } from '../../src/runner/index.ts';
import { decideSnapshotWrite } from '../../src/runner/update-mode.ts';
import { filterTests, shardTests } from '../../src/runner/select-tests.ts';
import { globToRegExp } from '../../src/runner/find-files.ts';
import { groupIntoRunUnits } from '../../src/runner/load-tests.ts';

function testDef(id: string, name = id): TestDefinition {
  return {
    id,
    name,
    file: `tests/${id}.tbt.yaml`,
    trigger: { kind: 'traceid', traceId: '0'.repeat(31) + '1' },
    specs: [],
    flows: [],
    outputs: [],
  };
}

test('filters match id, name or file, case-insensitively', () => {
  const tests = [testDef('checkout-a', 'Checkout A'), testDef('refund')];
  assert.deepEqual(filterTests(tests, ['CHECKOUT']).map((t) => t.id), ['checkout-a']);
  assert.deepEqual(filterTests(tests, []).map((t) => t.id), ['checkout-a', 'refund']);
  assert.deepEqual(filterTests(tests, ['nothing']), []);
});

test('shards partition any suite: every test in exactly one shard, the same on every machine', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (ids, total) => {
      const tests = ids.map((id) => testDef(id));
      const seen = new Map<string, number>();
      for (let index = 1; index <= total; index += 1) {
        for (const t of shardTests(tests, { index, total })) seen.set(t.id, (seen.get(t.id) ?? 0) + 1);
      }
      assert.equal(seen.size, ids.length);
      assert.ok([...seen.values()].every((count) => count === 1));
      assert.deepEqual(shardTests(tests, { index: 1, total }), shardTests([...tests], { index: 1, total }));
    }),
  );
});

test('--shard must be i/n with 1 ≤ i ≤ n', () => {
  assert.deepEqual(parseShard('2/3'), { index: 2, total: 3 });
  for (const bad of ['0/3', '4/3', '1/0', 'x', '1-3']) assert.throws(() => parseShard(bad), { name: 'TbtError' });
});

test('suite steps stay together and in order; other tests run alone', () => {
  const tests = [testDef('a'), testDef('suite--login'), testDef('suite--buy'), testDef('b')];
  const units = groupIntoRunUnits(tests, [{ id: 'suite', steps: ['suite--login', 'suite--buy'] }]);
  assert.deepEqual(units.map((unit) => unit.map((t) => t.id)), [['a'], ['suite--login', 'suite--buy'], ['b']]);
});

test('globs: ** spans directories, * stays within one', () => {
  const pattern = globToRegExp('fixtures/**/*.tbt.yaml');
  assert.ok(pattern.test('fixtures/checkout/tests/a.tbt.yaml'));
  assert.ok(pattern.test('fixtures/a.tbt.yaml'));
  assert.ok(!pattern.test('fixtures/a.yaml'));
  assert.ok(!globToRegExp('tests/*.tbt.yaml').test('tests/deep/a.tbt.yaml'));
});

test('snapshot writes follow the update mode', () => {
  const cases: [Parameters<typeof decideSnapshotWrite>[0], string][] = [
    [{ mode: 'none', force: true, snapshotExists: false, drifted: true }, 'nothing'],
    [{ mode: 'new', force: false, snapshotExists: false, drifted: false }, 'snapshot'],
    [{ mode: 'new', force: false, snapshotExists: true, drifted: true }, 'pending'],
    [{ mode: 'new', force: false, snapshotExists: true, drifted: false }, 'nothing'],
    [{ mode: 'all', force: false, snapshotExists: true, drifted: false }, 'nothing'],
    [{ mode: 'all', force: false, snapshotExists: true, drifted: true }, 'snapshot'],
    [{ mode: 'all', force: true, snapshotExists: true, drifted: false }, 'snapshot'],
  ];
  for (const [input, expected] of cases) assert.equal(decideSnapshotWrite(input).write, expected, JSON.stringify(input));
});
