// The matching a diff found, handed to the stages that compare a span with its golden self
// (detect's slowness locus, report's waterfall) so that they do not match the trees again.
import type { CanonicalNode, SpanMatching } from '../model/index.ts';

/**
 * The pairs of `partnerC` (current index → golden index, -1 when unmatched; index 0 is the virtual
 * root) as a SpanMatching. The node map is built on first use: most callers of diffTrees only
 * want the findings, and a 100k-span diff should not pay for a map it never reads. Until then it
 * keeps only the two node lists and the partners, not the diff's indexes: a verdict holds it
 * until the reports are written.
 */
export function spanMatchingOf(goldenNodes: readonly CanonicalNode[], currentNodes: readonly CanonicalNode[], partnerC: Int32Array): SpanMatching {
  let goldenOf: Map<CanonicalNode, CanonicalNode> | undefined;
  const build = (): Map<CanonicalNode, CanonicalNode> => {
    const map = new Map<CanonicalNode, CanonicalNode>();
    for (let c = 1; c < partnerC.length; c++) {
      const g = partnerC[c] as number;
      if (g >= 0) map.set(currentNodes[c] as CanonicalNode, goldenNodes[g] as CanonicalNode);
    }
    return map;
  };
  return { goldenOf: (node) => (goldenOf ??= build()).get(node) };
}
