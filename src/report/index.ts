// The report stage's public face: reporters that turn verdicts into terminal output, JUnit, JSON,
// Markdown, GitHub annotations and an HTML trace diff. Reporters render; they never decide pass/fail.

/** The hooks a runner drives, and the events' payloads. */
export type { Reporter, RunPhase, PhaseDetail } from './reporter.ts';
/** Fans one run out to several reporters; `NoopReporter` ignores everything. */
export { MultiReporter, NoopReporter } from './reporter.ts';
/**
 * `createReporters(['pretty', 'junit=out.xml'], context)` builds reporters from `--reporter` values
 * (throws TbtError 'usage' for an unknown name).
 */
export { createReporters } from './create-reporters.ts';
/** Pure terminal rendering of one verdict. */
export { renderVerdictPretty } from './render-pretty.ts';
/** ANSI styles, plain when colour is off. */
export { createStyle } from './style.ts';
/** `tbt diff --json`: the findings as a JSON array, each in the JSON report's finding shape. */
export { findingsToJson } from './finding-json.ts';
/** `tbt lint`'s output: the lint report as text (per trace, most severe first, then a summary line) or as JSON. */
export { formatLintText, lintFindingsToJson } from './render-lint.ts';
/** `tbt check`'s output: located problems, then assertion results, then counts; and assertion results alone. */
export { formatCheckReport } from './render-check.ts';
/** `tbt query`'s output: the matched spans' paths with counts, or a JSON array. */
export { formatQueryMatches } from './render-query-matches.ts';
