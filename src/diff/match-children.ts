// Pairs the children of two matched spans. Siblings are multisets keyed by identity: identical
// subtrees pair first (their counts add up, so a repeat is a count change), then same identities,
// then renames (same subtree, new identity). What is left is missing or unexpected.
import type { CanonicalNode } from '../model/index.ts';
import { stableStringify, type TreeIndex } from './tree-index.ts';

export interface ChildPair {
  readonly g: number;
  readonly c: number;
  readonly renamed: boolean;
  /** The counts to compare for this pair, or undefined when another pair of its group carries them. */
  readonly counts?: readonly [before: number, after: number];
}

export interface ChildMatch {
  readonly pairs: ChildPair[];
  readonly missing: number[];
  readonly unexpected: number[];
}

function groupBy(indices: readonly number[], keyOf: (i: number) => number | string): Map<number | string, number[]> {
  const groups = new Map<number | string, number[]>();
  for (const i of indices) {
    const key = keyOf(i);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}

function countOf(index: TreeIndex, i: number): number {
  return (index.nodes[i] as CanonicalNode).count;
}

/** Pairs members of equal keys in sibling order; returns the leftovers of both sides, in order. */
function pairInOrder(
  gs: readonly number[],
  cs: readonly number[],
  keyOfG: (i: number) => number | string,
  keyOfC: (i: number) => number | string,
  onPair: (g: number, c: number) => void,
): { g: number[]; c: number[] } {
  // A cursor per key rather than shift(): a fan-out of 100k look-alike siblings stays linear.
  const byKey = groupBy(cs, keyOfC);
  const cursor = new Map<number | string, number>();
  const used = new Set<number>();
  const restG: number[] = [];
  for (const g of gs) {
    const key = keyOfG(g);
    const candidates = byKey.get(key);
    const at = cursor.get(key) ?? 0;
    const c = candidates?.[at];
    if (c === undefined) {
      restG.push(g);
      continue;
    }
    cursor.set(key, at + 1);
    used.add(c);
    onPair(g, c);
  }
  return { g: restG, c: cs.filter((c) => !used.has(c)) };
}

/** A leaf's rename key: everything but its identity (service, kind, attributes, status). */
function leafKey(node: CanonicalNode): string {
  return `${node.service}\u0000${node.kind}\u0000${stableStringify(node.attributes)}\u0000${node.status.code}\u0000${node.status.message ?? ''}`;
}

export function matchChildren(golden: TreeIndex, current: TreeIndex, gParent: number, cParent: number): ChildMatch {
  const gKids = golden.children[gParent] as readonly number[];
  const cKids = current.children[cParent] as readonly number[];
  const pairs: ChildPair[] = [];

  // 1. Identical subtrees, as multisets: counts summed per shape, compared once per shape.
  const gByShape = groupBy(gKids, (i) => golden.shape[i] as number);
  const cByShape = groupBy(cKids, (i) => current.shape[i] as number);
  const restG: number[] = [];
  const restC: number[] = [];
  for (const [shape, gs] of gByShape) {
    const cs = cByShape.get(shape);
    if (cs === undefined) {
      restG.push(...gs);
      continue;
    }
    const before = gs.reduce((sum, i) => sum + countOf(golden, i), 0);
    const after = cs.reduce((sum, i) => sum + countOf(current, i), 0);
    const n = Math.min(gs.length, cs.length);
    for (let k = 0; k < n; k++) {
      pairs.push({ g: gs[k] as number, c: cs[k] as number, renamed: false, ...(k === 0 ? { counts: [before, after] as const } : {}) });
    }
  }
  for (const c of cKids) if (!gByShape.has(current.shape[c] as number)) restC.push(c);
  restG.sort((a, b) => a - b);

  // 2. Same identity, different content: first those whose own span is unchanged, then in order.
  const add = (g: number, c: number): void => {
    pairs.push({ g, c, renamed: false, counts: [countOf(golden, g), countOf(current, c)] });
  };
  const bySelf = pairInOrder(restG, restC, (i) => golden.self[i] as number, (i) => current.self[i] as number, add);
  const byIdentity = pairInOrder(bySelf.g, bySelf.c, (i) => golden.identity[i] as number, (i) => current.identity[i] as number, add);

  // 3. Renames: the identity changed, the subtree below did not (a leaf: nothing else changed).
  const renameKey = (index: TreeIndex) => (i: number): string => {
    const node = index.nodes[i] as CanonicalNode;
    return node.children.length > 0 ? `B${index.body[i]}` : `L${leafKey(node)}`;
  };
  const rest = pairInOrder(byIdentity.g, byIdentity.c, renameKey(golden), renameKey(current), (g, c) => {
    pairs.push({ g, c, renamed: true, counts: [countOf(golden, g), countOf(current, c)] });
  });
  return { pairs, missing: rest.g, unexpected: rest.c };
}
