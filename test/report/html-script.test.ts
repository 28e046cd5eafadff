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
