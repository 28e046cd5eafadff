// The rules that run on one raw span tree, in report order, and the function that runs them.
// Slowness locus is not here: it compares two runs (see slowness-locus.ts, explain-drift.ts).
import type { DetectorConfig, DetectorFinding, SpanTree } from '../model/index.ts';
import { duplicateCallDetector } from './duplicate-call.ts';
import { fanOutDetector } from './fan-out.ts';
import { newErrorDetector } from './new-error.ts';
import { nPlusOneDetector } from './n-plus-one.ts';
import { retryDetector } from './retry.ts';
import type { TreeDetector } from './tree-detector.ts';
import { indexTree } from './tree-index.ts';

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
  const index = indexTree(tree);
  return active.flatMap((detector) => detector.run(index, config));
}
