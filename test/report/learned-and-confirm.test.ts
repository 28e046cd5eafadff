// Reports say what learning and confirm runs did: a finding absorbed by something learned is
// marked with it (verbose), a confirm run and a refused recording get their own lines, and the
// JSON report carries the same facts and still validates against its schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../../src/model/index.ts';
import { createStyle, renderVerdictPretty } from '../../src/report/index.ts';
import { renderJson } from '../../src/report/render-json.ts';
import { type JsonReport } from '../../src/report/json-report-types.ts';
import { passedVerdict, summaryOf } from './fixtures.ts';
import { validate } from './json-schema-check.ts';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../src/report/json-report.schema.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
const style = createStyle(false);

const absorbed: Verdict = {
  ...passedVerdict,
  findings: [{
    kind: 'missing', severity: 'error', path: [{ service: 'orders', name: 'pg.connect' }], message: 'missing: ×0..1 → none',
    tolerance: 'learned 0..1', suppressed: true, learned: 'seen 2/3 runs',
  }],
  confirm: { runs: 1, passed: true, summary: 'confirmed: 1 more run, fastest passed (the first run was slow, not wrong)' },
};

const refused: Verdict = {
  ...passedVerdict,
  testId: 'pay', name: 'pay', outcome: 'failed', snapshotAction: 'none',
  notRecorded: 'the trace looks incomplete (run 1 of 3): shop › POST called port 5001, whose service exports spans, and no server span arrived below it',
};

test('pretty: learned markers with --verbose only, the confirm line, and why nothing was recorded', () => {
  const verbose = renderVerdictPretty(absorbed, { style, verbose: true });
  assert.match(verbose, /missing: ×0\.\.1 → none {2}\(tolerance learned 0\.\.1\) {2}\[learned: seen 2\/3 runs\]/);
  assert.match(verbose, /^ {2}confirmed: 1 more run, fastest passed/m);
  assert.doesNotMatch(renderVerdictPretty(absorbed, { style, verbose: false }), /learned: seen/);
  const text = renderVerdictPretty(refused, { style, verbose: false });
  assert.match(text, /not recorded: the trace looks incomplete \(run 1 of 3\): shop › POST called port 5001/);
  assert.match(text, /record it anyway with --force/);
});

test('JSON: confirm, learnedFrom, notRecorded and a finding\'s learned, within the schema', () => {
  const report = JSON.parse(renderJson(summaryOf([absorbed, refused, { ...passedVerdict, testId: 'new', learnedFrom: 3, snapshotAction: 'written' }]))) as JsonReport;
  assert.deepEqual(validate(report, schema), []);
  const [first, second, third] = report.tests;
  assert.equal(first?.findings[0]?.learned, 'seen 2/3 runs');
  assert.deepEqual(first?.confirm, absorbed.confirm);
  assert.equal(second?.notRecorded, refused.notRecorded);
  assert.equal(third?.learnedFrom, 3);
});
