// GitHub Actions workflow commands (`::error file=…,line=…::…`) for each finding, pointing at the
// span's line in the snapshot file, and for each failed assertion, at its line in the test file.
import type { Finding, RunSummary, Severity, Verdict } from '../model/index.ts';
import { describeFinding, findingPathText, formatValue, reportedFindings } from './finding-text.ts';
import { locateSnapshotLine } from './snapshot-lines.ts';

export interface GithubOptions {
  /** The text of a snapshot file named by a verdict, or undefined when it cannot be read. */
  readonly readSnapshot: (file: string) => string | undefined;
  /** A file as GitHub wants it: relative to the workspace, with forward slashes. */
  readonly displayPath: (file: string) => string;
}

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line. */
export function annotation(
  severity: Severity,
  where: { file?: string; line?: number; title: string },
  message: string,
): string {
  const props: string[] = [];
  if (where.file !== undefined) props.push(`file=${escapeProperty(where.file)}`);
  if (where.line !== undefined) props.push(`line=${where.line}`);
  props.push(`title=${escapeProperty(where.title)}`);
  return `::${COMMAND[severity]} ${props.join(',')}::${escapeData(message)}`;
}

function findingLine(finding: Finding, verdict: Verdict, snapshotText: string | undefined, options: GithubOptions): string {
  const title = `tbt: ${verdict.name}`;
  const message = `${findingPathText(finding)}: ${describeFinding(finding)}`;
  if (verdict.snapshotFile !== undefined && snapshotText !== undefined) {
    const located = locateSnapshotLine(snapshotText, finding.path);
    if (located !== undefined) {
      return annotation(finding.severity, { file: options.displayPath(verdict.snapshotFile), line: located.line, title }, message);
    }
  }
  // No snapshot to point into (a first recording, or unreadable): the test file is the next best place.
  return annotation(finding.severity, { file: options.displayPath(verdict.file), title }, message);
}

function verdictLines(verdict: Verdict, options: GithubOptions): string[] {
  const title = `tbt: ${verdict.name}`;
  // A test Ctrl-C stopped or never started says nothing about the system under test.
  if (verdict.outcome === 'interrupted' || verdict.outcome === 'skipped') return [];
  if (verdict.outcome === 'error') {
    const hint = verdict.error?.hint !== undefined ? `\nhint: ${verdict.error.hint}` : '';
    return [annotation('error', { file: options.displayPath(verdict.file), title }, `could not run: ${verdict.error?.message ?? 'unknown error'}${hint}`)];
  }
  const lines: string[] = [];
  const findings = reportedFindings(verdict, false);
  const snapshotText = verdict.snapshotFile !== undefined && findings.length > 0 ? options.readSnapshot(verdict.snapshotFile) : undefined;
  for (const finding of findings) lines.push(findingLine(finding, verdict, snapshotText, options));
  for (const result of verdict.assertions) {
    if (result.passed) continue;
    const spans = result.spans
      .filter((s) => !s.passed)
      .map((s) => `\n${s.path}: ${s.observed === undefined ? 'no value' : `observed ${formatValue(s.observed)}`}${s.message === undefined ? '' : ` (${s.message})`}`);
    const why = result.message !== undefined ? `\n${result.message}` : '';
    const file = options.displayPath(result.file ?? verdict.file);
    lines.push(annotation('error', { file, ...(result.line !== undefined ? { line: result.line } : {}), title },
      `${result.selector} ${result.assertion} failed${why}${spans.join('')}`));
  }
  return lines;
}

/** The annotations for a run, one per line (empty when everything passed). */
export function renderGithubAnnotations(summary: RunSummary, options: GithubOptions): string {
  const lines = summary.verdicts.flatMap((v) => verdictLines(v, options));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
