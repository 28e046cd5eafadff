// The line that ends every run, `N passed, N failed` (`, N skipped` when some were), which CI
// reads.
import type { RunSummary } from '../model/index.ts';

/**
 * `3 passed, 1 failed`, or `3 passed, 1 failed, 1 interrupted, 2 skipped`. Tests that could not
 * run count as failed here; reports give the detail on a line of their own.
 */
export function renderSummaryLine(summary: Pick<RunSummary, 'passed' | 'failed' | 'errored' | 'skipped' | 'interrupted'> & { readonly obsoleteSnapshots?: readonly string[] }): string {
  let line = `${summary.passed} passed, ${summary.failed + summary.errored} failed`;
  if (summary.interrupted !== undefined && summary.interrupted > 0) line += `, ${summary.interrupted} interrupted`;
  if (summary.skipped !== undefined && summary.skipped > 0) line += `, ${summary.skipped} skipped`;
  // They fail a CI run whose tests all passed: the last line says so, not only a line above it.
  const obsolete = summary.obsoleteSnapshots?.length ?? 0;
  if (obsolete > 0) line += `, ${obsolete} obsolete snapshot${obsolete === 1 ? '' : 's'}`;
  return line;
}
