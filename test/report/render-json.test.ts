// The JSON report validates against its schema and holds tests, findings, assertions and timings; the validator rejects what the schema forbids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSON_REPORT_SCHEMA_VERSION, renderJson } from '../../src/report/render-json.ts';
import type { JsonReport } from '../../src/report/json-report-types.ts';
import { errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';
import { validate } from './json-schema-check.ts';

const schemaFile = fileURLToPath(new URL('../../src/report/json-report.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;

test('the JSON report validates against its schema and holds tests, findings, assertions and timings', () => {
  const summary = summaryOf([failedVerdict, passedVerdict, errorVerdict], { writtenFiles: ['snapshots/x.trace.yaml'] });
  const report = JSON.parse(renderJson(summary)) as JsonReport;
  assert.deepEqual(validate(report, schema), []);
  assert.equal(report.schemaVersion, JSON_REPORT_SCHEMA_VERSION);
  assert.deepEqual(report.summary, { total: 3, passed: 1, failed: 1, errored: 1, interrupted: 0, skipped: 0 });
  const [failed, , errored] = report.tests;
  assert.ok(failed && errored);
  assert.deepEqual(failed.timings, { trigger: 41, collect: 262, judge: 3 });
  assert.equal(failed.durationMs, 306);
  assert.equal(failed.findings.length, 5);
  assert.deepEqual(failed.findings[0], {
    kind: 'count-changed', severity: 'error',
    path: [{ service: 'api-gateway', name: 'POST /checkout' }, { service: 'shipping-service', name: 'publish shipping-queue' }],
    pathText: 'api-gateway › POST /checkout › shipping-service › publish shipping-queue',
    message: 'count changed', before: 1, after: 2, suppressed: false,
    diagnosis: 'duplicate call: publish to shipping-queue made twice under POST /checkout', key: 'count:shipping',
  });
  assert.equal(failed.findings[3]?.suppressed, true);
  assert.deepEqual(failed.assertions[0]?.spans, [
    { path: 'api-gateway › POST /checkout › shipping-service › publish shipping-queue', passed: false, observed: 2 },
  ]);
  assert.deepEqual(errored.error, { message: 'payment-service exited with code 1 before it was ready', hint: 'run it by hand: node fixtures/checkout/payment.js' });
  assert.equal(report.servicesStartMs, 1200);
  // The snapshot files the run wrote (and deleted), as the runner listed them.
  assert.deepEqual(report.writtenFiles, ['snapshots/x.trace.yaml']);
});

test('the validator catches what the schema forbids', () => {
  type Mutable = { tests: Array<{ outcome: string; findings: Array<Record<string, unknown>> }>; summary: Record<string, unknown> };
  const report = JSON.parse(renderJson(summaryOf([failedVerdict]))) as Mutable;
  report.tests[0]!.outcome = 'flaky';
  report.tests[0]!.findings[0]!.extra = 1;
  delete report.summary.total;
  const errors = validate(report, schema);
  assert.equal(errors.length, 3, errors.join('\n'));
});
