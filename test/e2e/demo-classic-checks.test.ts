// The four checks of the classic trace-based checkout test, in checkout-two-items.tbt.yaml: a
// flow (order → payment → inventory → shipping), the publish exactly once, an aggregate over
// payment-service's time, and the stock update's status. Each fails under its own bug switch,
// and only there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonReportTest } from '../../src/report/json-report-types.ts';
import { createDemoProject, durationOff, testById, type DemoProject } from '../support/demo-project.ts';

const FLOW = /flow/;
const PUBLISH_ONCE = /^span\[name="publish shipping-queue"\] attr:tracetest\.selected_spans\.count = 1$/;
const PAYMENT_TIME = /^span\[service\.name="payment-service" kind="server"\] sum\(attr:tracetest\.span\.duration\) < 250ms$/;
const UPDATE_OK = /^span\[db\.system\.name="postgresql" name="pg\.query:UPDATE inventory"\] attr:tracetest\.span\.status_code != "error"$/;

let demo: DemoProject;
before(async () => {
  demo = await createDemoProject({ config: durationOff });
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

test('clean: all four checks pass', async () => {
  assert.deepEqual(await failedChecks(''), []);
});

test('each bug switch breaks exactly its own check', async () => {
  const cases: [string, RegExp][] = [
    ['reorder', FLOW],
    ['duplicate-shipping', PUBLISH_ONCE],
    ['slow-payment', PAYMENT_TIME],
    ['inventory-error', UPDATE_OK],
  ];
  for (const [bug, expected] of cases) {
    const failures = await failedChecks(bug);
    assert.ok(failures.some((failure) => expected.test(failure)), `${bug} must break ${expected}; failed: ${failures.join(' | ')}`);
    for (const [otherBug, other] of cases) {
      if (otherBug === bug) continue;
      assert.ok(!failures.some((failure) => other.test(failure)), `${bug} must not break ${other}; failed: ${failures.join(' | ')}`);
    }
  }
});
