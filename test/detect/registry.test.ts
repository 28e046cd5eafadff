// The detector registry: one named rule per finding kind, disabled rules do not run, keys carry no ids or times, and a finding repeated by a loop is reported once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, resolveDetectorConfig, runDetectors } from '../../src/detect/index.ts';
import { TREE_DETECTORS } from '../../src/detect/registry.ts';
import { calls, synthTree } from './support/trees.ts';
import { checkoutTrace } from './support/checkout-trace.ts';

test('the registry holds one named rule per tree finding kind', () => {
  assert.deepEqual(TREE_DETECTORS.map((detector) => detector.name).sort(), ['duplicate-call', 'fan-out', 'n-plus-one', 'new-error', 'retry']);
});

test('disabled rules do not run', () => {
  const tree = checkoutTrace(4, ['n-plus-one', 'payment-error']);
  assert.deepEqual(runDetectors(tree, DEFAULT_DETECTOR_CONFIG).map((finding) => finding.kind).sort(), ['n-plus-one', 'new-error']);
  const config = resolveDetectorConfig({ newError: 'off' }, DEFAULT_DETECTOR_CONFIG, { file: 'x' });
  assert.deepEqual(runDetectors(tree, config).map((finding) => finding.kind), ['n-plus-one']);
  assert.deepEqual(runDetectors(tree, resolveDetectorConfig(false, DEFAULT_DETECTOR_CONFIG, { file: 'x' })), []);
});

test('keys are stable across runs: no ids, no times', () => {
  const keys = (offset: number) =>
    runDetectors(
      synthTree({
        name: `GET /orders/${offset + 17}`,
        start: offset,
        end: offset + 100,
        children: calls(4, false, (index) => ({
          name: 'GET',
          kind: 'client',
          attributes: { 'http.request.method': 'GET', 'url.full': `http://api/items/${offset * 10 + index}` },
        })),
      }),
      DEFAULT_DETECTOR_CONFIG,
    ).map((finding) => finding.key);
  assert.equal(keys(0).length, 1);
  assert.deepEqual(keys(0), keys(5));
});

test('a loop around the parent reports the same finding once, with the number of places', () => {
  const iteration = (index: number) => ({
    name: 'handle item',
    start: index * 100,
    end: index * 100 + 90,
    children: calls(2, false, () => ({ name: 'publish q', kind: 'producer' as const, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'q' } })).map(
      (span) => ({ ...span, start: span.start + index * 100, end: span.end + index * 100 }),
    ),
  });
  const findings = runDetectors(synthTree({ name: 'job', start: 0, end: 1000, children: [0, 1, 2].map(iteration) }), DEFAULT_DETECTOR_CONFIG);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.evidence.places, 3);
  assert.match(findings[0]?.message ?? '', /\(and at 2 more parents with this path\)$/);
});
