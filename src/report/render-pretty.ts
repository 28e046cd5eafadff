// Terminal text for one verdict and for the end of a run: drift grouped by test, then by tree
// path, with + - ~ ! markers and before → after values. Pure: verdicts in, text out.
import type { AssertionResult, Finding, RunSummary, Verdict } from '../model/index.ts';
import type { Style } from './style.ts';
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

export interface PrettyOptions {
  readonly style: Style;
  /** Also list findings that a tolerance suppressed. */
  readonly verbose: boolean;
}

function colourMarker(marker: string, style: Style): string {
  if (marker === '+') return style.green(marker);
  if (marker === '-') return style.red(marker);
  if (marker === '~') return style.yellow(marker);
  return style.magenta(marker);
}

function renderFinding(finding: Finding, times: number, style: Style): string[] {
  const marker = colourMarker(findingMarker(finding.kind), style);
  let line = `    ${marker} ${describeFinding(finding)}`;
  if (finding.tolerance !== undefined) line += style.dim(`  (tolerance ${finding.tolerance})`);
  if (times > 1) line += style.dim(alikeNote(times));
  // Drift that recording learned to expect says what it learned (`[learned: seen 2/3 runs]`).
  if (finding.suppressed === true) line = style.dim(`${line}  ${finding.learned !== undefined ? `[learned: ${finding.learned}]` : '[within tolerance]'}`);
  const lines = [line];
  if (finding.diagnosis !== undefined) lines.push(`      ${style.dim('↳')} ${finding.diagnosis}`);
  return lines;
}

function renderAssertion(result: AssertionResult, style: Style): string[] {
  const where = result.file !== undefined && result.line !== undefined ? style.dim(`  (${result.file}:${result.line})`) : '';
  const name = result.specName !== undefined ? `${style.bold(result.specName)}: ` : '';
  const lines = [`  ${style.red('✗')} ${name}${style.cyan(result.selector)}  ${result.assertion}${where}`];
  if (result.message !== undefined) lines.push(...result.message.split('\n').map((line) => `      ${line}`));
  for (const span of result.spans) {
    if (span.passed) continue;
    const observed = span.observed === undefined ? 'no value' : `observed ${formatValue(span.observed)}`;
    const why = span.message !== undefined ? style.dim(`  (${span.message})`) : '';
    lines.push(`      ${span.path}: ${observed}${why}`);
  }
  return lines;
}

/** The terminal stays quiet about the usual cases (matched, drift left alone in CI). */
function prettySnapshotNote(verdict: Verdict): string {
  const action = verdict.snapshotAction;
  if (action === 'written' || action === 'updated' || action === 'missing') return `snapshot ${snapshotNote(verdict)}`;
  return action === 'pending' ? snapshotNote(verdict) : '';
}

/** The block printed when a test ends: a status line, then its findings and failed assertions. */
export function renderVerdictPretty(verdict: Verdict, options: PrettyOptions): string {
  const { style, verbose } = options;
  const mark =
    verdict.outcome === 'passed' ? style.green('✓')
      : verdict.outcome === 'failed' ? style.red('✗')
      : verdict.outcome === 'error' ? style.red('E')
      : style.yellow('-');
  const note = prettySnapshotNote(verdict);
  const timings = formatTimings(verdict.timings);
  // Every report carries the time per phase; here it stays on the test's own line.
  const head = [
    `${mark} ${style.bold(verdict.name)}`,
    // Offline comparisons (`tbt diff`) ran nothing, so they have no time to show.
    ...(Object.keys(verdict.timings).length === 0 ? [] : [style.dim(formatDuration(totalMs(verdict.timings)) + (timings === '' ? '' : ` (${timings})`))]),
    ...(note === '' ? [] : [style.dim(note)]),
  ].join('  ');
  const lines = [head];
  for (const note of verdict.notes ?? []) lines.push(`  ${style.dim(`note: ${note}`)}`);
  if (verdict.confirm !== undefined) lines.push(`  ${verdict.confirm.passed ? style.dim(verdict.confirm.summary) : style.yellow(verdict.confirm.summary)}`);
  if (verdict.notRecorded !== undefined) {
    lines.push(`  ${style.red('not recorded:')} ${verdict.notRecorded}`);
    lines.push(`  ${style.dim('hint:')} ${style.dim('nothing was written for this test; fix it, or record it anyway with --force')}`);
  }
  if (verdict.error !== undefined) {
    const label = verdict.outcome === 'interrupted' || verdict.outcome === 'skipped' ? style.yellow(`${verdict.outcome}:`) : style.red('could not run:');
    lines.push(`  ${label} ${verdict.error.message}`);
    if (verdict.error.hint !== undefined) lines.push(`  ${style.dim('hint:')} ${verdict.error.hint}`);
  }
  for (const group of groupByPath(reportedFindings(verdict, verbose))) {
    lines.push(`  ${group.path}`);
    for (const { finding, times } of foldAlike(group.findings)) lines.push(...renderFinding(finding, times, style));
  }
  for (const result of verdict.assertions) {
    if (!result.passed) lines.push(...renderAssertion(result, style));
  }
  return `${lines.join('\n')}\n`;
}

/** How RunSummary.writtenFiles marks a snapshot the run deleted (an obsolete one, with -u). */
const DELETED_SUFFIX = ' (deleted)';

/**
 * The lines that end a run: details (errors, snapshots, report files written this run, time) and
 * then the summary line.
 */
export function renderRunEndPretty(summary: RunSummary, options: PrettyOptions, reports: readonly string[] = []): string {
  const { style } = options;
  const details: string[] = [];
  if (summary.errored > 0) details.push(style.red(`${summary.errored} could not run`));
  if (summary.servicesStartMs !== undefined) details.push(`services started in ${formatDuration(summary.servicesStartMs)}`);
  details.push(`time ${formatDuration(summary.durationMs)}`);
  const lines = [''];
  // Name every file the run changed, so nothing is written behind the user's back.
  for (const file of summary.writtenFiles) {
    const deleted = file.endsWith(DELETED_SUFFIX) ? file.slice(0, -DELETED_SUFFIX.length) : undefined;
    lines.push(style.dim(deleted === undefined ? `wrote ${file}` : `deleted ${deleted}`));
  }
  for (const file of reports) lines.push(style.dim(`wrote report ${file}`));
  const pending = summary.verdicts.filter((verdict) => verdict.snapshotAction === 'pending');
  if (pending.length > 0) {
    lines.push(style.yellow(`${pending.length} drifted test(s) left a .trace.new.yaml: review, then \`tbt accept\` (or \`tbt reject\`), or rerun with -u`));
  }
  if (summary.obsoleteSnapshots.length > 0) {
    lines.push(style.yellow(`obsolete snapshots (no test owns them; they fail --ci, -u deletes them): ${summary.obsoleteSnapshots.join(', ')}`));
  }
  lines.push(style.dim(details.join(' · ')));
  // The summary line stays free of colour codes: CI reads it as 'N passed, N failed'.
  lines.push(renderSummaryLine(summary));
  return `${lines.join('\n')}\n`;
}
