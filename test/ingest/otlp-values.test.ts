// Proves the JSON decoder's fast paths for decimal integers (short intValue texts, times) give
// exactly what the general, range-checked conversion gives, and refuse what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { int64FromJson, intAttribute, intAttributeFromJson, nanosFromJson } from '../../src/ingest/otlp-values.ts';

/** Decimal texts around the fast paths' limits: leading zeros, signs, 1 to 22 digits. */
const decimalText = fc
  .tuple(fc.constantFrom('', '-', '+', '0', '00'), fc.stringMatching(/^[0-9]{1,22}$/), fc.constantFrom('', ' ', 'x', '.5'))
  .map(([head, digits, tail]) => `${head}${digits}${tail}`);
const jsonInteger = fc.oneof(decimalText, fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }).map(String), fc.integer(), fc.double());

/** The result, or the error's message: a refusal must be the same refusal. */
function outcome<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

test('intAttributeFromJson equals intAttribute(int64FromJson(…)), refusals included', () => {
  fc.assert(
    fc.property(jsonInteger, (value) => {
      const fast = outcome(() => intAttributeFromJson(value, '', 'n'));
      const general = outcome(() => intAttribute(int64FromJson(value, 'attribute "n": intValue')));
      assert.ok(Object.is(fast, general), `${JSON.stringify(value)}: ${String(fast)} vs ${String(general)}`);
    }),
    { numRuns: 2000 },
  );
  assert.ok(Object.is(intAttributeFromJson('-0', '', 'n'), 0));
  assert.equal(intAttributeFromJson('9007199254740993', '', 'n'), '9007199254740993');
});

test('nanosFromJson of a decimal text equals the range-checked bigint, refusals included', () => {
  fc.assert(
    fc.property(jsonInteger, (value) => {
      const text = typeof value === 'string' ? value : String(value);
      // The general path's rule: digits only, below 2^64.
      const general = outcome(() => {
        if (!/^\d+$/.test(text)) throw new Error('not a time');
        const parsed = BigInt(text);
        if (parsed >= 2n ** 64n) throw new Error('out of range');
        return parsed;
      });
      const fast = outcome(() => nanosFromJson(text, 'startTimeUnixNano'));
      assert.equal(typeof fast === 'bigint', typeof general === 'bigint');
      if (typeof general === 'bigint') assert.equal(fast, general);
    }),
    { numRuns: 2000 },
  );
});

test('nanosFromJson of times in a row, sharing their seconds or not, equals BigInt of each text', () => {
  const seconds = fc.constantFrom('1700000000', '1700000001', '170000000', '1', '0', '9999999999', '0000000001');
  const time = fc.tuple(seconds, fc.stringMatching(/^[0-9]{9}$/)).map(([s, n]) => `${s}${n}`);
  fc.assert(
    fc.property(fc.array(fc.oneof(time, fc.stringMatching(/^[0-9]{1,19}$/)), { maxLength: 20 }), (texts) => {
      for (const text of texts) assert.equal(nanosFromJson(text, 'startTimeUnixNano'), BigInt(text), text);
    }),
    { numRuns: 1000 },
  );
});
