// `tbt diff A B` as a library call: two trace files or snapshots, normalized with the config's
// rules and compared with its tolerances, as a verify would compare a run with its snapshot.
import { diffTrees, hasBlockingDrift } from '../diff/index.ts';
import type { CanonicalTree, Finding, NormalizeRules, Verdict } from '../model/index.ts';
import { Canonicalizer, secretRedactor } from '../normalize/index.ts';
import { selectCanonical } from '../query/index.ts';
import { canonicalTreeOf, loadOfflineConfig, offlineSecrets, readInputReportingWarnings, type OfflineOptions } from './offline-inputs.ts';
import { normalizeRulesOf, tolerancesOf } from './run-settings.ts';

export interface FileComparison {
  readonly golden: CanonicalTree;
  readonly current: CanonicalTree;
  readonly findings: readonly Finding[];
  /** Some finding blocks (not suppressed by a tolerance, not info). */
  readonly drifted: boolean;
  /** The comparison as a test's verdict (`A → B`), for the reporters that draw one. */
  readonly verdict: Verdict;
}

/** Compares `golden` (A) with `current` (B); each is a trace file in any supported format or a snapshot. */
export async function compareFiles(golden: string, current: string, options: OfflineOptions): Promise<FileComparison> {
  const config = await loadOfflineConfig(options);
  const rules = normalizeRulesOf(config);
  const tolerances = tolerancesOf(config);
  const [goldenTree, currentTree] = await canonicalInputs(golden, current, rules, offlineSecrets(options, config), options);
  const findings = diffTrees(goldenTree, currentTree, {
    tolerances,
    selectNodes: (selector, tree) => selectCanonical(selector, tree),
  });
  const drifted = hasBlockingDrift(findings);
  const verdict: Verdict = {
    testId: `${golden} → ${current}`,
    name: `${golden} → ${current}`,
    file: golden,
    outcome: drifted ? 'failed' : 'passed',
    findings,
    assertions: [],
    snapshotAction: 'none',
    spanCount: 0,
    timings: {},
    golden: goldenTree,
    current: currentTree,
  };
  return { golden: goldenTree, current: currentTree, findings, drifted, verdict };
}

/**
 * Both files' canonical trees; nothing else of the inputs is kept. One input at a time: the raw
 * spans of A are garbage before B is read, which halves what the heap holds (and the GC walks) on
 * big traces. One canonicalizer for both, since B repeats most of A's values and looks up what A
 * masked; it holds A's values and their masked forms until B is done, and is garbage before the diff.
 */
async function canonicalInputs(golden: string, current: string, rules: NormalizeRules, knownSecrets: readonly string[], options: OfflineOptions): Promise<[CanonicalTree, CanonicalTree]> {
  const canonicalizer = new Canonicalizer(rules, { knownSecrets });
  const redactor = secretRedactor(rules, knownSecrets);
  const goldenTree = canonicalTreeOf(await readInputReportingWarnings(golden, options, redactor), canonicalizer, { last: false });
  const currentTree = canonicalTreeOf(await readInputReportingWarnings(current, options, redactor), canonicalizer);
  return [goldenTree, currentTree];
}
