// Proves checkOrder's shortcut (pairs listed in non-decreasing phases on both sides have no order
// change) agrees with the full search, on pairs in any order, with repeated spans and phases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CanonicalTreeIndex } from '../../src/diff/canonical-tree-index.ts';
import type { ChildPair } from '../../src/diff/match-children.ts';
import { checkOrder, orderChanges } from '../../src/diff/check-order.ts';

/** Only the phases are read: an index with nothing else in it. */
function phases(values: readonly number[]): CanonicalTreeIndex {
  return { phase: Int32Array.from(values) } as unknown as CanonicalTreeIndex;
}

test('checkOrder finds what the full search finds', () => {
  const phase = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 });
  // Sorted phases, as siblings have them, or any: both shapes of input reach both paths.
  const side = fc.oneof(phase, phase.map((values) => [...values].sort((a, b) => a - b)));
  const pair = fc.record({ g: fc.nat(7), c: fc.nat(7), renamed: fc.boolean() });
  fc.assert(
    fc.property(side, side, fc.array(pair, { maxLength: 8 }), fc.boolean(), (gPhases, cPhases, list, sorted) => {
      const pairs: ChildPair[] = sorted ? [...list].sort((a, b) => a.g - b.g || a.c - b.c) : list;
      const golden = phases(gPhases);
      const current = phases(cPhases);
      assert.deepEqual(checkOrder(pairs, golden, current), orderChanges(pairs, golden, current));
    }),
    { numRuns: 2000 },
  );
});
