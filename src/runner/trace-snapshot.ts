// A snapshot made offline from a trace file (`tbt show --snapshot`): the way to turn a production
// trace into a golden. The same normalization and detector keys as `tbt record`, without a run.
import path from 'node:path';
import { runDetectors } from '../detect/index.ts';
import type { DetectorConfig, NormalizeRules, Snapshot } from '../model/index.ts';
import { Canonicalizer, normalizeFingerprint, textMasker } from '../normalize/index.ts';
import { canonicalTreeOfTrees, spanTreesOf, type OfflineInput } from './offline-inputs.ts';

/** The test id a trace file's snapshot gets: its base name without the trace extensions. */
export function snapshotIdForTraceFile(file: string): string {
  return path.basename(file).replace(/(\.(json|jsonl|ndjson|pb|binpb|bin|proto|protobuf|otlp|jaeger|zipkin|trace|new|ya?ml))+$/i, '') || 'trace';
}

/**
 * The snapshot of a trace input: header (id and test from the file name, trigger `trace file …`,
 * the rules' fingerprint, the detectors' finding keys, masked as `record` masks them) and tree.
 * A snapshot input is returned as it is, with its tree.
 */
export function snapshotOfInput(input: OfflineInput, rules: NormalizeRules, detectors: DetectorConfig, knownSecrets: readonly string[] = []): Snapshot {
  const id = snapshotIdForTraceFile(input.file);
  const mask = textMasker(rules, knownSecrets);
  const keys = new Set<string>();
  // Each trace's tree is built once, for the detectors and for the canonical tree (as canonicalTreeOf).
  const trees = spanTreesOf(input);
  for (const tree of trees) for (const finding of runDetectors(tree, detectors)) keys.add(mask(finding.key));
  const roots = input.kind === 'snapshot' ? input.canonical.roots : canonicalTreeOfTrees(trees, new Canonicalizer(rules, { knownSecrets })).roots;
  return {
    id,
    test: id,
    file: input.file,
    trigger: `trace file ${path.basename(input.file)}`,
    normalize: normalizeFingerprint(rules),
    detectorFindings: input.kind === 'snapshot' ? input.detectorFindingKeys : [...keys].sort(),
    tree: { roots },
  };
}
