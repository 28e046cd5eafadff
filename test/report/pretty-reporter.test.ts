// The terminal reporter's progress line: shown and erased on a TTY, silent otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrettyReporter } from '../../src/report/pretty-reporter.ts';
import { MemoryStream, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

test('on a TTY the progress line names the test, elapsed time and phase, and is erased before output', () => {
  const stream = new MemoryStream(true);
  let clock = 0;
  const reporter = new PrettyReporter({ stream, color: false, verbose: false, progress: true, now: () => clock, refreshMs: 0 });
  reporter.onPhase(undefined, 'services');
  assert.match(stream.text, /services {2}0\.0s {2}starting services$/);
  reporter.onTestStart({ id: 'x', name: 'checkout publishes exactly one shipping event' });
  reporter.onPhase('x', 'trigger');
  clock = 1500;
  reporter.onPhase('x', 'collect', { spans: 12 });
  assert.match(stream.text, /checkout publishes exactly one shipping event {2}1\.5s {2}collecting 12 spans$/);
  reporter.onPhase('x', 'judge');
  assert.match(stream.text, /judging$/);
  const before = stream.text.length;
  reporter.onTestEnd(failedVerdict);
  assert.ok(stream.text.slice(before).startsWith('\r\u001b[2K✗ checkout'), 'line erased before the verdict');
  reporter.onRunEnd(summaryOf([failedVerdict]));
  assert.ok(stream.text.endsWith('0 passed, 1 failed\n'));
});

test('silent progress when not a TTY: only verdicts and the summary', () => {
  const stream = new MemoryStream(false);
  const reporter = new PrettyReporter({ stream, color: false, verbose: false, progress: false });
  reporter.onTestStart({ id: 'h', name: 'health' });
  reporter.onPhase('h', 'collect', { spans: 1 });
  reporter.onTestEnd(passedVerdict);
  reporter.onRunEnd(summaryOf([passedVerdict]));
  assert.doesNotMatch(stream.text, /\r|\u001b|collecting/);
  assert.ok(stream.text.startsWith('✓ health check'));
  assert.ok(stream.text.endsWith('\n1 passed, 0 failed\n'));
});
