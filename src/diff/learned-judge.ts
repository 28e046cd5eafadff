// How diff honours what recording learned: a count inside a learned range, a missing optional
// span, and a value that fits its learned mask pass, and the finding says what absorbed it.
import type { AttributeValue, CanonicalNode } from '../model/index.ts';
import type { Judged } from './apply-tolerances.ts';
import { fitsMask } from './learned-mask.ts';

/** `×2..3` for a learned range, else `×2`: how a golden count reads in a message. */
export function countLabel(node: CanonicalNode): string {
  return node.minCount === undefined ? `×${node.count}` : `×${node.minCount}..${node.count}`;
}

/** Passes `after` when it lies in the golden span's learned count range. */
export function judgeLearnedCount(golden: CanonicalNode, after: number): Judged | undefined {
  const min = golden.minCount;
  if (min === undefined || after < min || after > golden.count) return undefined;
  const facts = golden.learned;
  const learned = after === 0 && facts?.seen !== undefined
    ? `seen ${facts.seen}`
    : facts?.counts !== undefined
      ? `counts [${facts.counts.join(', ')}]`
      : `count ${min}..${golden.count}`;
  return { suppressed: true, tolerance: `learned ${min}..${golden.count}`, learned };
}

/** Passes a changed value of a masked attribute when it fits the learned mask. */
export function judgeLearnedAttribute(golden: CanonicalNode, key: string, after: AttributeValue | undefined): Judged | undefined {
  const masked = golden.learned?.masked;
  if (masked === undefined || !Object.hasOwn(masked, key) || !Object.hasOwn(golden.attributes, key)) return undefined;
  if (!fitsMask(golden.attributes[key] as AttributeValue, after)) return undefined;
  return { suppressed: true, tolerance: 'learned mask', learned: `masked: ${masked[key] ?? ''}` };
}
