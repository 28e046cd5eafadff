// Confirm-run decisions as a table: which failures are about durations alone (findings and
// assertions), and which run a test is judged on among the first run and its confirm runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssertionResult, CanonicalTree, Finding } from '../../src/model/index.ts';
import { failsOnDurationsAlone, pickConfirmed, type JudgedRun } from '../../src/runner/confirm-runs.ts';
import { span, tree } from '../diff/trees.ts';

const finding = (kind: Finding['kind'], extra: Partial<Finding> = {}): Finding => ({ kind, severity: kind === 'duration-exceeded' ? 'warning' : 'error', path: [], message: kind, ...extra });
const assertion = (text: string, passed = false): AssertionResult => ({ selector: 'span', assertion: text, passed, spans: [] });
const run = (ms: number, findings: Finding[] = [], assertions: AssertionResult[] = []): JudgedRun & { ms: number } => {
  const failed = findings.some((f) => !f.suppressed && f.severity !== 'info') || assertions.some((a) => !a.passed);
  const canonical: CanonicalTree = tree(span('root', { durationMs: ms }));
  return { ms, findings, assertions, canonical, failed };
};

test('failsOnDurationsAlone: a table', () => {
  const rows: Array<[string, JudgedRun, boolean]> = [
    ['passing runs need no confirming', run(5), false],
    ['a duration beyond tolerance', run(5, [finding('duration-exceeded')]), true],
    ['with where the time went', run(5, [finding('duration-exceeded'), finding('slowness-locus', { severity: 'warning' })]), true],
    ['a spec over span duration', run(5, [], [assertion('attr:tracetest.span.duration < 100ms')]), true],
    ['an aggregate over durations', run(5, [], [assertion('sum(attr:tracetest.span.duration) < 250ms')]), true],
    ['a count change is structure', run(5, [finding('duration-exceeded'), finding('count-changed')]), false],
    ['a failed spec about a status', run(5, [finding('duration-exceeded')], [assertion('attr:http.status_code = 200')]), false],
    ['suppressed structure does not count', run(5, [finding('duration-exceeded'), finding('missing', { suppressed: true })]), true],
  ];
  for (const [name, judged, expected] of rows) assert.equal(failsOnDurationsAlone(judged), expected, name);
});

test('pickConfirmed: the fastest passing run, else the fastest slow one, never a structural one', () => {
  const slow = finding('duration-exceeded');
  const first = run(900, [slow]);
  assert.equal(pickConfirmed(first, [run(700, [slow]), run(40)]).judged.ms, 40);
  const none = pickConfirmed(first, [run(700, [slow]), run(800, [slow])]);
  assert.equal(none.judged.ms, 700);
  assert.deepEqual(none.confirm, { runs: 2, passed: false, summary: 'confirmed: 2 more runs, fastest still failed on durations' });
  // A span is slow only if it was slow in every run: each run slow somewhere else is load.
  const elsewhere = pickConfirmed(run(900, [finding('duration-exceeded', { key: 'a' })]), [run(800, [finding('duration-exceeded', { key: 'b' })])]);
  assert.equal(elsewhere.failed, false);
  assert.deepEqual(elsewhere.findings.map((f) => [f.key, f.suppressed, f.tolerance]), [['b', true, 'faster in another run']]);
  assert.match(elsewhere.confirm.summary, /no span was slow in every run/);
  const both = pickConfirmed(run(900, [finding('duration-exceeded', { key: 'a' }), finding('duration-exceeded', { key: 'b' })]), [run(800, [finding('duration-exceeded', { key: 'b' })])]);
  assert.deepEqual(both.findings.map((f) => [f.key, f.suppressed === true]), [['b', false]]);
  assert.equal(both.failed, true);
  const structural = pickConfirmed(first, [run(10, [finding('missing')])]);
  assert.equal(structural.judged.ms, 900, 'a faster run with structural drift is not the one judged');
  assert.match(structural.confirm.summary, /a confirm run also drifted in structure/);
});
