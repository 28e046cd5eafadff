// Each demo bug switch, verified in CI mode against the committed snapshots: the run fails, the
// finding names the right span and change with the right diagnosis, and nothing else drifts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonReport, JsonReportFinding, JsonReportTest } from '../../src/report/json-report-types.ts';
import { createDemoProject, DEMO_TEST_IDS, durationOff, findingLabels, testById, timeBoundsOff, type DemoProject } from '../support/demo-project.ts';

// Express puts a "request handler" span between each server span and what the route does.
const GATEWAY = 'tbt › trigger POST /checkout › api-gateway › POST /checkout › request handler';
const PUBLISH = `${GATEWAY} › publish shipping-queue`;
const RESERVATIONS = `${GATEWAY} › POST /reservations › inventory-service › POST /reservations › request handler`;
const SELECT_STOCK = `${RESERVATIONS} › pg.query:SELECT inventory (stock)`;
const UPDATE_STOCK = `${RESERVATIONS} › pg.query:UPDATE inventory (stock)`;
const CHARGE_CARD = `${GATEWAY} › POST /charges › payment-service › POST /charges › request handler › charge card`;
const PROVIDER_CALL = `${CHARGE_CARD} › POST /v1/charges`;

// Structural bugs are judged with duration tolerances and the two-items time bound off, so that
// a busy machine cannot add a slower-span finding or a failed time check to the exact sets below;
// slow-payment runs with the demo's own config and tests.
let demo: DemoProject;
let timed: DemoProject;
before(async () => {
  demo = await createDemoProject({ config: durationOff, tests: timeBoundsOff });
  timed = await createDemoProject();
});
after(async () => {
  await demo?.cleanup();
  await timed?.cleanup();
});

