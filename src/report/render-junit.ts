// JUnit XML for CI test-report views (Jenkins, GitLab, GitHub report actions): one testcase per
// tbt test, one testsuite per test file; <failure> lists drift, <error> means it could not run.
import type { RunSummary, Verdict } from '../model/index.ts';
import { renderVerdictPretty } from './render-pretty.ts';
import { createStyle } from './style.ts';
import { snapshotNote } from './snapshot-note.ts';
import { describeFinding, findingPathText, formatTimings, reportedFindings, totalMs } from './finding-text.ts';

// XML 1.0 forbids most control characters even when escaped; they are dropped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for use inside an XML attribute or element. */
function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** `tests/checkout.tbt.yaml` → `tests.checkout`: report views split classnames on dots. */
function classnameOf(file: string): string {
  const stem = file.replace(/\\/g, '/').replace(/\.tbt\.ya?ml$|\.ya?ml$/i, '').replace(/^\.?\//, '');
  return stem.replace(/\./g, '_').replace(/\//g, '.');
}

function failureMessage(verdict: Verdict): string {
  const findings = reportedFindings(verdict, false);
  const failedAssertions = verdict.assertions.filter((a) => !a.passed);
  const first = findings[0];
  const parts: string[] = [];
  if (findings.length > 0) parts.push(`${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  if (failedAssertions.length > 0) {
    parts.push(`${failedAssertions.length} failed assertion${failedAssertions.length === 1 ? '' : 's'}`);
  }
  const head = parts.length > 0 ? parts.join(', ') : 'failed';
  return first !== undefined ? `${head}: ${findingPathText(first)}: ${describeFinding(first)}` : head;
}

function renderTestcase(verdict: Verdict): string {
  const attrs =
    `name="${escapeXml(verdict.name)}" classname="${escapeXml(classnameOf(verdict.file))}" ` +
    `file="${escapeXml(verdict.file)}" time="${seconds(totalMs(verdict.timings))}"`;
  const body: string[] = [];
  const detail = renderVerdictPretty(verdict, { style: createStyle(false), verbose: false });
  if (verdict.outcome === 'error' || verdict.outcome === 'interrupted') {
    const message = verdict.error?.message ?? 'the test could not run';
    body.push(`      <error message="${escapeXml(message)}" type="${verdict.outcome}">${escapeXml(detail)}</error>`);
  } else if (verdict.outcome === 'skipped') {
    body.push(`      <skipped message="${escapeXml(verdict.error?.message ?? 'not run')}"/>`);
  } else if (verdict.outcome === 'failed') {
    const first = reportedFindings(verdict, false)[0];
    const type = first?.kind ?? (verdict.assertions.some((a) => !a.passed) ? 'assertion-failed' : 'drift');
    body.push(`      <failure message="${escapeXml(failureMessage(verdict))}" type="${type}">${escapeXml(detail)}</failure>`);
  }
  const out = [`phases: ${formatTimings(verdict.timings)}`, `spans: ${verdict.spanCount}`];
  const note = snapshotNote(verdict);
  if (note !== '') out.push(`snapshot: ${note}`);
  if (verdict.snapshotFile !== undefined) out.push(`snapshot file: ${verdict.snapshotFile}`);
  body.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`);
  return `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`;
}

function counts(verdicts: readonly Verdict[]): string {
  const failures = verdicts.filter((v) => v.outcome === 'failed').length;
  const errors = verdicts.filter((v) => v.outcome === 'error' || v.outcome === 'interrupted').length;
  const skipped = verdicts.filter((v) => v.outcome === 'skipped').length;
  const time = verdicts.reduce((sum, v) => sum + totalMs(v.timings), 0);
  return `tests="${verdicts.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}"`;
}

/** The whole JUnit document for a run. */
export function renderJunit(summary: RunSummary): string {
  const byFile = new Map<string, Verdict[]>();
  for (const verdict of summary.verdicts) {
    const list = byFile.get(verdict.file);
    if (list) list.push(verdict);
    else byFile.set(verdict.file, [verdict]);
  }
  const timestamp = summary.startedAt !== undefined ? ` timestamp="${escapeXml(summary.startedAt.replace(/Z$/, ''))}"` : '';
  const suites = [...byFile].map(([file, verdicts]) =>
    [
      `  <testsuite name="${escapeXml(file)}" ${counts(verdicts)}${timestamp}>`,
      ...verdicts.map(renderTestcase),
      '  </testsuite>',
    ].join('\n'),
  );
  const total = summary.verdicts.length;
  const head =
    `<testsuites name="tbt" tests="${total}" failures="${summary.failed}" errors="${summary.errored}" ` +
    `skipped="${summary.skipped ?? 0}" time="${seconds(summary.durationMs)}"${timestamp}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}
