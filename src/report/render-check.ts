// `tbt check`'s output: each test file problem at file:line:column, then each test's assertion
// results against a recorded trace, then a count. testfile and query produce the data (a
// CheckReport, AssertionResults with their messages); this only renders it.
import { formatLocation, type AssertionResult } from '../model/index.ts';
import type { CheckReport } from '../testfile/index.ts';

/** `file:line:column: message` per problem, then each test's assertion results, then a summary. */
export function formatCheckReport(report: CheckReport): string {
  const lines: string[] = [];
  for (const problem of report.problems) {
    const where = formatLocation({ file: problem.file, ...(problem.line !== undefined ? { line: problem.line } : {}), ...(problem.column !== undefined ? { column: problem.column } : {}) });
    lines.push(`${where}: ${problem.message}`);
    if (problem.hint) lines.push(...problem.hint.split('\n').map((line) => `    ${line}`));
  }
  for (const test of report.tests) {
    if (test.assertions.length === 0) continue;
    lines.push(`${test.name} (${test.file})`);
    lines.push(...formatAssertionResults(test.assertions).trimEnd().split('\n').map((line) => `  ${line}`));
  }
  const problemCount = report.problems.length;
  lines.push(`${report.files} file${report.files === 1 ? '' : 's'}, ${report.tests.length} test${report.tests.length === 1 ? '' : 's'}, ${problemCount} problem${problemCount === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Plain-text rendering of assertion results for `tbt check --trace`: each failure with its spec's
 * name, selector, assertion and line, why it failed, and each failing span's path and observed
 * value. Passing results take one line each.
 */
export function formatAssertionResults(results: readonly AssertionResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const where = result.file ? `  (${result.file}${result.line !== undefined ? `:${result.line}` : ''})` : '';
    const name = result.specName ? `${result.specName}: ` : '';
    lines.push(`${result.passed ? '✓' : '✗'} ${name}${result.selector || '""'}  ${result.assertion}${result.passed ? '' : where}`);
    if (result.passed) continue;
    if (result.message) lines.push(...result.message.split('\n').map((line) => `    ${line}`));
    for (const span of result.spans) {
      if (span.passed) continue;
      const observed = span.observed === undefined ? 'no value' : `observed ${JSON.stringify(span.observed)}`;
      lines.push(`    ${span.path}: ${observed}${span.message ? `  (${span.message})` : ''}`);
    }
  }
  const failed = results.filter((result) => !result.passed).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