async function verifyWithBug(bug: string, project: DemoProject = demo): Promise<JsonReport> {
  const before = await project.readSnapshots();
  const { result, report } = await project.runJson(['verify', '--ci'], { bugs: bug });
  assert.equal(result.code, 1, `${bug}: verify --ci must fail\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /(^|\n)0 passed, 3 failed\n?$/);
  assert.deepEqual(report.summary, { total: 3, passed: 0, failed: 3, errored: 0, interrupted: 0, skipped: 0 }, `${bug}:\n${result.stdout}\n${result.stderr}`);
  assert.deepEqual(report.writtenFiles, [], '--ci never writes');
  assert.deepEqual(await project.readSnapshots(), before, '--ci leaves snapshots/ as it was');
  return report;
}

function only(test: JsonReportTest, kind: string, pathText: string): JsonReportFinding {
  const matches = test.findings.filter((finding) => !finding.suppressed && finding.kind === kind && finding.pathText === pathText);
  assert.equal(matches.length, 1, `${test.id}: one ${kind} at ${pathText}; got ${findingLabels(test).join(' | ')}`);
  return matches[0] as JsonReportFinding;
}

/** The spec assertions that failed, as `selector assertion`. */
function failedAssertions(test: JsonReportTest): string[] {
  return test.assertions.filter((assertion) => !assertion.passed).map((assertion) => `${assertion.selector} ${assertion.assertion}`).sort();
}

test('duplicate-shipping: a count change ×1 → ×2 at publish shipping-queue, diagnosed as a duplicate, and nothing else', async () => {
  const report = await verifyWithBug('duplicate-shipping');
  for (const id of DEMO_TEST_IDS) {
    const verdict = testById(report, id);
    assert.equal(verdict.outcome, 'failed', id);
    // The consumer and the shipment under the publish are part of the collapsed ×2 subtree: no
    // separate finding for them, and none outside the publish subtree.
    assert.deepEqual(findingLabels(verdict), [`count-changed @ ${PUBLISH}`], id);
    const finding = only(verdict, 'count-changed', PUBLISH);
    assert.equal(finding.before, 1, id);
    assert.equal(finding.after, 2, id);
    assert.equal(finding.severity, 'error', id);
    // The detector names a message by system, operation type (semconv: "send") and destination.
    assert.match(finding.diagnosis ?? '', /^duplicate: tinyqueue send shipping-queue made 2 times/, `${id}: ${finding.diagnosis}`);
  }
  assert.deepEqual(failedAssertions(testById(report, 'checkout-two-items')), [
    'span[name="process shipping-queue"] attr:tracetest.selected_spans.count = 1',
    'span[name="publish shipping-queue"] attr:tracetest.selected_spans.count = 1',
  ]);
});

test('n-plus-one: the PostgreSQL SELECT on stock ×1 → ×4 in the large cart, diagnosed as N+1, and only it drifts', async () => {
  const report = await verifyWithBug('n-plus-one');
  const large = testById(report, 'checkout-large-cart');
  assert.deepEqual(findingLabels(large), [`attribute-changed @ ${SELECT_STOCK}`, `count-changed @ ${SELECT_STOCK}`]);
  const count = only(large, 'count-changed', SELECT_STOCK);
  assert.equal(count.before, 1);
  assert.equal(count.after, 4);
  assert.match(count.diagnosis ?? '', /^N\+1: 4 sequential identical postgresql SELECT .*FROM "stock"/, String(count.diagnosis));
  // Sequelize's findAll (IN list) became one findByPk per item; tbt masks the inlined skus.
  const statement = only(large, 'attribute-changed', SELECT_STOCK);
  assert.match(String(statement.before), /WHERE "Stock"\."sku" IN \(\?\);$/);
  assert.match(String(statement.after), /WHERE "Stock"\."sku" = \?;$/);
  assert.equal(large.spanCount, 31, 'three more spans than the clean 28');

  // Two items: ×2 is below the N+1 threshold (3), so a count change without an N+1 diagnosis.
  const two = testById(report, 'checkout-two-items');
  assert.deepEqual(findingLabels(two), [`attribute-changed @ ${SELECT_STOCK}`, `count-changed @ ${SELECT_STOCK}`]);
  const twoCount = only(two, 'count-changed', SELECT_STOCK);
  assert.deepEqual([twoCount.before, twoCount.after], [1, 2]);
  assert.doesNotMatch(twoCount.diagnosis ?? '', /N\+1/);
  assert.deepEqual(failedAssertions(two), [
    'span[db.system.name="postgresql" name="pg.query:SELECT inventory"] attr:tracetest.selected_spans.count = 1',
  ]);

  // One item: still one query, only its text changed.
  assert.deepEqual(findingLabels(testById(report, 'checkout-single-item')), [`attribute-changed @ ${SELECT_STOCK}`]);
});

test('inventory-error: the stock UPDATE turns ERROR on PostgreSQL\'s CHECK constraint, with a new-error diagnosis, and nothing else', async () => {
  const report = await verifyWithBug('inventory-error');
  for (const id of DEMO_TEST_IDS) {
    const verdict = testById(report, id);
    assert.deepEqual(
      findingLabels(verdict),
      [
        `attribute-added @ ${UPDATE_STOCK}`, // the exception event the pg instrumentation records
        `status-changed @ ${UPDATE_STOCK}`,
      ],
      id,
    );
    const status = only(verdict, 'status-changed', UPDATE_STOCK);
    assert.equal(status.before, 'unset', id);
    assert.match(String(status.after), /^error: new row for relation "stock" violates check constraint "stock_qty_check"/, id);
    assert.match(status.diagnosis ?? '', /^new error: inventory-service pg\.query:UPDATE inventory ended in ERROR .*23514/, `${id}: ${status.diagnosis}`);
  }
  assert.deepEqual(failedAssertions(testById(report, 'checkout-two-items')), [
    'span[db.system.name="postgresql" name="pg.query:UPDATE inventory"] attr:tracetest.span.status_code != "error"',
  ]);
});

test('payment-error: charge card and the provider call turn ERROR, with a new-error diagnosis, and nothing else', async () => {
  const report = await verifyWithBug('payment-error');
  for (const id of DEMO_TEST_IDS) {
    const verdict = testById(report, id);
    assert.deepEqual(
      findingLabels(verdict),
      [
        `attribute-added @ ${CHARGE_CARD}`, // the exception event
        `attribute-changed @ ${PROVIDER_CALL}`, // http.response.status_code 201 → 502
        `status-changed @ ${CHARGE_CARD}`,
        `status-changed @ ${PROVIDER_CALL}`,
      ],
      id,
    );
    const provider = only(verdict, 'status-changed', PROVIDER_CALL);
    assert.equal(provider.before, 'unset', id);
    assert.match(String(provider.after), /^error/, id);
    const card = only(verdict, 'status-changed', CHARGE_CARD);
    assert.match(String(card.after), /^error/, id);
    const diagnosed = [provider, card].map((finding) => finding.diagnosis ?? '').join(' | ');
    assert.match(diagnosed, /new error: payment-service .*ERROR/, `${id}: ${diagnosed}`);
    const status = only(verdict, 'attribute-changed', PROVIDER_CALL);
    assert.deepEqual([status.before, status.after], [201, 502], id);
  }
  assert.deepEqual(failedAssertions(testById(report, 'checkout-two-items')), [
    'span[name="charge card"] attr:tracetest.span.status_code != "error"',
  ]);
});

test('slow-payment: one duration finding at the provider call, whose slowness locus it is, with the enclosing spans folded in', async () => {
  const report = await verifyWithBug('slow-payment', timed);
  for (const id of DEMO_TEST_IDS) {
    const verdict = testById(report, id);
    assert.deepEqual(findingLabels(verdict), [`duration-exceeded @ ${PROVIDER_CALL}`], id);
    const finding = only(verdict, 'duration-exceeded', PROVIDER_CALL);
    assert.deepEqual(finding.path.at(-1), { service: 'payment-service', name: 'POST' }, id);
    assert.ok(typeof finding.before === 'number' && typeof finding.after === 'number' && finding.after - finding.before >= 250, `${id}: ${finding.before} → ${finding.after}`);
    assert.match(finding.diagnosis ?? '', /slowness locus: the span's own time grew/, `${id}: ${finding.diagnosis}`);
    // How many ancestors crossed their own tolerance depends on the machine's load; that some did does not.
    assert.match(finding.diagnosis ?? '', /\d+ enclosing span\(s\) slowed with it, up to /, `${id}: ${finding.diagnosis}`);
  }
  // The two-items test bounds the time spent in payment-service (an aggregate over its spans).
  assert.deepEqual(failedAssertions(testById(report, 'checkout-two-items')), [
    'span[service.name="payment-service" kind="server"] sum(attr:tracetest.span.duration) < 250ms',
  ]);
  for (const id of ['checkout-large-cart', 'checkout-single-item']) assert.deepEqual(failedAssertions(testById(report, id)), [], id);
});
