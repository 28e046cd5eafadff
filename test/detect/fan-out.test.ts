// The fan-out rule: concurrent calls of one shape are an info finding with overlaps and durations; sequential ones are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { fanOutDetector } from '../../src/detect/fan-out.ts';
import { indexCalls } from '../../src/detect/call-index.ts';
import { calls, synthTree } from './support/trees.ts';

const route = (index: number) => ({
  name: 'HTTP GET',
  service: 'frontend',
  kind: 'client' as const,
  attributes: { 'http.request.method': 'GET', 'url.full': `http://route:8083/route?pickup=${index}` },
});

test('concurrent calls of one shape are a fan-out, at info level, with overlaps and durations', () => {
  const tree = synthTree({ name: 'GET /dispatch', service: 'frontend', kind: 'server', start: 0, end: 100, children: calls(10, true, route) });
  const findings = fanOutDetector.run(indexCalls(tree), DEFAULT_DETECTOR_CONFIG);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, 'info');
  assert.deepEqual([findings[0]?.evidence.count, findings[0]?.evidence.overlappingPairs, findings[0]?.evidence.wallMs], [10, 9, 29]);
  assert.match(findings[0]?.message ?? '', /^fan-out of 10: concurrent GET route\/route calls under frontend › GET \/dispatch/);
});

test('sequential calls are not a fan-out', () => {
  const tree = synthTree({ name: 'GET /dispatch', service: 'frontend', kind: 'server', start: 0, end: 200, children: calls(10, false, route) });
  assert.deepEqual(fanOutDetector.run(indexCalls(tree), DEFAULT_DETECTOR_CONFIG), []);
});
