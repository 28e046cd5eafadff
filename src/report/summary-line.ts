// The line that ends every run, `N passed, N failed` (`, N skipped` when some were), which CI
// reads, plus the count of verdicts into a summary.
import type { RunSummary, Verdict } from '../model/index.ts';

/**
 * `3 passed, 1 failed`, or `3 passed, 1 failed, 2 skipped`. Tests that could not run count as
 * failed here; reports give the detail on a line of their own.
 */
export function renderSummaryLine(summary: Pick<RunSummary, 'passed' | 'failed' | 'errored' | 'skipped'>): string {
  const line = `${summary.passed} passed, ${summary.failed + summary.errored} failed`;
  return summary.skipped !== undefined && summary.skipped > 0 ? `${line}, ${summary.skipped} skipped` : line;
}

/** Counts verdicts by outcome. */
export function countOutcomes(verdicts: readonly Verdict[]): { passed: number; failed: number; errored: number } {
  let passed = 0;
  let failed = 0;
  let errored = 0;
  for (const verdict of verdicts) {
    if (verdict.outcome === 'passed') passed += 1;
    else if (verdict.outcome === 'failed') failed += 1;
    else errored += 1;
  }
  return { passed, failed, errored };
}
