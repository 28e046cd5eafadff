// parseDurationMs: units, bare numbers, whole-nanosecond rounding, and located config errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs } from '../../src/config/duration.ts';
import { TbtError } from '../../src/model/index.ts';

const WHERE = { file: 'tbt.config.yaml', line: 4, column: 11 };

const VALID: readonly [unknown, number][] = [
  [250, 250],
  [0, 0],
  [0.5, 0.5],
  ['250', 250],
  ['250ms', 250],
  ['10s', 10_000],
  ['1.5m', 90_000],
  ['2h', 7_200_000],
  ['1500us', 1.5],
  ['1500µs', 1.5],
  ['2000000ns', 2],
  ['1ns', 0.000001],
  [' 10 s ', 10_000],
  ['0s', 0],
  // Decimal fractions times a unit are not exact in binary; these once came out as 2009.9999999999998 and 245999.99999999997.
  ['2.01s', 2010],
  ['4.1m', 246_000],
  ['8.3m', 498_000],
];

test('valid durations, in milliseconds', () => {
  for (const [input, expected] of VALID) {
    assert.equal(parseDurationMs(input, 'collect.settle', WHERE), expected, `${JSON.stringify(input)}`);
  }
});

const INVALID: readonly unknown[] = ['fast', '-5ms', -5, Number.NaN, Number.POSITIVE_INFINITY, '10S', '1e3', '.5s', '5 ms ms', '', '5d', null, true, [], {}, undefined];

test('anything else is a config error at the given place, naming the setting and the value', () => {
  for (const input of INVALID) {
    assert.throws(
      () => parseDurationMs(input, 'collect.settle', WHERE),
      (error: unknown) => {
        assert.ok(error instanceof TbtError);
        assert.equal(error.kind, 'config');
        assert.deepEqual(error.location, WHERE);
        assert.match(error.message, /^collect\.settle must be a duration such as 250ms or 10s/);
        return true;
      },
      JSON.stringify(input) ?? String(input),
    );
  }
  assert.throws(() => parseDurationMs('fast', 'collect.settle', WHERE), { message: 'collect.settle must be a duration such as 250ms or 10s, not "fast"' });
});
