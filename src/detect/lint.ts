// `tbt lint`: the detectors on their own, over trees decoded from trace files, and the text and
// JSON the command prints. Pure: the CLI reads the files and writes the output.
import { formatPath } from '../model/index.ts';
import type { DetectorConfig, DetectorFinding, JsonValue, Severity, SpanTree } from '../model/index.ts';
import { runDetectors } from './registry.ts';

export interface LintInput {
  /** The file the tree came from, as the user named it. */
  readonly file: string;
  readonly tree: SpanTree;
}

export interface LintResult {
  readonly file: string;
  readonly traceId: string;
  readonly spanCount: number;
  /** Most severe first, then by path. */
  readonly findings: readonly DetectorFinding[];
}

export interface LintReport {
  readonly results: readonly LintResult[];
  readonly counts: Readonly<Record<Severity, number>>;
}

/** `--fail-on`: the least severe finding that fails the run; `none` never fails. */
export type LintFailOn = Severity | 'none';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Runs the detectors on every tree (a file may hold several traces). */
export function lintTrees(inputs: readonly LintInput[], config: DetectorConfig): LintReport {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const results = inputs.map((input): LintResult => {
    const findings = runDetectors(input.tree, config).sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compare(formatPath(a.path), formatPath(b.path)) || compare(a.key, b.key),
    );
    for (const finding of findings) counts[finding.severity] += 1;
    return { file: input.file, traceId: input.tree.traceId, spanCount: input.tree.spanCount, findings };
  });
  return { results, counts };
}

/** True when a finding at `failOn` severity or worse was found: the exit code is then 1. */
export function lintFailed(report: LintReport, failOn: LintFailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITY_RANK[failOn];
  return (Object.keys(report.counts) as Severity[]).some((severity) => SEVERITY_RANK[severity] <= threshold && report.counts[severity] > 0);
}

/**
 * The findings as a person reads them: per trace, most severe first, each with its path and its
 * diagnosis, then one summary line (`1 error, 2 warnings, 1 info in 3 traces`).
 */
export function formatLintText(report: LintReport): string {
  const lines: string[] = [];
  for (const result of report.results) {
    const header = `${result.file} (trace ${result.traceId}, ${result.spanCount} span${result.spanCount === 1 ? '' : 's'})`;
    if (result.findings.length === 0) {
      lines.push(`${header}: no findings`);
      continue;
    }
    lines.push(header);
    for (const finding of result.findings) {
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.kind.padEnd(14)} ${finding.path.length === 0 ? '(trace)' : formatPath(finding.path)}`);
      lines.push(`  ${' '.repeat(22)} ${finding.message}`);
    }
  }
  const { error, warning, info } = report.counts;
  const traces = report.results.length;
  lines.push(
    `${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info ` +
      `in ${traces} trace${traces === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The report as JSON (`tbt lint --json`): per trace, each finding's rule, severity, parent path,
 * call, count and durations, plus its message and stable key.
 */
export function lintFindingsToJson(report: LintReport): JsonValue {
  return {
    results: report.results.map((result) => ({
      file: result.file,
      traceId: result.traceId,
      spanCount: result.spanCount,
      findings: result.findings.map(findingToJson),
    })),
    counts: { ...report.counts },
  };
}

function findingToJson(finding: DetectorFinding): JsonValue {
  const evidence = finding.evidence;
  const segment = (value: { service: string; name: string }): JsonValue => ({ service: value.service, name: value.name });
  const json: Record<string, JsonValue> = {
    rule: finding.kind,
    severity: finding.severity,
    path: formatPath(finding.path),
    pathSegments: finding.path.map(segment),
    message: finding.message,
    key: finding.key,
  };
  if (evidence.call !== undefined) json.call = evidence.call;
  if (evidence.span !== undefined) json.span = segment(evidence.span);
  const numbers = ['count', 'distinct', 'redundant', 'retries', 'overlappingPairs', 'sumMs', 'wallMs', 'places', 'beforeMs', 'afterMs'] as const;
  for (const name of numbers) {
    const value = evidence[name];
    if (value !== undefined) json[name] = value;
  }
  if (evidence.error !== undefined) json.error = evidence.error;
  if (evidence.surfacesAt !== undefined) json.surfacesAt = formatPath(evidence.surfacesAt);
  return json;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
