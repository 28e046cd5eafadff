// The line that ends every run, `N passed, N failed` (`, N skipped` when some were), which CI
// reads.
import type { RunSummary } from '../model/index.ts';

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
