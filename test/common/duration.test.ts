// common's one duration table: every unit reads to the right milliseconds, anything else reads as
// undefined, and formatDurationMs writes the one style every stage prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DURATION_UNIT_NANOS, DURATION_UNIT_PATTERN, durationMs, formatDurationMs, readDurationMs } from '../../src/common/index.ts';

test('each unit of the table, read from text, in milliseconds', () => {
  const cases: readonly [string, number][] = [
    ['1ns', 0.000001],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['250ms', 250],
    ['250', 250],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    [' 10 s ', 10_000],
    ['2.01s', 2010],
    ['8.3m', 498_000],
  ];
  for (const [text, ms] of cases) assert.equal(readDurationMs(text), ms, text);
  assert.deepEqual(Object.keys(DURATION_UNIT_NANOS), ['ns', 'us', 'µs', 'ms', 's', 'm', 'h']);
  assert.equal(DURATION_UNIT_PATTERN, 'ns|us|µs|ms|s|m|h');
});

test('numbers are milliseconds when finite and not negative; everything else is undefined', () => {
  assert.equal(readDurationMs(0), 0);
  assert.equal(readDurationMs(0.5), 0.5);
  for (const value of [-5, Number.NaN, Number.POSITIVE_INFINITY, '-5ms', '10S', '1e3', '.5s', '5 ms ms', '', '5d', null, true, [], {}, undefined]) {
    assert.equal(readDurationMs(value), undefined, JSON.stringify(value) ?? String(value));
  }
});

test('durationMs rounds to whole nanoseconds', () => {
  assert.equal(durationMs(2.01, 's'), 2010);
  assert.equal(durationMs(4.1, 'm'), 246_000);
  assert.equal(durationMs(500, 'us'), 0.5);
  assert.equal(durationMs(1.5, 'ns'), 0.000002);
});

test('formatDurationMs: µs under a millisecond, ms under a second, s to two places, then m and s', () => {
  const cases: readonly [number, string][] = [
    [0.85, '850µs'],
    [0, '0ms'],
    [42.4, '42ms'],
    [999.4, '999ms'],
    [1000, '1s'],
    [1320, '1.32s'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    // Rounding never prints a tier's upper bound: the next tier is chosen on the rounded value.
    [0.9996, '1ms'],
    [999.6, '1s'],
    [59_996, '1m0s'],
    [119_600, '2m0s'],
    [1234.5, '1.23s'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDurationMs(ms), text, String(ms));
});
