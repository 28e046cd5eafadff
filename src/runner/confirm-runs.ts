// Confirm runs: a busy machine can make a test slower, never make it fail alone. A test whose only
// failures are about durations is run again and judged on its fastest run. Pure decisions; the
// runs themselves are made by run-test.ts.
import type { AssertionResult, CanonicalTree, ConfirmRuns, Finding } from '../model/index.ts';

/** Finding kinds that only say "slower": a duration beyond tolerance, and where the time went. */
const DURATION_KINDS: ReadonlySet<Finding['kind']> = new Set(['duration-exceeded', 'slowness-locus']);

/** An assertion over time: `attr:tracetest.span.duration < 100ms`, `sum(…duration) < 250ms`. */
function isAboutDuration(assertion: AssertionResult): boolean {
  return /duration/i.test(assertion.assertion);
}

/** What a judged run says about confirming: enough of a Judgement to decide. */
export interface JudgedRun {
  readonly findings: readonly Finding[];
  readonly assertions: readonly AssertionResult[];
  readonly canonical: CanonicalTree;
  readonly failed: boolean;
}

/** True when the run failed, and every reason it failed is about durations. */
export function failsOnDurationsAlone(run: JudgedRun): boolean {
  if (!run.failed) return false;
  const blocking = run.findings.filter((finding) => finding.suppressed !== true && finding.severity !== 'info');
  const failedAssertions = run.assertions.filter((assertion) => !assertion.passed);
  return blocking.every((finding) => DURATION_KINDS.has(finding.kind)) && failedAssertions.every(isAboutDuration);
}

/** How long a run took: its slowest root span (the trigger, for tbt's own root). */
export function runDurationMs(tree: CanonicalTree): number {
  return tree.roots.reduce((most, root) => Math.max(most, root.durationMs), 0);
}

/**
 * The run to judge the test on, among the first run and its confirm runs: the fastest passing
 * one if any passed, else the fastest that failed on durations alone (structural drift in a
 * confirm run is never what a test is judged on: the first run has none). When none passed, a
 * span is slow only if it was slow in every run: its finding in the judged run stays, the others
 * pass as `faster in another run`. Also the line that says what the confirm runs showed.
 */
export function pickConfirmed<T extends JudgedRun>(first: T, confirms: readonly T[]): { judged: T; findings: readonly Finding[]; failed: boolean; confirm: ConfirmRuns } {
  const all = [first, ...confirms];
  const fastest = (runs: readonly T[]): T | undefined =>
    runs.reduce<T | undefined>((best, run) => (best === undefined || runDurationMs(run.canonical) < runDurationMs(best.canonical) ? run : best), undefined);
  const passing = fastest(all.filter((run) => !run.failed));
  const slowRuns = all.filter(failsOnDurationsAlone);
  const judged = passing ?? fastest(slowRuns) ?? first;
  const slowEverywhere = (finding: Finding): boolean =>
    slowRuns.every((run) => run.findings.some((other) => other.key === finding.key && other.suppressed !== true));
  const findings = passing !== undefined
    ? judged.findings
    : judged.findings.map((finding) =>
      DURATION_KINDS.has(finding.kind) && finding.suppressed !== true && !slowEverywhere(finding)
        ? { ...finding, suppressed: true, tolerance: 'faster in another run' }
        : finding);
  const failed = findings.some((finding) => finding.suppressed !== true && finding.severity !== 'info') || judged.assertions.some((assertion) => !assertion.passed);
  const more = `${confirms.length} more run${confirms.length === 1 ? '' : 's'}`;
  const structural = confirms.some((run) => run.failed && !failsOnDurationsAlone(run)) ? '; a confirm run also drifted in structure' : '';
  const summary = passing !== undefined
    ? `confirmed: ${more}, fastest passed (the first run was slow, not wrong)${structural}`
    : failed
      ? `confirmed: ${more}, fastest still failed on durations${structural}`
      : `confirmed: ${more}, no span was slow in every run (the slowness was load)${structural}`;
  return { judged, findings, failed, confirm: { runs: confirms.length, passed: !failed, summary } };
}
