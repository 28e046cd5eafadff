// Proves the protobuf 64-bit conversion, with its reused high word, gives the exact value of any
// signed or unsigned (low, high) pair, in any order of calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bigintFromLong } from '../../src/ingest/otlp-values.ts';

test('(low, high) words become the exact 64-bit value, signed or not', () => {
  const word = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 });
  fc.assert(
    fc.property(fc.array(fc.tuple(word, fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 395812345), fc.boolean()), { minLength: 1, maxLength: 8 }), (calls) => {
      for (const [low, high, signed] of calls) {
        const unsigned = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
        assert.equal(bigintFromLong({ low, high }, signed), signed ? BigInt.asIntN(64, unsigned) : unsigned);
      }
    }),
    { numRuns: 2000 },
  );
  assert.equal(bigintFromLong(null, false), 0n);
  assert.equal(bigintFromLong(12.7, false), 12n);
});
