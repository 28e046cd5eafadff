// GitHub annotations: findings located at their snapshot lines (alike siblings told apart), assertions at the test file, and workflow-command escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { annotation, renderGithubAnnotations } from '../../src/report/render-github.ts';
import { locateSnapshotLine } from '../../src/report/snapshot-lines.ts';
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

// The demo's own snapshot: the gateway makes three `POST` client calls (orders, charges,
// reservations) that are alike by service and name, so only the rest of the path tells them apart.
const demoSnapshot = readFileSync(fileURLToPath(new URL('../../snapshots/checkout-two-items.trace.yaml', import.meta.url)), 'utf8');
const demoLine = (text: string, after = 0): number => demoSnapshot.split('\n').findIndex((l, i) => i >= after && l.includes(text)) + 1;
const seg = (service: string, name: string): { service: string; name: string } => ({ service, name });
// Express puts a `request handler` span between each server span and the route's own work.
const underCheckout = [seg('tbt', 'trigger POST /checkout'), seg('api-gateway', 'POST /checkout'), seg('api-gateway', 'request handler'), seg('api-gateway', 'POST')];

test('paths under the second and third of three alike POST calls find their own lines in the demo snapshot', () => {
  const chargeCard = [...underCheckout, seg('payment-service', 'POST /charges'), seg('payment-service', 'request handler'), seg('payment-service', 'charge card')];
  const charge = demoLine('span: charge card');
  assert.ok(charge > demoLine('span: POST /charges') && demoLine('span: POST /charges') > demoLine('span: POST /orders'));
  assert.deepEqual(locateSnapshotLine(demoSnapshot, chargeCard), { line: charge, exact: true });
  // The provider call under it is also a `POST`, of payment-service.
  assert.deepEqual(locateSnapshotLine(demoSnapshot, [...chargeCard, seg('payment-service', 'POST')]),
    { line: demoLine('span: POST', charge), exact: true });
  const selectStock = [
    ...underCheckout, seg('inventory-service', 'POST /reservations'), seg('inventory-service', 'request handler'),
    seg('inventory-service', 'pg.query:SELECT inventory'),
  ];
  assert.deepEqual(locateSnapshotLine(demoSnapshot, selectStock), { line: demoLine('span: pg.query:SELECT inventory'), exact: true });
  // Without the trigger root, and as the path a finding about the reservation call itself has.
  assert.deepEqual(locateSnapshotLine(demoSnapshot, selectStock.slice(1)), { line: demoLine('span: pg.query:SELECT inventory'), exact: true });
  assert.deepEqual(locateSnapshotLine(demoSnapshot, selectStock.slice(0, 5)), { line: demoLine('span: POST /reservations'), exact: true });
});

test('among alike siblings: the deepest partial match wins, and with no way to tell them apart, the first', () => {
  // An unexpected span under the third POST points at that POST's own server span, not the first POST.
  const extra = [...underCheckout, seg('inventory-service', 'POST /reservations'), seg('inventory-service', 'pg.query:DELETE inventory')];
  assert.deepEqual(locateSnapshotLine(demoSnapshot, extra), { line: demoLine('span: POST /reservations'), exact: false });
  // A bare `POST` under the gateway is ambiguous: the first one.
  assert.deepEqual(locateSnapshotLine(demoSnapshot, underCheckout), { line: demoLine('span: POST', demoLine('span: POST /checkout')), exact: true });
  // An unknown child of the gateway's POST calls: the first POST, not a dead end.
  assert.deepEqual(locateSnapshotLine(demoSnapshot, [...underCheckout, seg('x', 'y')]),
    { line: demoLine('span: POST', demoLine('span: POST /checkout')), exact: false });
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

test('a client POST that names its target (POST /charges) finds its own line, not the first POST', () => {
  const chargesCall = [...underCheckout.slice(0, 3), { service: 'api-gateway', name: 'POST', target: '/charges' }];
  const line = locateSnapshotLine(demoSnapshot, chargesCall);
  // The line of the gateway's POST whose attributes say /charges: just above `POST /charges`.
  const chargesServer = demoLine('span: POST /charges');
  assert.equal(line?.exact, true);
  assert.ok(line !== undefined && line.line < chargesServer && line.line > demoLine('span: POST /orders'), `line ${line?.line}`);
  assert.ok(demoSnapshot.split('\n').slice(line.line - 1, chargesServer).some((text) => text.includes('url.path: /charges')));
});

test('look-alike pg siblings are located by the table their path names', () => {
  const yaml = [
    'tree:',
    '  - span: POST /orders',
    '    service: orders',
    '    children:',
    '      - span: pg.query:SELECT shop',
    '        service: orders',
    '        attributes: { db.system: postgresql, db.statement: "SELECT * FROM products WHERE sku = $1" }',
    '      - span: pg.query:SELECT shop',
    '        service: orders',
    '        attributes: { db.system: postgresql, db.statement: "SELECT * FROM stock WHERE sku = $1" }',
    '',
  ].join('\n');
  const path = [{ service: 'orders', name: 'POST /orders' }, { service: 'orders', name: 'pg.query:SELECT shop', target: '(stock)' }];
  assert.deepEqual(locateSnapshotLine(yaml, path), { line: 8, exact: true });
});
