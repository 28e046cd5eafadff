// The JSON report: a stable, versioned document (schema in json-report.schema.json) holding tests,
// findings, assertion results and timings. Canonical trees are left out: they belong to snapshots.
import type { AssertionResult, RunSummary, Verdict } from '../model/index.ts';
import { findingJson, opt } from './finding-json.ts';
import { totalMs } from './finding-text.ts';
import type { JsonReport, JsonReportAssertion, JsonReportTest } from './json-report-types.ts';

/** Bumped on any change that could break a reader; additions of optional fields keep it. */
export const JSON_REPORT_SCHEMA_VERSION: JsonReport['schemaVersion'] = 1;

function assertionJson(result: AssertionResult): JsonReportAssertion {
  return {
    selector: result.selector,
    assertion: result.assertion,
    passed: result.passed,
    ...opt('message', result.message),
    ...opt('file', result.file),
    ...opt('line', result.line),
    spans: result.spans.map((s) => ({
      path: s.path,
      passed: s.passed,
      ...opt('observed', s.observed),
      ...opt('message', s.message),
    })),
  };
}

function testJson(verdict: Verdict): JsonReportTest {
  const error = verdict.error;
  return {
    id: verdict.testId,
    name: verdict.name,
    file: verdict.file,
    outcome: verdict.outcome,
    ...opt('error', error === undefined ? undefined : { message: error.message, ...opt('hint', error.hint) }),
    snapshot: { ...opt('file', verdict.snapshotFile), action: verdict.snapshotAction },
    spanCount: verdict.spanCount,
    durationMs: totalMs(verdict.timings),
    timings: { ...verdict.timings },
    findings: verdict.findings.map(findingJson),
    assertions: verdict.assertions.map(assertionJson),
    ...opt('confirm', verdict.confirm === undefined ? undefined : { ...verdict.confirm }),
    ...opt('learnedFrom', verdict.learnedFrom),
    ...opt('notRecorded', verdict.notRecorded),
  };
}

/** The JSON report as a value (for library users), see json-report.schema.json. */
export function buildJsonReport(summary: RunSummary): JsonReport {
  return {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: 'tbt',
    ...opt('startedAt', summary.startedAt),
    durationMs: summary.durationMs,
    ...opt('servicesStartMs', summary.servicesStartMs),
    summary: {
      total: summary.verdicts.length,
      passed: summary.passed,
      failed: summary.failed,
      errored: summary.errored,
      interrupted: summary.interrupted ?? 0,
      skipped: summary.skipped ?? 0,
    },
    obsoleteSnapshots: [...summary.obsoleteSnapshots],
    writtenFiles: [...summary.writtenFiles],
    tests: summary.verdicts.map(testJson),
  };
}

/** The JSON report as text, two-space indented, ending in a newline. */
export function renderJson(summary: RunSummary): string {
  return `${JSON.stringify(buildJsonReport(summary), null, 2)}\n`;
}
