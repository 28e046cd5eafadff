// Paths as people read them: formatPath prints every hop (keys and JSON use it); formatPathToRead
// shortens a path too deep for a line to its first and last spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, formatPathToRead, type SpanPath } from '../../src/model/index.ts';

const chain = (depth: number): SpanPath => Array.from({ length: depth }, (_, i) => ({ service: i < depth - 3 ? 'auth' : 'api', name: `step ${i}` }));

test('a path of a few hops reads whole, the service printed where it changes', () => {
  const path: SpanPath = [{ service: 'gw', name: 'POST /checkout' }, { service: 'gw', name: 'handler' }, { service: 'pay', name: 'charge' }];
  assert.equal(formatPathToRead(path), 'gw › POST /checkout › handler › pay › charge');
  assert.equal(formatPathToRead(path), formatPath(path));
});

test('a deep path keeps its first two and last three spans, each end with its service, and counts the spans it skips', () => {
  assert.equal(formatPathToRead(chain(20)), 'auth › step 0 › step 1 › … 15 more › api › step 17 › step 18 › step 19');
  // The tail's service is printed even when it is the head's.
  const same: SpanPath = Array.from({ length: 10 }, (_, i) => ({ service: 'svc', name: `s${i}` }));
  assert.equal(formatPathToRead(same), 'svc › s0 › s1 › … 5 more › svc › s7 › s8 › s9');
});

test('a path one span too long reads whole: a skip of one span saves nothing', () => {
  assert.equal(formatPathToRead(chain(6)), formatPath(chain(6)));
});
