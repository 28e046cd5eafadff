// The terminal report: drift grouped by tree path with markers and before → after, suppressed findings in verbose, errors, colour, and the `N passed, N failed` line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStyle, renderVerdictPretty } from '../../src/report/index.ts';
import { renderRunEndPretty } from '../../src/report/render-pretty.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { renderSummaryLine } from '../../src/report/summary-line.ts';
import { errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

const plain = { style: createStyle(false), verbose: false };

test('drift is grouped by tree path, most important first, with markers and before → after', () => {
  const text = renderVerdictPretty(failedVerdict, plain);
  const lines = text.split('\n');
  assert.equal(lines[0], '✗ checkout publishes exactly one shipping event  306ms (trigger 41ms · collect 262ms · judge 3ms)');
  assert.equal(lines[1], '  api-gateway › POST /checkout › shipping-service › publish shipping-queue');
  assert.equal(lines[2], '    ~ count changed: ×1 → ×2');
  assert.equal(lines[3], '      ↳ duplicate call: publish to shipping-queue made twice under POST /checkout');
  assert.equal(lines[4], '  api-gateway › POST /checkout › payment-service › POST /payments');
  assert.equal(lines[5], '    ~ slower than tolerated: 40ms → 400ms  (tolerance ×2 + 50ms)');
  assert.equal(lines[6], '  api-gateway › POST /checkout › order-service › POST /orders › INSERT orders');
  assert.equal(
    lines[7],
    '    ~ attribute db.statement changed: "INSERT INTO orders (id, total) VALUES (?, ?)" → "INSERT INTO orders (id, total, note) VALUES (?, ?, ?)"',
  );
  // The failed assertion, with its failing span and observed value; its finding is not repeated.
  assert.equal(lines[8], '  ✗ span[name="publish shipping-queue"]  attr:tracetest.selected_spans.count = 1  (tests/checkout.tbt.yaml:9)');
  assert.equal(lines[9], '      api-gateway › POST /checkout › shipping-service › publish shipping-queue: observed 2');
  assert.doesNotMatch(text, /selected_spans.count = 1 failed/);
  assert.doesNotMatch(text, /SELECT stock/, 'suppressed drift is hidden without verbose');
});

test('verbose shows suppressed findings, marked as within tolerance', () => {
  const text = renderVerdictPretty(failedVerdict, { ...plain, verbose: true });
  assert.match(text, /inventory-service › POST \/reserve › SELECT stock\n {4}~ slower: 2ms → 3ms {2}\(tolerance ×2 \+ 50ms\) {2}\[within tolerance\]/);
});

test('added and removed markers', () => {
  const verdict = {
    ...passedVerdict,
    outcome: 'failed' as const,
    findings: [
      { kind: 'unexpected' as const, severity: 'error' as const, path: [{ service: 'a', name: 'new span' }], message: 'unexpected span' },
      { kind: 'missing' as const, severity: 'error' as const, path: [{ service: 'a', name: 'old span' }], message: 'missing span' },
      { kind: 'attribute-added' as const, severity: 'error' as const, path: [{ service: 'a', name: 'x' }], message: 'attribute k added', after: 3 },
      { kind: 'attribute-removed' as const, severity: 'error' as const, path: [{ service: 'a', name: 'x' }], message: 'attribute j removed', before: 'v' },
    ],
  };
  const text = renderVerdictPretty(verdict, plain);
  assert.match(text, /  a › new span\n {4}\+ unexpected span\n/);
  assert.match(text, /  a › old span\n {4}- missing span\n/);
  assert.match(text, /  a › x\n {4}\+ attribute k added: = 3\n {4}- attribute j removed: was "v"\n/);
});

test('findings of one path in a row that read the same print once, with how many spans they stand for', () => {
  const missing = { kind: 'missing' as const, severity: 'error' as const, path: [{ service: 'frontend', name: 'HTTP GET' }], message: 'missing: ×1 → none', tolerance: 'exact' };
  const changed = (to: string) => ({ kind: 'attribute-changed' as const, severity: 'error' as const, path: [{ service: 'frontend', name: 'HTTP GET' }], message: `attribute id: "a" → "${to}"` });
  const verdict = { ...passedVerdict, outcome: 'failed' as const, findings: [missing, missing, missing, changed('b'), changed('c'), changed('c'), missing] };
  const text = renderVerdictPretty(verdict, plain);
  assert.match(
    text,
    /  frontend › HTTP GET\n {4}- missing: ×1 → none {2}\(tolerance exact\) {2}\[3 spans alike\]\n {4}~ attribute id: "a" → "b"\n {4}~ attribute id: "a" → "c" {2}\[2 spans alike\]\n {4}- missing: ×1 → none {2}\(tolerance exact\)\n/,
  );
  // The step summary folds them the same way.
  assert.match(renderMarkdown(summaryOf([verdict])), /- missing: ×1 → none {2}\(tolerance exact\) {2}\[3 spans alike\]\n/);
});

test('a test that could not run shows its error and hint', () => {
  const text = renderVerdictPretty(errorVerdict, plain);
  assert.match(text, /^E refund/);
  assert.match(text, /could not run: payment-service exited with code 1 before it was ready/);
  assert.match(text, /hint: run it by hand/);
});

test('a passing test is one line, with its time per phase', () => {
  assert.equal(renderVerdictPretty(passedVerdict, plain), '✓ health check <ok> & "fine"  257ms (trigger 5ms · collect 251ms · judge 1ms)\n');
});

test('colour only when asked for', () => {
  assert.doesNotMatch(renderVerdictPretty(failedVerdict, plain), /\u001b\[/);
  const coloured = renderVerdictPretty(failedVerdict, { style: createStyle(true), verbose: false });
  assert.match(coloured, /\u001b\[33m~\u001b\[39m count changed/);
});

test('the run ends with exactly `N passed, N failed`, errors counted as failed, detail before it', () => {
  const summary = summaryOf([failedVerdict, passedVerdict, errorVerdict], { obsoleteSnapshots: ['snapshots/old.trace.yaml'] });
  for (const color of [false, true]) {
    const text = renderRunEndPretty(summary, { style: createStyle(color), verbose: false });
    const lines = text.trimEnd().split('\n');
    // Obsolete snapshots fail a CI run: the last line counts them after `N passed, N failed`.
    assert.equal(lines[lines.length - 1], '1 passed, 2 failed, 1 obsolete snapshot');
    assert.match(text, /1 could not run/);
    assert.match(text, /obsolete snapshots \(no test owns them; they fail --ci, -u deletes them\): snapshots\/old.trace.yaml/);
  }
  assert.equal(renderSummaryLine({ passed: 3, failed: 0, errored: 0, skipped: 2 }), '3 passed, 0 failed, 2 skipped');
  assert.equal(renderSummaryLine({ passed: 0, failed: 0, errored: 0, skipped: 0 }), '0 passed, 0 failed');
  assert.equal(renderSummaryLine({ passed: 1, failed: 0, errored: 0, interrupted: 1, skipped: 2 }), '1 passed, 0 failed, 1 interrupted, 2 skipped');
  assert.equal(renderSummaryLine({ passed: 3, failed: 0, errored: 0, obsoleteSnapshots: ['a', 'b'] }), '3 passed, 0 failed, 2 obsolete snapshots');
});

test('a snapshot the run deleted is said to be deleted, one it wrote to be written', () => {
  const summary = { ...summaryOf([passedVerdict]), writtenFiles: ['snapshots/a.trace.yaml', 'snapshots/gone.trace.yaml (deleted)'] };
  const text = renderRunEndPretty(summary, { style: createStyle(false), verbose: false });
  assert.match(text, /^wrote snapshots\/a\.trace\.yaml$/m);
  assert.match(text, /^deleted snapshots\/gone\.trace\.yaml$/m);
  assert.doesNotMatch(text, /wrote snapshots\/gone/);
});
