// Paths as people read them: formatPath prints every hop (keys and JSON use it); formatPathToRead
// shortens a path too deep for a line to its first and last parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, formatPathToRead, type SpanPath } from '../../src/model/index.ts';

const chain = (depth: number): SpanPath => Array.from({ length: depth }, (_, i) => ({ service: i % 2 === 0 ? 'auth' : 'api', name: `step ${i}` }));

test('a path of a few hops reads whole, the service printed where it changes', () => {
  const path: SpanPath = [{ service: 'gw', name: 'POST /checkout' }, { service: 'gw', name: 'handler' }, { service: 'pay', name: 'charge' }];
  assert.equal(formatPathToRead(path), 'gw › POST /checkout › handler › pay › charge');
  assert.equal(formatPathToRead(path), formatPath(path));
});

test('a deep path keeps its first three and last four parts and says how many it skips', () => {
  const path = chain(20);
  const whole = formatPath(path).split(' › ');
  assert.equal(whole.length, 40);
  assert.equal(formatPathToRead(path), [...whole.slice(0, 3), '… 33 more', ...whole.slice(-4)].join(' › '));
});

test('a path one or two parts too long reads whole: a skip of one part saves nothing', () => {
  // 4 hops of alternating services are 8 parts, one more than the 3 + 4 kept.
  assert.equal(formatPathToRead(chain(4)), formatPath(chain(4)));
});
