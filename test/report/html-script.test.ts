// The HTML report's in-browser script cannot import common, so it carries its own copy of the
// duration formatter: this proves the copy writes every duration exactly as formatDurationMs does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDurationMs } from '../../src/common/index.ts';
import { HTML_SCRIPT } from '../../src/report/html-script.ts';

/** The script's `ms` function, compiled on its own (the rest of the script needs a DOM). */
function browserFormatter(): (ms: number) => string {
  const source = /\n {2}function ms\(v\) \{\n[\s\S]*?\n {2}\}\n/.exec(HTML_SCRIPT)?.[0];
  assert.ok(source, 'the script defines function ms(v)');
  return new Function(`${source}; return ms;`)() as (ms: number) => string;
}

test('the in-browser duration format equals common formatDurationMs for every range', () => {
  const ms = browserFormatter();
  const samples = [0, 0.0004, 0.25, 0.9996, 1, 42.4, 47.0, 282.7, 999.4, 999.6, 1000, 1234.5, 1500, 59_994, 59_996, 60_000, 90_500, 3_600_000, -3, Number.NaN, Number.POSITIVE_INFINITY];
  assert.deepEqual(samples.map(ms), samples.map(formatDurationMs));
  // And the two agree with diff's findings on the figures users compare side by side.
  assert.deepEqual([47, 282.7, 1500, 90_500].map(ms), ['47ms', '283ms', '1.5s', '1m31s']);
});

/** The script's axis functions (`ticks` and `tickLabel`), compiled on their own. */
function browserTicks(): (total: number, width: number) => string {
  const part = (name: string): string => {
    const source = new RegExp(`\\n {2}function ${name}\\([^)]*\\) \\{\\n[\\s\\S]*?\\n {2}\\}\\n`).exec(HTML_SCRIPT)?.[0];
    assert.ok(source, `the script defines function ${name}`);
    return source;
  };
  const spacing = /var TICK_SPACING = \d+;/.exec(HTML_SCRIPT)?.[0];
  assert.ok(spacing);
  return new Function(`${spacing}${part('ticks')}${part('tickLabel')}; return ticks;`)() as (total: number, width: number) => string;
}

test('the time axis puts one label per 72px at most, on 1-2-5 steps, labelled to the step\'s precision', () => {
  const ticks = browserTicks();
  const labels = (total: number, width: number): string[] => [...ticks(total, width).matchAll(/>([^<]*)<\/span>/g)].map((m) => m[1] as string);
  // Nine labels in a 150px column overlapped; now as many as fit.
  assert.deepEqual(labels(430, 150), ['0', '200ms', '400ms']);
  assert.deepEqual(labels(430, 315), ['0', '100ms', '200ms', '300ms', '400ms']);
  assert.deepEqual(labels(430, 60), ['0']);
  // A fractional step keeps its decimals (rounding read 1.5ms as 2ms), and the unit follows the axis' length.
  assert.deepEqual(labels(3, 300), ['0', '1ms', '2ms', '3ms']);
  assert.deepEqual(labels(3, 600), ['0', '0.5ms', '1.0ms', '1.5ms', '2.0ms', '2.5ms', '3.0ms']);
  assert.deepEqual(labels(0.4, 300), ['0', '100µs', '200µs', '300µs', '400µs']);
  assert.deepEqual(labels(2600, 300), ['0', '1s', '2s']);
  for (const [total, width] of [[0.003, 700], [7, 900], [123_456, 1200], [1, 144]] as const) {
    const count = labels(total, width).length;
    assert.ok(count >= 1 && count <= Math.floor(width / 72) + 1, `${total}ms in ${width}px: ${count} labels`);
  }
});
