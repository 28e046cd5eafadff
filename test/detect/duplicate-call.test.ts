// The duplicate-call rule: the same call with the same parameters under one parent is flagged; other keys, bound parameters and retries after an error are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { duplicateCallDetector } from '../../src/detect/duplicate-call.ts';
import { indexCalls } from '../../src/detect/call-index.ts';
import type { SpanTree } from '../../src/model/index.ts';
import { calls, synthTree, type SpanSpec } from './support/trees.ts';

const run = (tree: SpanTree) => duplicateCallDetector.run(indexCalls(tree), DEFAULT_DETECTOR_CONFIG);
const gateway = (children: SpanSpec[]) =>
  synthTree({ name: 'POST /checkout', service: 'api-gateway', kind: 'server', start: 0, end: 200, children });
const publish = {
  name: 'publish shipping-queue',
  service: 'api-gateway',
  kind: 'producer' as const,
  attributes: { 'messaging.system': 'tinyqueue', 'messaging.operation.type': 'publish', 'messaging.destination.name': 'shipping-queue' },
};

test('a second publish to shipping-queue under one parent is a duplicate', () => {
  const findings = run(gateway(calls(2, false, () => publish)));
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding?.kind, 'duplicate-call');
  assert.deepEqual(finding?.path, [{ service: 'api-gateway', name: 'POST /checkout' }]);
  assert.deepEqual([finding?.evidence.count, finding?.evidence.redundant, finding?.evidence.distinct], [2, 1, 1]);
  assert.equal(
    finding?.message,
    'duplicate: tinyqueue publish shipping-queue made 2 times with the same payload key under api-gateway › POST /checkout (1 redundant, 20ms in all)',
  );
});

test('publishes with different message keys are not duplicates', () => {
  const keyed = (index: number) => ({ ...publish, attributes: { ...publish.attributes, 'app.order.id': `o-${index}` } });
  assert.deepEqual(run(gateway(calls(2, false, keyed))), []);
});

test('the same GET four times is a duplicate, concurrent or not', () => {
  const get = () => ({ name: 'get /clients/_uuid_', service: 'datamgmt', kind: 'client' as const, attributes: { 'http.path': '/clients/zipkin-sample-id' } });
  for (const concurrent of [false, true]) {
    const [finding] = run(gateway(calls(4, concurrent, get)));
    assert.deepEqual([finding?.evidence.count, finding?.evidence.redundant], [4, 3]);
  }
});

test('repeated ids among many different ones: the redundant calls are counted', () => {
  const ids = [1, 2, 1, 3, 2, 1];
  const get = (index: number) => ({ name: 'GET', kind: 'client' as const, attributes: { 'http.request.method': 'GET', 'url.full': `http://api/devices/${ids[index]}` } });
  const [finding] = run(gateway(calls(ids.length, true, get)));
  assert.deepEqual([finding?.evidence.count, finding?.evidence.distinct, finding?.evidence.redundant], [6, 3, 3]);
  assert.match(finding?.message ?? '', /^duplicate: 3 of 6 GET api\/devices\/\{id\} calls under .* repeat an earlier call with the same parameters \(3 distinct\)$/);
});

test('statements with bound parameters are never duplicates: equal text does not prove equal values', () => {
  const query = () => ({ name: 'SELECT client', kind: 'client' as const, attributes: { 'cassandra.query': 'SELECT * FROM auth.client WHERE id = ?' } });
  assert.deepEqual(run(gateway(calls(6, false, query))), []);
});

test('a retry after an error is not a duplicate', () => {
  const get = { name: 'GetDriver', kind: 'client' as const, attributes: { 'param.driverID': 'T1' } };
  const tree = gateway([
    { ...get, start: 1, end: 5, status: 'error' },
    { ...get, start: 6, end: 9 },
  ]);
  assert.deepEqual(run(tree), []);
});
