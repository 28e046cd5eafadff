// The report stage's public face: reporters that turn verdicts into terminal output, JUnit, JSON,
// Markdown, GitHub annotations and an HTML trace diff. Reporters render; they never decide pass/fail.

/** The hooks a runner drives, and the events' payloads. */
export type { Reporter, RunStartInfo, TestRef, RunPhase, PhaseDetail } from './reporter.ts';
/** Fans one run out to several reporters; `NoopReporter` ignores everything. */
export { MultiReporter, NoopReporter } from './reporter.ts';
/** What `createReporters` is given, and the shape of a named reporter. */
export type { ReporterContext, ReporterDefinition, OutputTarget } from './reporter-definition.ts';
/** The report files a run wrote, shared through ReporterContext so the terminal reporter can name them. */
export { WrittenReports } from './written-reports.ts';
/** The minimal writable stream reporters write to (process.stdout fits). */
export type { OutputStream } from './progress.ts';
/**
 * `createReporters(['pretty', 'junit=out.xml'], context)` builds reporters from `--reporter` values
 * (throws TbtError 'usage' for an unknown name); `parseReporterSpec` parses one value;
 * `REPORTERS` lists the named reporters with their descriptions, for `--help`.
 */
export { createReporters, parseReporterSpec, REPORTERS } from './create-reporters.ts';
export type { ReporterSpec } from './create-reporters.ts';
/** `N passed, N failed[, N skipped]`: the line that ends every run (errors count as failed). */
export { renderSummaryLine } from './summary-line.ts';
/** The terminal reporter, for callers that build it themselves. */
export { PrettyReporter } from './pretty-reporter.ts';
export type { PrettyReporterOptions } from './pretty-reporter.ts';
/** Pure terminal rendering of one verdict, and of the end of a run. */
export { renderVerdictPretty, renderRunEndPretty } from './render-pretty.ts';
export type { PrettyOptions } from './render-pretty.ts';
/** ANSI styles, plain when colour is off. */
export { createStyle } from './style.ts';
export type { Style } from './style.ts';
/** JUnit XML of a run. */
export { renderJunit } from './render-junit.ts';
/** The JSON report (json-report.schema.json) as text or as a value, and its schema version. */
export { renderJson, buildJsonReport, JSON_REPORT_SCHEMA_VERSION } from './render-json.ts';
export type { JsonReport, JsonReportTest, JsonReportFinding, JsonReportAssertion } from './json-report-types.ts';
/** `tbt diff --json`: the findings as a JSON array, each in the JSON report's finding shape. */
export { findingsToJson } from './finding-json.ts';
/** `tbt lint`'s output: the lint report as text (per trace, most severe first, then a summary line) or as JSON. */
export { formatLintText, lintFindingsToJson } from './render-lint.ts';
/** `tbt check`'s output: located problems, then assertion results, then counts; and assertion results alone. */
export { formatCheckReport, formatAssertionResults } from './render-check.ts';
/** `tbt query`'s output: the matched spans' paths with counts, or a JSON array. */
export { formatQueryMatches } from './render-query-matches.ts';
/** Markdown of a run: summary table, then <details> per failed test. */
export { renderMarkdown } from './render-markdown.ts';
/** GitHub Actions annotations of a run; `annotation` formats one workflow command. */
export { renderGithubAnnotations, annotation } from './render-github.ts';
export type { GithubOptions } from './render-github.ts';
/** The line of a span (by its path) in a snapshot file's YAML text. */
export { locateSnapshotLine } from './snapshot-lines.ts';
export type { SnapshotLine } from './snapshot-lines.ts';
/** The self-contained HTML trace diff of a run; `DEFAULT_HTML_REPORT` is where `html` writes without a PATH. */
export { renderHtmlReport } from './reporters/html.ts';
export { DEFAULT_HTML_REPORT } from './reporters/html.ts';
/** Golden and current trees as aligned waterfall rows on one synthetic time axis (an approximation). */
export { buildWaterfall, pairSiblings } from './waterfall-layout.ts';
export type { Waterfall, WaterfallRow, RowSide, DriftClass } from './waterfall-layout.ts';
