// Reporter specs (NAME[=PATH]), the default pretty reporter, atomic report files announced before the summary line, and one failing reporter not stopping the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TbtError } from '../../src/model/index.ts';
import { MultiReporter, createReporters } from '../../src/report/index.ts';
import { PrettyReporter } from '../../src/report/pretty-reporter.ts';
import { REPORTERS, parseReporterSpec } from '../../src/report/create-reporters.ts';
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
  // The file it wrote is named, just before the summary line; stdout reports are not.
  assert.ok(stdout.text.endsWith('\nwrote report out/junit.xml\nservices started in 1.2s · time 1.82s\n1 passed, 1 failed\n'), stdout.text.slice(-200));
  assert.equal(stdout.text.match(/wrote report/g)?.length, 1);
});

test('every report file is announced by the terminal reporter, in the order written, before the summary line', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-announce-'));
  const stdout = new MemoryStream(false);
  const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'tbt-outside-')), 'r.json');
  const specs = ['pretty', 'junit=junit.xml', 'html', 'markdown=out/summary.md', `json=${outside}`, 'pretty=out/pretty.txt'];
  const reporter = new MultiReporter(createReporters(specs, { stdout, color: true, verbose: false, ci: true, cwd: dir }));
  await reporter.onRunEnd(summaryOf([failedVerdict], { writtenFiles: ['snapshots/new.trace.yaml'] }));
  const lines = stdout.text.replace(/\u001b\[\d+m/g, '').trimEnd().split('\n');
  assert.equal(lines[lines.length - 1], '0 passed, 1 failed', 'the summary line stays last, uncoloured');
  const wrote = lines.filter((line) => line.startsWith('wrote '));
  assert.deepEqual(wrote, [
    'wrote snapshots/new.trace.yaml',
    'wrote report junit.xml',
    'wrote report tbt-report.html',
    'wrote report out/summary.md',
    `wrote report ${outside}`,
    'wrote report out/pretty.txt',
  ]);
  for (const file of ['junit.xml', 'tbt-report.html', 'out/summary.md', 'out/pretty.txt']) readFileSync(path.join(dir, file), 'utf8');
  readFileSync(outside, 'utf8');
});

test('without a terminal reporter nothing is announced: stdout may be a machine-read report', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-quiet-'));
  const stdout = new MemoryStream(false);
  const reporter = new MultiReporter(createReporters(['json', 'html'], { stdout, color: false, verbose: false, ci: true, cwd: dir }));
  await reporter.onRunEnd(summaryOf([passedVerdict]));
  assert.equal((JSON.parse(stdout.text) as { tool: string }).tool, 'tbt');
  assert.match(readFileSync(path.join(dir, 'tbt-report.html'), 'utf8'), /^<!doctype html>/);
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
