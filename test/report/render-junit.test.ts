// The JUnit report is well-formed XML whose counts match the run, even with control characters in messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit } from '../../src/report/render-junit.ts';
import { errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';
import { findAll, parseXml } from './xml-check.ts';

test('JUnit is well-formed and its counts match the run', () => {
  const summary = summaryOf([failedVerdict, passedVerdict, errorVerdict]);
  const xml = renderJunit(summary);
  const root = parseXml(xml);
  assert.equal(root.name, 'testsuites');
  assert.deepEqual(
    [root.attributes.tests, root.attributes.failures, root.attributes.errors, root.attributes.time],
    ['3', '1', '1', '1.820'],
  );
  const suites = findAll(root, 'testsuite');
  assert.deepEqual(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.errors]), [
    ['tests/checkout.tbt.yaml', '2', '1', '1'],
    ['tests/health.tbt.yaml', '1', '0', '0'],
  ]);
  assert.equal(suites[0]?.attributes.timestamp, '2025-01-02T03:04:05.678');
  const cases = findAll(root, 'testcase');
  assert.equal(cases.length, 3);
  const [failed, refund, health] = cases;
  assert.equal(failed?.attributes.name, 'checkout publishes exactly one shipping event');
  assert.equal(failed?.attributes.classname, 'tests.checkout');
  assert.equal(failed?.attributes.file, 'tests/checkout.tbt.yaml');
  assert.equal(failed?.attributes.time, '0.306');
  const failure = findAll(failed!, 'failure');
  assert.equal(failure.length, 1);
  assert.equal(failure[0]?.attributes.type, 'count-changed');
  assert.match(failure[0]?.attributes.message ?? '', /^3 findings, 1 failed assertion: .*publish shipping-queue: count changed: ×1 → ×2$/);
  assert.match(failure[0]?.text ?? '', /~ count changed: ×1 → ×2/);
  assert.match(failure[0]?.text ?? '', /attr:tracetest.selected_spans.count = 1/);
  assert.match(findAll(failed!, 'system-out')[0]?.text ?? '', /phases: trigger 41ms · collect 262ms · judge 3ms/);
  // A test that could not run is an <error>, not a <failure>.
  assert.equal(findAll(refund!, 'failure').length, 0);
  assert.equal(findAll(refund!, 'error')[0]?.attributes.message, 'payment-service exited with code 1 before it was ready');
  // Names with markup characters survive escaping.
  assert.equal(health?.attributes.name, 'health check <ok> & "fine"');
  assert.equal(findAll(health!, 'failure').length + findAll(health!, 'error').length, 0);
});

test('control characters never break the XML', () => {
  const verdict = { ...errorVerdict, error: { message: 'bad \u0001 byte ]]> here' } };
  const root = parseXml(renderJunit(summaryOf([verdict])));
  assert.equal(findAll(root, 'error')[0]?.attributes.message, 'bad  byte ]]> here');
});

test('the XML checker itself rejects malformed documents', () => {
  assert.throws(() => parseXml('<a><b></a></b>'), /closes/);
  assert.throws(() => parseXml('<a x="1" x="2"/>'), /duplicate/);
  assert.throws(() => parseXml('<a>&nope;</a>'), /entity/);
  assert.throws(() => parseXml('<a>'), /unclosed/);
});
