import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotation, locateSnapshotLine, renderGithubAnnotations } from '../../src/report/index.ts';
import { errorVerdict, failedVerdict, insertPath, passedVerdict, shippingPath, summaryOf } from './fixtures.ts';
import { checkoutSnapshotYaml } from './snapshot-text.ts';

const lineOf = (text: string): number => checkoutSnapshotYaml.split('\n').findIndex((l) => l.includes(text)) + 1;

test('locateSnapshotLine finds a span by its service/name chain, with or without the trigger root', () => {
  assert.deepEqual(locateSnapshotLine(checkoutSnapshotYaml, shippingPath), { line: lineOf('span: publish shipping-queue'), exact: true });
  assert.deepEqual(locateSnapshotLine(checkoutSnapshotYaml, insertPath), { line: lineOf('span: INSERT orders'), exact: true });
  const rooted = [{ service: 'tbt', name: 'trigger POST /checkout' }, ...shippingPath];
  assert.deepEqual(locateSnapshotLine(checkoutSnapshotYaml, rooted), { line: lineOf('span: publish shipping-queue'), exact: true });
});

test('an unexpected span points at its deepest ancestor in the snapshot', () => {
  const path = [...shippingPath, { service: 'shipping-service', name: 'publish audit-queue' }];
  assert.deepEqual(locateSnapshotLine(checkoutSnapshotYaml, path), { line: lineOf('span: publish shipping-queue'), exact: false });
  // Same name, other service: not a match.
  assert.deepEqual(locateSnapshotLine(checkoutSnapshotYaml, [{ service: 'api-gateway', name: 'POST /checkout' }, { service: 'x', name: 'POST /orders' }]),
    { line: lineOf('span: POST /checkout'), exact: false });
  assert.equal(locateSnapshotLine(checkoutSnapshotYaml, [{ service: 'nope', name: 'nothing' }]), undefined);
  assert.equal(locateSnapshotLine('tree: [oops', shippingPath), undefined);
});

test('findings are annotated at their snapshot lines, assertions at the test-file line', () => {
  const text = renderGithubAnnotations(summaryOf([failedVerdict, passedVerdict, errorVerdict]), {
    readSnapshot: (file) => (file === failedVerdict.snapshotFile ? checkoutSnapshotYaml : undefined),
    displayPath: (file) => file,
  });
  const lines = text.trimEnd().split('\n');
  const snap = 'snapshots/checkout-publishes-one-shipping-event.trace.yaml';
  assert.equal(lines.length, 5);
  assert.equal(lines[0], `::error file=${snap},line=${lineOf('publish shipping-queue')},title=tbt%3A checkout publishes exactly one shipping event::api-gateway › POST /checkout › shipping-service › publish shipping-queue: count changed: ×1 → ×2`);
  assert.match(lines[1] ?? '', new RegExp(`^::error file=${snap},line=${lineOf('span: POST /payments')},title=.*slower than tolerated: 40ms → 400ms$`));
  assert.match(lines[2] ?? '', new RegExp(`^::error file=${snap},line=${lineOf('span: INSERT orders')},`));
  assert.equal(lines[3], '::error file=tests/checkout.tbt.yaml,line=9,title=tbt%3A checkout publishes exactly one shipping event::span[name="publish shipping-queue"] attr:tracetest.selected_spans.count = 1 failed%0Aapi-gateway › POST /checkout › shipping-service › publish shipping-queue: observed 2');
  assert.equal(lines[4], '::error file=tests/checkout.tbt.yaml,title=tbt%3A refund::could not run: payment-service exited with code 1 before it was ready%0Ahint: run it by hand: node fixtures/checkout/payment.js');
});

test('without a readable snapshot, findings fall back to the test file; passing runs print nothing', () => {
  const text = renderGithubAnnotations(summaryOf([failedVerdict]), { readSnapshot: () => undefined, displayPath: (f) => f });
  assert.match(text.split('\n')[0] ?? '', /^::error file=tests\/checkout.tbt.yaml,title=/);
  assert.equal(renderGithubAnnotations(summaryOf([passedVerdict]), { readSnapshot: () => undefined, displayPath: (f) => f }), '');
});

test('workflow command escaping', () => {
  assert.equal(annotation('warning', { file: 'a,b:c.yaml', line: 3, title: 't' }, '50% done\r\nnext'), '::warning file=a%2Cb%3Ac.yaml,line=3,title=t::50%25 done%0D%0Anext');
  assert.equal(annotation('info', { title: 'x' }, 'm'), '::notice title=x::m');
});
