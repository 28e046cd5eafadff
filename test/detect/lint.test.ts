// `tbt lint`'s core: findings per tree, most severe first, --fail-on by severity, and the text and JSON it prints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, lintFailed, lintTrees } from '../../src/detect/index.ts';
import { formatLintText, lintFindingsToJson } from '../../src/report/index.ts';
import { checkoutTrace } from './support/checkout-trace.ts';

const report = lintTrees(
  [
    { file: 'clean.json', tree: checkoutTrace(2) },
    { file: 'buggy.json', tree: checkoutTrace(4, ['n-plus-one', 'payment-error']) },
  ],
  DEFAULT_DETECTOR_CONFIG,
);

test('lintTrees runs the detectors per tree, most severe first, and counts by severity', () => {
  assert.deepEqual(report.results.map((result) => result.findings.map((finding) => finding.kind)), [[], ['new-error', 'n-plus-one']]);
  assert.deepEqual(report.counts, { error: 1, warning: 1, info: 0 });
});

test('--fail-on decides failure by severity', () => {
  assert.equal(lintFailed(report, 'error'), true);
  assert.equal(lintFailed(report, 'none'), false);
  const warningsOnly = lintTrees([{ file: 'x', tree: checkoutTrace(4, ['n-plus-one']) }], DEFAULT_DETECTOR_CONFIG);
  assert.equal(lintFailed(warningsOnly, 'error'), false);
  assert.equal(lintFailed(warningsOnly, 'warning'), true);
  assert.equal(lintFailed(lintTrees([{ file: 'x', tree: checkoutTrace(1) }], DEFAULT_DETECTOR_CONFIG), 'info'), false);
});

test('the text lists each trace, its findings with path and diagnosis, and a summary', () => {
  const text = formatLintText(report);
  const lines = text.split('\n');
  assert.equal(lines[0], 'clean.json (trace 0af7651916cd43dd8448eb211c80319c, 17 spans): no findings');
  assert.equal(lines[1], 'buggy.json (trace 0af7651916cd43dd8448eb211c80319c, 20 spans)');
  assert.match(lines[2] ?? '', /^ {2}error {3}new-error {6}api-gateway › POST \/checkout › POST \/charges › payment-service › POST \/charges › charge card › POST \/v1\/charges$/);
  assert.match(lines[3] ?? '', /^ {25}new error: payment-service POST ended in ERROR \(HTTP 502\)/);
  assert.match(lines[4] ?? '', /^ {2}warning n-plus-one/);
  assert.equal(lines.at(-2), '1 error, 1 warning, 0 info in 2 traces');
  assert.equal(text.endsWith('\n'), true);
});

test('the JSON has rule, severity, parent path, call, count and durations', () => {
  const json = lintFindingsToJson(report) as { results: { findings: Record<string, unknown>[] }[]; counts: unknown };
  const nPlusOne = json.results[1]?.findings[1];
  assert.equal(nPlusOne?.rule, 'n-plus-one');
  assert.equal(nPlusOne?.severity, 'warning');
  assert.equal(nPlusOne?.path, 'api-gateway › POST /checkout › POST /reservations › inventory-service › POST /reservations');
  assert.equal(nPlusOne?.call, 'sqlite SELECT sku, qty FROM stock WHERE sku = ?');
  assert.deepEqual([nPlusOne?.count, nPlusOne?.sumMs, nPlusOne?.wallMs, nPlusOne?.overlappingPairs], [4, 6, 7.5, 0]);
  assert.equal(typeof nPlusOne?.key, 'string');
  assert.deepEqual(json.counts, { error: 1, warning: 1, info: 0 });
  assert.doesNotThrow(() => JSON.stringify(json));
});
