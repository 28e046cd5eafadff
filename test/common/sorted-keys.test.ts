// sortedKeys and sortInPlace: the same order as Array.prototype.sort (stable), for short lists sorted by insertion and long ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortedKeys, sortInPlace } from '../../src/common/sorted-keys.ts';

test('sortedKeys lists the keys as Object.keys(map).sort() does, for short maps (insertion sort) and long ones', () => {
  // Keys of every kind: integer-like ones (listed first by objects), non-ASCII, surrogates, prefixes of each other.
  const key = fc.oneof(fc.string({ maxLength: 4 }), fc.nat({ max: 1000 }).map(String), fc.constantFrom('a', 'a.b', 'A', 'é', '\u{1F600}', '__proto__x'));
  fc.assert(
    fc.property(fc.uniqueArray(key, { maxLength: 40 }), (keys) => {
      const map: Record<string, number> = {};
      for (const k of keys) map[k] = 1;
      assert.deepEqual(sortedKeys(map), Object.keys(map).sort());
    }),
    { numRuns: 500 },
  );
});

test('sortInPlace orders as Array.prototype.sort does, ties kept in their order (stable), short lists and long', () => {
  // Records with few distinct keys, so that ties are common; the tag tells tied items apart.
  const item = fc.record({ key: fc.integer({ min: 0, max: 4 }), tag: fc.nat() });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 40 }), (items) => {
      const compare = (a: { key: number }, b: { key: number }): number => a.key - b.key;
      assert.deepEqual(sortInPlace([...items], compare), [...items].sort(compare));
    }),
    { numRuns: 500 },
  );
});
