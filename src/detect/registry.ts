// The rules that run on one raw span tree, in report order, and the function that runs them.
// Slowness locus is not here: it compares two runs (see slowness-locus.ts, explain-drift.ts).
import type { DetectorConfig, DetectorFinding, SpanTree } from '../model/index.ts';
import { duplicateCallDetector } from './duplicate-call.ts';
import { fanOutDetector } from './fan-out.ts';
import { newErrorDetector } from './new-error.ts';
import { nPlusOneDetector } from './n-plus-one.ts';
import { retryDetector } from './retry.ts';
import type { TreeDetector } from './tree-detector.ts';
import { indexCalls } from './call-index.ts';

export const TREE_DETECTORS: readonly TreeDetector[] = [
  newErrorDetector,
  nPlusOneDetector,
  duplicateCallDetector,
  retryDetector,
  fanOutDetector,
];

/** Runs every enabled rule on one tree. Deterministic: the order follows the tree and the registry. */
export function runDetectors(tree: SpanTree, config: DetectorConfig): DetectorFinding[] {
  const active = TREE_DETECTORS.filter((detector) => detector.enabled(config));
  if (active.length === 0) return [];
  const index = indexCalls(tree);
  return mergeSameKey(active.flatMap((detector) => detector.run(index, config)));
}

/**
 * One finding per key: when a loop repeats the parent, the same diagnosis at the same path is
 * reported once, with the number of places, instead of once per iteration.
 */
function mergeSameKey(findings: readonly DetectorFinding[]): DetectorFinding[] {
  const byKey = new Map<string, { first: DetectorFinding; places: number }>();
  for (const finding of findings) {
    const seen = byKey.get(finding.key);
    if (seen) seen.places += 1;
    else byKey.set(finding.key, { first: finding, places: 1 });
  }
  return [...byKey.values()].map(({ first, places }) =>
    places === 1
      ? first
      : { ...first, message: `${first.message} (and at ${places - 1} more parent${places === 2 ? '' : 's'} with this path)`, evidence: { ...first.evidence, places } },
  );
}
