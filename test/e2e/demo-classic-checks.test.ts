// The four checks of the classic trace-based checkout test, in checkout-two-items.tbt.yaml: a
// flow (order → payment → inventory → shipping), the publish exactly once, an aggregate over
// payment-service's time, and the stock update's status. Each fails under its own bug switch,
// and only there.
// One demo run here (once five): reorder, the only switch that breaks the flow, is verified here.
// The other pairs are proven by runs other files make anyway: demo-bugs.test.ts asserts the exact
// list of two-items' failed checks under duplicate-shipping (the publish count, and the consumer's
// under it), slow-payment (the payment time) and inventory-error (the stock update), and
// demo-verify.test.ts asserts that every check of every test passes on the clean demo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonReportTest } from '../../src/report/json-report-types.ts';
import { createDemoProject, durationOff, testById, timeBoundsOff, type DemoProject } from '../support/demo-project.ts';

const FLOW = /flow/;
const PUBLISH_ONCE = /^span\[name="publish shipping-queue"\] attr:tracetest\.selected_spans\.count = 1$/;
// Any bound: here the 250 ms bound is lifted (timeBoundsOff), as a busy machine can exceed it.
const PAYMENT_TIME = /^span\[service\.name="payment-service" kind="server"\] sum\(attr:tracetest\.span\.duration\) < /;
const UPDATE_OK = /^span\[db\.system\.name="postgresql" name="pg\.query:UPDATE inventory"\] attr:tracetest\.span\.status_code != "error"$/;

let demo: DemoProject;
before(async () => {
  demo = await createDemoProject({ config: durationOff, tests: timeBoundsOff });
});
after(async () => {
  await demo?.cleanup();
});

function failed(test: JsonReportTest): string[] {
  return test.assertions.filter((assertion) => !assertion.passed).map((assertion) => `${assertion.selector} ${assertion.assertion}`);
}

async function failedChecks(bugs: string): Promise<string[]> {
  const { result, report } = await demo.runJson(['verify', '--ci', 'checkout-two-items'], { bugs });
  assert.ok(result.code === 0 || result.code === 1, `${bugs}: ${result.stderr}`);
  return failed(testById(report, 'checkout-two-items'));
}

test('reorder breaks the flow, and only the flow', async () => {
  const failures = await failedChecks('reorder');
  assert.ok(failures.some((failure) => FLOW.test(failure)), `reorder must break ${FLOW}; failed: ${failures.join(' | ')}`);
  for (const other of [PUBLISH_ONCE, PAYMENT_TIME, UPDATE_OK]) {
    assert.ok(!failures.some((failure) => other.test(failure)), `reorder must not break ${other}; failed: ${failures.join(' | ')}`);
  }
});
