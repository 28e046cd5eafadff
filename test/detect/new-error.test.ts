// The new-error rule: an error is named at its deepest errored (or, for a timeout, still running) span and where it surfaces; alike siblings are one finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { newErrorDetector } from '../../src/detect/new-error.ts';
import { indexCalls } from '../../src/detect/call-index.ts';
import type { SpanTree } from '../../src/model/index.ts';
import { synthTree } from './support/trees.ts';

const run = (tree: SpanTree) => newErrorDetector.run(indexCalls(tree), DEFAULT_DETECTOR_CONFIG);

test('the error is named at the deepest errored span, and where it surfaces', () => {
  // The payment-error demo: the provider answers 502, so its CLIENT span and `charge card` fail.
  const tree = synthTree({
    name: 'POST /charges',
    service: 'payment-service',
    kind: 'server',
    start: 0,
    end: 40,
    children: [
      {
        name: 'charge card',
        service: 'payment-service',
        start: 1,
        end: 39,
        status: 'error',
        events: [{ name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'provider answered 502' } }],
        children: [
          { name: 'POST', service: 'payment-service', kind: 'client', start: 2, end: 35, status: 'error', attributes: { 'http.response.status_code': 502 } },
        ],
      },
    ],
  });
  const findings = run(tree);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding?.severity, 'error');
  assert.deepEqual(finding?.path.map((segment) => segment.name), ['POST /charges', 'charge card', 'POST']);
  assert.deepEqual(finding?.evidence.surfacesAt?.map((segment) => segment.name), ['POST /charges', 'charge card']);
  assert.equal(finding?.message, 'new error: payment-service POST ended in ERROR (HTTP 502); it surfaces at payment-service › charge card');
});

test('an exception event without ERROR status is an error too', () => {
  const tree = synthTree({ name: 'job', start: 0, end: 10, events: [{ name: 'exception', attributes: { 'exception.message': 'boom' } }] });
  assert.equal(run(tree)[0]?.evidence.error, 'boom');
});

test('errored siblings with the same path are one finding with a count', () => {
  const failing = { name: 'GetDriver', kind: 'client' as const, status: 'error' as const };
  const tree = synthTree({ name: 'root', start: 0, end: 50, children: [{ ...failing, start: 1, end: 2 }, { ...failing, start: 3, end: 4 }, { name: 'ok', start: 5, end: 6 }] });
  const findings = run(tree);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.evidence.count, 2);
});

test('a timeout is located at the deepest span still running when the caller gave up', () => {
  const tree = synthTree({
    name: 'POST',
    service: 'proxy',
    kind: 'server',
    start: 0,
    end: 15000,
    status: 'error',
    attributes: { 'http.status_code': '504' },
    children: [
      {
        name: 'router egress',
        service: 'proxy',
        kind: 'client',
        start: 0.1,
        end: 15000,
        children: [{ name: 'POST', service: 'frontend', kind: 'server', start: 0.3, end: 14999.8, children: [{ name: 'quick', service: 'frontend', start: 1, end: 2 }] }],
      },
    ],
  });
  const [finding] = run(tree);
  assert.deepEqual(finding?.path.map((segment) => `${segment.service}/${segment.name}`), ['proxy/POST', 'proxy/router egress', 'frontend/POST']);
  assert.deepEqual(finding?.evidence.surfacesAt, [{ service: 'proxy', name: 'POST' }]);
  assert.match(finding?.message ?? '', /^new error at frontend POST: it was still running after 15s \(status OK\) when proxy POST gave up with ERROR \(HTTP 504\)/);
});

test('a non-timeout error stays at the errored span even when a child took all its time', () => {
  const tree = synthTree({
    name: 'POST /checkout',
    kind: 'server',
    start: 0,
    end: 100,
    status: 'error',
    attributes: { 'http.response.status_code': 500 },
    children: [{ name: 'handler', start: 0.1, end: 99.9 }],
  });
  assert.deepEqual(run(tree)[0]?.path.map((segment) => segment.name), ['POST /checkout']);
});

test('a clean tree has no error', () => {
  assert.deepEqual(run(synthTree({ name: 'root', start: 0, end: 1, status: 'ok', children: [{ name: 'a', start: 0, end: 1 }] })), []);
});
