// PairIds against a Map of "a,b" texts: the same pair always gets the same id, different pairs
// different ids, handed out from the owner's counter in first-seen order, across table growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PAIR_PART, PairIds } from '../../src/common/index.ts';

function reference(): { id: (a: number, b: number) => number } {
  const ids = new Map<string, number>();
  return {
    id(a, b) {
      const key = `${a},${b}`;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size + 1));
      return id;
    },
  };
}

test('pair ids agree with a map of pairs, through growth and collisions', () => {
  const part = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: MAX_PAIR_PART }));
  fc.assert(
    fc.property(fc.array(fc.tuple(part, part), { maxLength: 3000 }), (pairs) => {
      let next = 1;
      const table = new PairIds(() => next++);
      const expected = reference();
      for (const [a, b] of pairs) assert.equal(table.id(a, b), expected.id(a, b));
      // A second pass finds every pair again.
      for (const [a, b] of pairs) assert.equal(table.id(a, b), expected.id(a, b));
    }),
    { numRuns: 60 },
  );
});

test('a hundred thousand pairs keep their ids after the table grew many times', () => {
  let next = 1;
  const table = new PairIds(() => next++);
  for (let i = 0; i < 100_000; i++) assert.equal(table.id(i, i * 7), i + 1);
  for (let i = 0; i < 100_000; i += 997) assert.equal(table.id(i, i * 7), i + 1);
  assert.equal(table.id(1, 2), 100_001);
});
