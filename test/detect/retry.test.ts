// The retry rule: an identical call right after an errored one is a retry; calls after a success, with other parameters, or overlapping are not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { retryDetector } from '../../src/detect/retry.ts';
import { indexCalls } from '../../src/detect/call-index.ts';
import type { SpanTree } from '../../src/model/index.ts';
import { synthTree, type SpanSpec } from './support/trees.ts';

const run = (tree: SpanTree) => retryDetector.run(indexCalls(tree), DEFAULT_DETECTOR_CONFIG);
const driver = (children: SpanSpec[]) => synthTree({ name: 'FindNearest', service: 'driver', kind: 'server', start: 0, end: 100, children });
const getDriver = (id: string, start: number, failed = false): SpanSpec => ({
  name: 'GetDriver',
  service: 'redis',
  kind: 'client',
  start,
  end: start + 5,
  attributes: { 'db.system': 'redis', 'db.operation.name': 'GET', 'param.driverID': id },
  ...(failed
    ? { status: 'error' as const, statusMessage: 'An error occurred', events: [{ name: 'exception', attributes: { 'exception.message': 'redis timeout' } }] }
    : {}),
});

test('an identical call right after an errored one is a retry, reported with the error', () => {
  const findings = run(driver([getDriver('T1', 0, true), getDriver('T1', 6), getDriver('T2', 12)]));
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding?.kind, 'retry');
  assert.deepEqual([finding?.evidence.retries, finding?.evidence.error], [1, 'An error occurred; redis timeout']);
  assert.equal(
    finding?.message,
    'retry: a redis GetDriver call under driver › FindNearest repeats the call before it, which ended in ERROR (An error occurred; redis timeout)',
  );
});

test('a call after a successful identical one, or after an error with other parameters, is no retry', () => {
  assert.deepEqual(run(driver([getDriver('T1', 0), getDriver('T1', 6)])), []);
  assert.deepEqual(run(driver([getDriver('T1', 0, true), getDriver('T2', 6)])), []);
});

test('a call that started before the errored one ended is no retry', () => {
  assert.deepEqual(run(driver([getDriver('T1', 0, true), getDriver('T1', 3)])), []);
});

test('a chain of failed retries counts each retry', () => {
  const [finding] = run(driver([getDriver('T1', 0, true), getDriver('T1', 6, true), getDriver('T1', 12)]));
  assert.equal(finding?.evidence.retries, 2);
});
