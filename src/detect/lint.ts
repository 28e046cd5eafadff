// `tbt lint`: the detectors on their own, over trees decoded from trace files, and whether the
// findings fail the run. Pure data: report renders it (render-lint.ts), the CLI reads and writes.
import { formatPath } from '../model/index.ts';
import type { DetectorConfig, DetectorFinding, Severity, SpanTree } from '../model/index.ts';
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
