// The diff stage: matches a golden canonical tree with the current one and lists the drift as
// Finding values, within tolerances. Pure: no I/O, no clock, no printing.
import type { CanonicalTree, Finding } from '../model/index.ts';
import { diffTrees as diffUnsorted, type DiffOptions, type TreeDiff } from './diff-trees.ts';
import { sortFindings } from './sort-findings.ts';

export type { TreeDiff } from './diff-trees.ts';
export type { SpanMatching } from '../model/index.ts';
export type { Tolerances } from '../model/index.ts';

/**
 * Every drift between `golden` and `current`, most important first (see `sortFindings`).
 * Drift that a tolerance lets pass is still returned, with `suppressed: true`. Tolerance rules
 * need `options.selectNodes`; diffTrees throws (a wiring bug) when rules come without it.
 * Runs in O(n log n) in the number of spans, and never recurses, so deep trees are fine.
 */
export function diffTrees(golden: CanonicalTree, current: CanonicalTree, options: DiffOptions): Finding[] {
  return diffTreesWithMatching(golden, current, options).findings;
}

/**
 * `diffTrees`, with the matching its findings were judged on: which golden span was paired with
 * which current one (by identity, rename or move). Stages that compare a span with its golden
 * self (detect's slowness locus) take these pairs instead of matching the trees again.
 */
export function diffTreesWithMatching(golden: CanonicalTree, current: CanonicalTree, options: DiffOptions): TreeDiff {
  const { findings, matching } = diffUnsorted(golden, current, options);
  return { findings: sortFindings(findings), matching };
}

/**
 * Sorts the findings of one test most important first: unsuppressed before suppressed; then
 * structure and status (response, status, missing, unexpected, count, moved, renamed, and the
 * detectors' structural diagnoses), attributes, order, durations; then by path, parents first.
 */
export { sortFindings } from './sort-findings.ts';

/** True when some finding is not suppressed and has severity error or warning: the test fails. */
export function hasBlockingDrift(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.suppressed !== true && finding.severity !== 'info');
}

/**
 * Keeps golden durations where they did not drift, so a rewritten snapshot's diff stays small;
 * `differsOnlyInConcurrency` tells a rewrite that would only mark siblings concurrent.
 */
export { carryOverDurations, differsOnlyInConcurrency } from './carry-over-durations.ts';

/**
 * Learning from several recorded runs: merges their canonical trees into one golden tree in
 * which what varied is optional, a range or a mask, written down in each node's `learned` facts.
 */
export { mergeRuns } from './merge-runs.ts';

/** `count: exact`, `duration: ×3 + 50ms`, no attribute tolerances, no rules. */
export { DEFAULT_TOLERANCES } from './resolve-tolerances.ts';

/**
 * Validates a `tolerances:` section (config or test file; YAML shape in src/model/tolerance.ts)
 * and merges it over `base`. Throws TbtError('config') naming the bad key, located at `where`.
 */
export { resolveTolerances } from './resolve-tolerances.ts';

