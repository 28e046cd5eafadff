// The line that ends every run, `N passed, N failed` (`, N skipped` when some were), which CI
// reads, plus the count of verdicts into a summary.
import type { RunSummary, Verdict } from '../model/index.ts';

/**
 * `3 passed, 1 failed`, or `3 passed, 1 failed, 1 interrupted, 2 skipped`. Tests that could not
 * run count as failed here; reports give the detail on a line of their own.
 */
export function renderSummaryLine(summary: Pick<RunSummary, 'passed' | 'failed' | 'errored' | 'skipped' | 'interrupted'>): string {
  let line = `${summary.passed} passed, ${summary.failed + summary.errored} failed`;
  if (summary.interrupted !== undefined && summary.interrupted > 0) line += `, ${summary.interrupted} interrupted`;
  if (summary.skipped !== undefined && summary.skipped > 0) line += `, ${summary.skipped} skipped`;
  return line;
}

/** Counts verdicts by outcome. */
export function countOutcomes(verdicts: readonly Verdict[]): { passed: number; failed: number; errored: number; interrupted: number; skipped: number } {
  const counts = { passed: 0, failed: 0, errored: 0, interrupted: 0, skipped: 0 };
  for (const verdict of verdicts) {
    if (verdict.outcome === 'error') counts.errored += 1;
    else counts[verdict.outcome] += 1;
  }
  return counts;
}
