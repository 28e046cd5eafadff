// Pairs the children of two matched spans. Siblings are multisets keyed by identity: identical
// subtrees pair first (their counts add up, so a repeat is a count change), then same identities,
// then same name with other semantic attributes, then renames (same subtree, new name, service or
// kind). What is left is missing or unexpected.
import type { CanonicalNode } from '../model/index.ts';
import { childrenOf, type CanonicalTreeIndex } from './canonical-tree-index.ts';
import type { ChildMatch, ChildPair } from './child-match.ts';
import { matchUnchangedChildren } from './match-unchanged-children.ts';

export type { ChildMatch, ChildPair } from './child-match.ts';
import { stableStringify } from './stable-stringify.ts';

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

function countOf(index: CanonicalTreeIndex, i: number): number {
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

/** Above this many candidate pairs in one identity group, similarity scoring gives way to order. */
const MAX_SCORED_PAIRS = 256;

function overlap(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const counts = new Map<number, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let shared = 0;
  for (const x of b) {
    const left = counts.get(x) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(x, left - 1);
    }
  }
  return shared / Math.max(a.length, b.length);
}

function attributeOverlap(a: CanonicalNode, b: CanonicalNode): number {
  const keys = new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)]);
  if (keys.size === 0) return 1;
  let same = 0;
  for (const key of keys) if (stableStringify(a.attributes[key]) === stableStringify(b.attributes[key])) same++;
  return same / keys.size;
}

/**
 * Same-identity siblings whose content differs on both sides (say two calls to one route whose
 * children changed): pairs the most alike first, so a change in one does not shuffle the others.
 */
function pairBySimilarity(
  golden: CanonicalTreeIndex,
  current: CanonicalTreeIndex,
  gs: readonly number[],
  cs: readonly number[],
  onPair: (g: number, c: number) => void,
): { g: number[]; c: number[] } {
  const kids = (index: CanonicalTreeIndex, i: number, of: Int32Array): number[] => childrenOf(index, i).map((k) => of[k] as number);
  const scored: Array<{ g: number; c: number; score: number; distance: number }> = [];
  gs.forEach((g, gAt) => {
    cs.forEach((c, cAt) => {
      const score =
        2 * Number(golden.self[g] === current.self[c]) +
        2 * Number(golden.body[g] === current.body[c]) +
        overlap(kids(golden, g, golden.shape), kids(current, c, current.shape)) +
        overlap(kids(golden, g, golden.identity), kids(current, c, current.identity)) +
        attributeOverlap(golden.nodes[g] as CanonicalNode, current.nodes[c] as CanonicalNode);
      scored.push({ g, c, score, distance: Math.abs(gAt - cAt) });
    });
  });
  scored.sort((a, b) => b.score - a.score || a.distance - b.distance || a.g - b.g || a.c - b.c);
  const usedG = new Set<number>();
  const usedC = new Set<number>();
  for (const { g, c } of scored) {
    if (usedG.has(g) || usedC.has(c)) continue;
    usedG.add(g);
    usedC.add(c);
    onPair(g, c);
  }
  return { g: gs.filter((g) => !usedG.has(g)), c: cs.filter((c) => !usedC.has(c)) };
}

