// Markdown for a GitHub step summary or a PR comment: a table of the run, then one collapsible
// <details> per failed test with its drift (as a diff block) and its failed assertions.
import type { RunSummary, Verdict } from '../model/index.ts';
import {
  alikeNote,
  describeFinding,
  findingMarker,
  foldAlike,
  formatDuration,
  formatTimings,
  formatValue,
  groupByPath,
  reportedFindings,
  totalMs,
} from './finding-text.ts';
import { renderSummaryLine } from './summary-line.ts';
import { snapshotNote } from './snapshot-note.ts';

/** Text safe inside a table cell or an HTML summary: markup neutralised, one line. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

function fenced(lang: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

const ICON = { passed: '✅', failed: '❌', error: '⚠️', interrupted: '⏹️', skipped: '⏭️' } as const;

function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function verdictSummary(verdict: Verdict): string {
  if (verdict.outcome === 'error') return 'could not run';
  if (verdict.outcome === 'interrupted' || verdict.outcome === 'skipped') return verdict.outcome;
  const parts: string[] = [];
  const findings = reportedFindings(verdict, false).length;
  const assertions = verdict.assertions.filter((a) => !a.passed).length;
  if (findings > 0) parts.push(counted(findings, 'finding'));
  if (assertions > 0) parts.push(counted(assertions, 'failed assertion'));
  return parts.join(', ');
}

function tableRow(verdict: Verdict): string {
  const cells = [
    ICON[verdict.outcome],
    escapeMarkdown(verdict.name),
    String(reportedFindings(verdict, false).length + verdict.assertions.filter((a) => !a.passed).length),
    String(verdict.spanCount),
    formatDuration(totalMs(verdict.timings)),
    escapeMarkdown(formatTimings(verdict.timings)),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The drift of one test as a `diff` block: hunk headers are paths, lines carry + - ~ ! markers. */
function driftBlock(verdict: Verdict): string | undefined {
  const groups = groupByPath(reportedFindings(verdict, false));
  if (groups.length === 0) return undefined;
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(`@@ ${group.path} @@`);
    for (const { finding, times } of foldAlike(group.findings)) {
      const tolerance = finding.tolerance !== undefined ? `  (tolerance ${finding.tolerance})` : '';
      lines.push(`${findingMarker(finding.kind)} ${describeFinding(finding)}${tolerance}${alikeNote(times)}`);
      if (finding.diagnosis !== undefined) lines.push(`    ↳ ${finding.diagnosis}`);
    }
  }
  return fenced('diff', lines.join('\n'));
}

function assertionList(verdict: Verdict): string | undefined {
  const failed = verdict.assertions.filter((a) => !a.passed);
  if (failed.length === 0) return undefined;
  const items = failed.map((result) => {
    const where = result.file !== undefined ? ` (${code(`${result.file}${result.line !== undefined ? `:${result.line}` : ''}`)})` : '';
    const lines = [`- ${code(result.selector)} ${code(result.assertion)}${where}`];
    // A message may span lines (the selected spans); each line is its own bullet.
    for (const line of result.message?.split('\n') ?? []) if (line.trim() !== '') lines.push(`  - ${escapeMarkdown(line.trim())}`);
    for (const span of result.spans) {
      if (span.passed) continue;
      const observed = span.observed === undefined ? 'no value' : `observed ${code(formatValue(span.observed))}`;
      const expected = span.message === undefined ? '' : ` (${escapeMarkdown(span.message)})`;
      lines.push(`  - ${escapeMarkdown(span.path)}: ${observed}${expected}`);
    }
    return lines.join('\n');
  });
  return `**Failed assertions**\n\n${items.join('\n')}`;
}

function snapshotText(verdict: Verdict, file: string): string {
  const note = snapshotNote(verdict);
  return `snapshot ${code(file)}${note === '' ? '' : `: ${escapeMarkdown(note)}`}`;
}

function detailsBlock(verdict: Verdict): string {
  const parts = [
    '<details>',
    `<summary>${ICON[verdict.outcome]} <b>${escapeMarkdown(verdict.name)}</b>: ${verdictSummary(verdict)}</summary>`,
    '',
    [`${code(verdict.file)}`, ...(verdict.snapshotFile !== undefined ? [snapshotText(verdict, verdict.snapshotFile)] : []), escapeMarkdown(formatTimings(verdict.timings))]
      .filter((p) => p !== '')
      .join(' · '),
  ];
  if (verdict.error !== undefined) {
    parts.push('', `**Could not run:** ${escapeMarkdown(verdict.error.message)}`);
    if (verdict.error.hint !== undefined) parts.push('', `Hint: ${escapeMarkdown(verdict.error.hint)}`);
  }
  const drift = driftBlock(verdict);
  if (drift !== undefined) parts.push('', drift);
  const assertions = assertionList(verdict);
  if (assertions !== undefined) parts.push('', assertions);
  parts.push('', '</details>');
  return parts.join('\n');
}

/** The Markdown report of a run. */
export function renderMarkdown(summary: RunSummary): string {
  const out = [`### tbt: ${renderSummaryLine(summary)}`, ''];
  const extra: string[] = [];
  if (summary.errored > 0) extra.push(`${summary.errored} could not run`);
  if (summary.servicesStartMs !== undefined) extra.push(`services started in ${formatDuration(summary.servicesStartMs)}`);
  extra.push(`total ${formatDuration(summary.durationMs)}`);
  out.push(extra.join(' · '), '');
  if (summary.verdicts.length > 0) {
    out.push('| | Test | Findings + failed specs | Spans | Time | Phases |', '| :-: | --- | --: | --: | --: | --- |');
    out.push(...summary.verdicts.map(tableRow), '');
  }
  for (const verdict of summary.verdicts) {
    if (verdict.outcome !== 'passed') out.push(detailsBlock(verdict), '');
  }
  if (summary.obsoleteSnapshots.length > 0) {
    out.push(`Obsolete snapshots: ${summary.obsoleteSnapshots.map(code).join(', ')}`, '');
  }
  return `${out.join('\n')}\n`;
}
