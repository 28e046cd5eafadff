// Proves grouping's table of first positions by span id answers exactly as a Map<string, number>
// would, for ids in the model's form (16 lowercase hex digits, held as numbers) and any other string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { positionOf, positionOrAdd, spanIdPositions } from '../../src/ingest/id-positions.ts';

/** Ids that collide often: few hex digits vary, and near-misses of the model's form (uppercase, 15 or 17 digits, '', 'a'). */
const spanId = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => n.toString(16).padStart(16, '0')),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => `${a.toString(16).padStart(8, 'f')}${b.toString(16).padStart(8, '0')}`),
  fc.stringMatching(/^[0-9a-f]{16}$/),
  fc.stringMatching(/^[0-9a-fA-F]{15,17}$/),
  fc.constantFrom('', 'a', 'ffffffffffffffff', '000000000000000g', 'FFFFFFFFFFFFFFFF', '0000000000000000'),
  fc.string({ maxLength: 17 }),
);

test('positionOrAdd and positionOf answer as a Map of first positions does', () => {
  fc.assert(
    fc.property(fc.array(spanId, { maxLength: 60 }), fc.array(spanId, { maxLength: 30 }), (added, asked) => {
      const table = spanIdPositions(added.length);
      const model = new Map<string, number>();
      added.forEach((id, position) => {
        const expected = model.get(id) ?? -1;
        if (expected === -1) model.set(id, position);
        assert.equal(positionOrAdd(table, id, position), expected, `add ${JSON.stringify(id)}`);
      });
      for (const id of [...added, ...asked]) assert.equal(positionOf(table, id), model.get(id) ?? -1, `get ${JSON.stringify(id)}`);
    }),
    { numRuns: 1000 },
  );
});

test('a full table of ids that differ only in their high half still finds each one', () => {
  const count = 5000;
  const table = spanIdPositions(count);
  const ids = Array.from({ length: count }, (_, i) => `${i.toString(16).padStart(8, '0')}00000000`);
  ids.forEach((id, i) => assert.equal(positionOrAdd(table, id, i), -1));
  ids.forEach((id, i) => assert.equal(positionOf(table, id), i));
  assert.equal(positionOf(table, `${count.toString(16).padStart(8, '0')}00000000`), -1);
});
