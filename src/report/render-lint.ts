// `tbt lint`'s output: the detectors' findings per trace as text a person reads, or as JSON.
// detect decides the findings and whether they fail the run; this only renders them.
import { formatPath, formatPathToRead, type DetectorFinding, type JsonValue } from '../model/index.ts';
import type { LintReport } from '../detect/index.ts';

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
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.kind.padEnd(14)} ${finding.path.length === 0 ? '(trace)' : formatPathToRead(finding.path)}`);
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
