import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TbtError } from '../../src/model/index.ts';
import { MultiReporter, PrettyReporter, REPORTERS, createReporters, parseReporterSpec } from '../../src/report/index.ts';
import { checkoutSnapshotYaml } from './snapshot-text.ts';
import { MemoryStream, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

const isTbtError = (error: unknown, kind: string): boolean => error instanceof TbtError && error.kind === kind;

test('parseReporterSpec reads NAME[=PATH] and rejects unknown names as usage errors', () => {
  assert.deepEqual(parseReporterSpec('pretty'), { name: 'pretty' });
  assert.deepEqual(parseReporterSpec('junit=out/junit.xml'), { name: 'junit', path: 'out/junit.xml' });
  assert.throws(() => parseReporterSpec('tap'), (e) => isTbtError(e, 'usage'));
  assert.throws(() => parseReporterSpec('junit='), (e) => isTbtError(e, 'usage'));
});

test('the default is pretty on stdout', () => {
  const stdout = new MemoryStream(false);
  const reporters = createReporters([], { stdout, color: false, verbose: false, ci: false, cwd: '/' });
  assert.equal(reporters.length, 1);
  assert.ok(reporters[0] instanceof PrettyReporter);
});

test('file reporters write atomically at run end; stdout reports come before the summary line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-report-'));
  const stdout = new MemoryStream(false);
  const reporter = new MultiReporter(
    createReporters(['pretty', 'json', 'junit=out/junit.xml'], { stdout, color: false, verbose: false, ci: true, cwd: dir }),
  );
  reporter.onRunStart({ command: 'verify', testCount: 2 });
  reporter.onTestStart({ id: failedVerdict.testId, name: failedVerdict.name });
  reporter.onTestEnd(failedVerdict);
  reporter.onTestEnd(passedVerdict);
  await reporter.onRunEnd(summaryOf([failedVerdict, passedVerdict]));
  const junit = readFileSync(path.join(dir, 'out', 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="tbt" tests="2" failures="1" errors="0"/);
  assert.deepEqual(readdirSync(path.join(dir, 'out')), ['junit.xml'], 'no temp file left behind');
  assert.match(stdout.text, /"schemaVersion": 1/);
  // Verdicts stream as tests end; the JSON comes at run end, before the terminal summary.
  assert.ok(stdout.text.indexOf('✗ checkout') < stdout.text.indexOf('"schemaVersion"'));
  assert.ok(stdout.text.endsWith('\n1 passed, 1 failed\n'));
});

test('every named reporter is registered; html defaults to tbt-report.html; github reads snapshots from the cwd', async () => {
  assert.deepEqual(REPORTERS.map((r) => r.name), ['pretty', 'junit', 'json', 'markdown', 'github', 'html']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-reporters-'));
  mkdirSync(path.join(dir, 'snapshots'));
  writeFileSync(path.join(dir, failedVerdict.snapshotFile ?? 'x'), checkoutSnapshotYaml);
  const stdout = new MemoryStream(false);
  const reporter = new MultiReporter(
    createReporters(['github', 'html', 'pretty=out/pretty.txt'], { stdout, color: true, verbose: false, ci: true, cwd: dir }),
  );
  await reporter.onRunEnd(summaryOf([failedVerdict]));
  assert.match(stdout.text, /^::error file=snapshots\/checkout-publishes-one-shipping-event.trace.yaml,line=\d+,/);
  assert.match(readFileSync(path.join(dir, 'tbt-report.html'), 'utf8'), /^<!doctype html>/);
  const pretty = readFileSync(path.join(dir, 'out', 'pretty.txt'), 'utf8');
  assert.doesNotMatch(pretty, /\u001b/, 'a pretty report written to a file is never coloured');
  assert.ok(pretty.endsWith('\n0 passed, 1 failed\n'));
});

test('one failing reporter does not stop the others; its error is rethrown', async () => {
  const ended: string[] = [];
  const multi = new MultiReporter([
    { onRunEnd: () => { throw new Error('disk full'); } },
    { onRunEnd: () => { ended.push('second'); } },
  ]);
  await assert.rejects(multi.onRunEnd(summaryOf([])), /disk full/);
  assert.deepEqual(ended, ['second']);
});
