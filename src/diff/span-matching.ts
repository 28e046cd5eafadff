// The matching a diff found, handed to the stages that compare a span with its golden self
// (detect's slowness locus, report's waterfall) so that they do not match the trees again.
import type { CanonicalNode, SpanMatching } from '../model/index.ts';

/**
 * The pairs of `partnerC` (current index → golden index, -1 when unmatched; index 0 is the virtual
 * root) as a SpanMatching. The node maps are built on first use: most callers of diffTrees only
 * want the findings, and a 100k-span diff should not pay for two maps it never reads. It keeps
 * only the two node lists and the partners, not the diff's indexes: a verdict holds it until the
 * reports are written.
 */
export function spanMatchingOf(goldenNodes: readonly CanonicalNode[], currentNodes: readonly CanonicalNode[], partnerC: Int32Array): SpanMatching {
  let maps: { goldenOf: Map<CanonicalNode, CanonicalNode>; currentOf: Map<CanonicalNode, CanonicalNode> } | undefined;
  const build = (): NonNullable<typeof maps> => {
    const goldenOf = new Map<CanonicalNode, CanonicalNode>();
    const currentOf = new Map<CanonicalNode, CanonicalNode>();
    for (let c = 1; c < partnerC.length; c++) {
      const g = partnerC[c] as number;
      if (g < 0) continue; // unmatched
      const gNode = goldenNodes[g] as CanonicalNode;
      const cNode = currentNodes[c] as CanonicalNode;
      goldenOf.set(cNode, gNode);
      currentOf.set(gNode, cNode);
    }
    return { goldenOf, currentOf };
  };
  return {
    goldenOf: (node) => (maps ??= build()).goldenOf.get(node),
    currentOf: (node) => (maps ??= build()).currentOf.get(node),
  };
}
