// The Markdown report: a summary table and one <details> per failed test, appended to $GITHUB_STEP_SUMMARY when given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReporters } from '../../src/report/index.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { MemoryStream, errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

test('a failing run has a summary table and one <details> per failed test with its drift', () => {
  const md = renderMarkdown(summaryOf([failedVerdict, passedVerdict, errorVerdict]));
  const lines = md.split('\n');
  assert.equal(lines[0], '### tbt: 1 passed, 2 failed');
  // The count is the details' findings and failed assertions together (3 + 1), as its header says.
  const header = lines.indexOf('| | Test | Findings + failed specs | Spans | Time | Phases |');
  assert.ok(header > 0);
  assert.equal(lines[header + 1], '| :-: | --- | --: | --: | --: | --- |');
  assert.equal(lines[header + 2], '| ❌ | checkout publishes exactly one shipping event | 4 | 12 | 306ms | trigger 41ms · collect 262ms · judge 3ms |');
  assert.equal(lines[header + 3], '| ✅ | health check &lt;ok&gt; &amp; "fine" | 0 | 2 | 257ms | trigger 5ms · collect 251ms · judge 1ms |');
  assert.match(lines[header + 4] ?? '', /^\| ⚠️ \| refund \| 0 \| 0 \| 2ms \|/);
  const details = md.match(/<details>[\s\S]*?<\/details>/g) ?? [];
  assert.equal(details.length, 2, 'one per failed or errored test, none for the passing one');
  const [drift, error] = details;
  assert.match(drift ?? '', /<summary>❌ <b>checkout publishes exactly one shipping event<\/b>: 3 findings, 1 failed assertion<\/summary>/);
  assert.match(drift ?? '', /```diff\n@@ api-gateway › POST \/checkout › shipping-service › publish shipping-queue @@\n~ count changed: ×1 → ×2\n {4}↳ duplicate call/);
  assert.match(drift ?? '', /\n~ slower than tolerated: 40ms → 400ms {2}\(tolerance ×2 \+ 50ms\)\n/);
  assert.match(drift ?? '', /- `span\[name="publish shipping-queue"\]` `attr:tracetest.selected_spans.count = 1` \(`tests\/checkout.tbt.yaml:9`\)\n {2}- api-gateway › POST \/checkout › shipping-service › publish shipping-queue: observed `2`/);
  assert.doesNotMatch(drift ?? '', /SELECT stock/, 'suppressed drift stays out');
  assert.match(error ?? '', /\*\*Could not run:\*\* payment-service exited/);
});

test('with $GITHUB_STEP_SUMMARY given, markdown is appended there instead of stdout', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-md-'));
  const summaryFile = path.join(dir, 'step-summary.md');
  writeFileSync(summaryFile, 'earlier step\n');
  const stdout = new MemoryStream(false);
  const [reporter] = createReporters(['markdown'], { stdout, color: false, verbose: false, ci: true, cwd: dir, githubStepSummary: summaryFile });
  await reporter?.onRunEnd(summaryOf([failedVerdict]));
  assert.equal(stdout.text, '');
  const text = readFileSync(summaryFile, 'utf8');
  assert.ok(text.startsWith('earlier step\n### tbt: 0 passed, 1 failed'));
});
