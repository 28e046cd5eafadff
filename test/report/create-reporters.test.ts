import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MultiReporter, PrettyReporter, isTbtError, createReporters, parseReporterSpec } from './create-reporters-support.ts';
import { MemoryStream, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

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