export function matchChildren(golden: CanonicalTreeIndex, current: CanonicalTreeIndex, gParent: number, cParent: number): ChildMatch {
  const fast = matchUnchangedChildren(golden, current, gParent, cParent);
  if (fast !== undefined) return fast;
  const gKids = childrenOf(golden, gParent);
  const cKids = childrenOf(current, cParent);
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

  // 2. Same identity, different content: the most similar first when a group is small, else in order.
  const add = (g: number, c: number): void => {
    pairs.push({ g, c, renamed: false, counts: [countOf(golden, g), countOf(current, c)] });
  };
  const byIdentity = { g: [] as number[], c: [] as number[] };
  const gByIdentity = groupBy(restG, (i) => golden.identity[i] as number);
  const cByIdentity = groupBy(restC, (i) => current.identity[i] as number);
  for (const [identity, gs] of gByIdentity) {
    const cs = cByIdentity.get(identity);
    if (cs === undefined) {
      byIdentity.g.push(...gs);
      continue;
    }
    let left: { g: number[]; c: number[] };
    if (gs.length * cs.length <= MAX_SCORED_PAIRS) {
      left = pairBySimilarity(golden, current, gs, cs, add);
    } else {
      const bySelf = pairInOrder(gs, cs, (i) => golden.self[i] as number, (i) => current.self[i] as number, add);
      left = pairInOrder(bySelf.g, bySelf.c, () => 0, () => 0, add);
    }
    byIdentity.g.push(...left.g);
    byIdentity.c.push(...left.c);
  }
  for (const c of restC) if (!gByIdentity.has(current.identity[c] as number)) byIdentity.c.push(c);

  // 2b. Same service, name and kind, other semantic attributes (a new route, an instrumentation
  // that now sets db.system): the same span, whose attribute findings say what changed.
  const loose = (index: CanonicalTreeIndex) => (i: number): string => {
    const node = index.nodes[i] as CanonicalNode;
    return `${node.service}\u0000${node.name}\u0000${node.kind}`;
  };
  const gByLoose = groupBy(byIdentity.g, loose(golden));
  const cByLoose = groupBy(byIdentity.c, loose(current));
  const unpaired = { g: [] as number[], c: [] as number[] };
  for (const [key, gs] of gByLoose) {
    const cs = cByLoose.get(key);
    if (cs === undefined) {
      unpaired.g.push(...gs);
      continue;
    }
    const left = gs.length * cs.length <= MAX_SCORED_PAIRS
      ? pairBySimilarity(golden, current, gs, cs, add)
      : pairInOrder(gs, cs, () => 0, () => 0, add);
    unpaired.g.push(...left.g);
    unpaired.c.push(...left.c);
  }
  for (const [key, cs] of cByLoose) if (!gByLoose.has(key)) unpaired.c.push(...cs);
  unpaired.g.sort((a, b) => a - b);
  unpaired.c.sort((a, b) => a - b);

  // 3. Renames: name, service or kind changed, the subtree below did not (a leaf: nothing else did).
  const renameKey = (index: CanonicalTreeIndex) => (i: number): string => {
    const node = index.nodes[i] as CanonicalNode;
    return node.children.length > 0 ? `B${index.body[i]}` : `L${leafKey(node)}`;
  };
  const rest = pairInOrder(unpaired.g, unpaired.c, renameKey(golden), renameKey(current), (g, c) => {
    pairs.push({ g, c, renamed: true, counts: [countOf(golden, g), countOf(current, c)] });
  });
  return recountRepeats(golden, current, gKids, cKids, pairs, rest.g, rest.c);
}

/**
 * 4. Repeats: a leftover span of a call that did pair is one more (or one fewer) of that call, not
 * a new one: an extra publish that overlapped the first (so its subtree settled differently) is
 * `×1 → ×2`, not `unexpected ×1`. Per such identity, the counts of all its siblings are compared
 * once, on its first pair. When those counts are equal, the leftover is no extra call but one
 * whose subtree changed and was folded into a look-alike sibling (`SELECT` with a child and a bare
 * `SELECT` became a bare `SELECT ×2` when the child was lost): it is paired with that sibling, so
 * that what changed below it is still found.
 */
function recountRepeats(
  golden: CanonicalTreeIndex,
  current: CanonicalTreeIndex,
  gKids: readonly number[],
  cKids: readonly number[],
  pairs: ChildPair[],
  missing: readonly number[],
  unexpected: readonly number[],
): ChildMatch {
  if (missing.length === 0 && unexpected.length === 0) return { pairs, missing, unexpected };
  const paired = new Set<number>();
  for (const pair of pairs) if (!pair.renamed && golden.identity[pair.g] === current.identity[pair.c]) paired.add(golden.identity[pair.g] as number);
  const repeated = new Set<number>();
  for (const g of missing) if (paired.has(golden.identity[g] as number)) repeated.add(golden.identity[g] as number);
  for (const c of unexpected) if (paired.has(current.identity[c] as number)) repeated.add(current.identity[c] as number);
  if (repeated.size === 0) return { pairs, missing, unexpected };
  const total = (index: CanonicalTreeIndex, kids: readonly number[], identity: number): number =>
    kids.reduce((sum, i) => sum + (index.identity[i] === identity ? countOf(index, i) : 0), 0);
  const counted = new Set<number>();
  /** Per repeated identity whose total count did not change, its first pair: where leftovers go. */
  const folded = new Map<number, ChildPair>();
  const recounted = pairs.map((pair): ChildPair => {
    const identity = golden.identity[pair.g] as number;
    if (pair.renamed || !repeated.has(identity) || current.identity[pair.c] !== identity) return pair;
    const { counts: _own, ...rest } = pair;
    if (counted.has(identity)) return rest;
    counted.add(identity);
    const counts = [total(golden, gKids, identity), total(current, cKids, identity)] as const;
    if (counts[0] === counts[1]) folded.set(identity, rest);
    return { ...rest, counts };
  });
  for (const g of missing) {
    const into = folded.get(golden.identity[g] as number);
    if (into !== undefined) recounted.push({ g, c: into.c, renamed: false });
  }
  for (const c of unexpected) {
    const into = folded.get(current.identity[c] as number);
    if (into !== undefined) recounted.push({ g: into.g, c, renamed: false });
  }
  return {
    pairs: recounted,
    missing: missing.filter((g) => !repeated.has(golden.identity[g] as number)),
    unexpected: unexpected.filter((c) => !repeated.has(current.identity[c] as number)),
  };
}
