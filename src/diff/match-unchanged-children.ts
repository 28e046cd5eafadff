// The fast paths of matching children, for chains and unchanged fan-outs, which are nearly every
// parent of a trace without drift: no map, set or list of children per parent.
import { childCount, type CanonicalTreeIndex } from './canonical-tree-index.ts';
import type { ChildMatch, ChildPair } from './child-match.ts';

const NONE: readonly number[] = [];

function countOf(index: CanonicalTreeIndex, i: number): number {
  return index.count[i] as number;
}

/**
 * Fast paths, for chains and unchanged fan-outs (the general case allocates maps per parent): a
 * lone child of the same identity on each side, or children of the same shapes in the same order,
 * all distinct (repeated shapes need their counts summed by the general path). Children are
 * walked in place: no list of them is made. Undefined when neither applies.
 */
export function matchUnchangedChildren(golden: CanonicalTreeIndex, current: CanonicalTreeIndex, gParent: number, cParent: number): ChildMatch | undefined {
  const count = childCount(golden, gParent);
  if (count !== childCount(current, cParent)) return undefined;
  if (count === 1) {
    const g = gParent + 1;
    const c = cParent + 1;
    if (golden.identity[g] !== current.identity[c]) return undefined;
    return { pairs: [{ g, c, renamed: false, counts: [countOf(golden, g), countOf(current, c)] }], missing: NONE, unexpected: NONE };
  }
  for (let k = 0, g = gParent + 1, c = cParent + 1; k < count; k++, g += golden.size[g] as number, c += current.size[c] as number) {
    if (golden.shape[g] !== current.shape[c]) return undefined;
  }
  if (!distinctShapes(golden, gParent, count)) return undefined;
  const pairs: ChildPair[] = new Array(count);
  for (let k = 0, g = gParent + 1, c = cParent + 1; k < count; k++, g += golden.size[g] as number, c += current.size[c] as number) {
    pairs[k] = { g, c, renamed: false, counts: [countOf(golden, g), countOf(current, c)] };
  }
  return { pairs, missing: NONE, unexpected: NONE };
}

/** Up to this many children, distinct shapes are told by comparing each pair: no set is made. */
const MAX_SHAPES_COMPARED_PAIRWISE = 16;

/** True when node i's `count` children have pairwise distinct shapes. */
function distinctShapes(index: CanonicalTreeIndex, i: number, count: number): boolean {
  if (count > MAX_SHAPES_COMPARED_PAIRWISE) {
    const shapes = new Set<number>();
    for (let k = 0, child = i + 1; k < count; k++, child += index.size[child] as number) shapes.add(index.shape[child] as number);
    return shapes.size === count;
  }
  for (let k = 1, child = i + 1 + (index.size[i + 1] as number); k < count; k++, child += index.size[child] as number) {
    const shape = index.shape[child] as number;
    for (let other = i + 1; other < child; other += index.size[other] as number) if (index.shape[other] === shape) return false;
  }
  return true;
}
