// Finds siblings whose order reversed: golden said "a ran strictly before b", current says "b ran
// strictly before a". Concurrent siblings never count. O(k log k) per parent, via a longest
// non-decreasing subsequence: whatever falls outside it is out of order.
import type { ChildPair } from './match-children.ts';
import type { CanonicalTreeIndex } from './canonical-tree-index.ts';

export interface OrderChange {
  readonly pair: ChildPair;
  /** A sibling it swapped places with. */
  readonly witness: ChildPair;
  /** Where `pair` now runs relative to `witness` (the golden run had the opposite). */
  readonly now: 'before' | 'after';
}

export function checkOrder(pairs: readonly ChildPair[], golden: CanonicalTreeIndex, current: CanonicalTreeIndex): OrderChange[] {
  return pairs.length < 2 || inOrder(pairs, golden, current) ? [] : orderChanges(pairs, golden, current);
}

/** checkOrder without its shortcut for pairs listed in order: what that shortcut must agree with. */
export function orderChanges(pairs: readonly ChildPair[], golden: CanonicalTreeIndex, current: CanonicalTreeIndex): OrderChange[] {
  if (pairs.length < 2) return [];
  const pg = (p: ChildPair): number => golden.phase[p.g] as number;
  const pc = (p: ChildPair): number => current.phase[p.c] as number;
  // Golden order; inside one golden phase the order is no fact, so take the current one there.
  const seq = [...pairs].sort((a, b) => pg(a) - pg(b) || pc(a) - pc(b) || a.c - b.c);
  const n = seq.length;
  const values = seq.map(pc);

  // Patience sorting for the longest non-decreasing run of current phases.
  const tails: number[] = [];
  const back = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  if (tails.length === n) return [];
  const kept = new Uint8Array(n);
  for (let i = tails[tails.length - 1] as number; i >= 0; i = back[i] as number) kept[i] = 1;

  // For each golden phase boundary: the latest-running earlier sibling and earliest later one.
  const prefixMax = new Int32Array(n);
  const suffixMin = new Int32Array(n);
  let best = -1;
  for (let i = 0, start = 0; i < n; i++) {
    if (i > 0 && pg(seq[i] as ChildPair) !== pg(seq[i - 1] as ChildPair)) {
      for (let k = start; k < i; k++) if (best < 0 || (values[k] as number) > (values[best] as number)) best = k;
      start = i;
    }
    prefixMax[i] = best;
  }
  best = -1;
  for (let i = n - 1, end = n - 1; i >= 0; i--) {
    if (i < n - 1 && pg(seq[i] as ChildPair) !== pg(seq[i + 1] as ChildPair)) {
      for (let k = end; k > i; k--) if (best < 0 || (values[k] as number) < (values[best] as number)) best = k;
      end = i;
    }
    suffixMin[i] = best;
  }

  const out: OrderChange[] = [];
  for (let i = 0; i < n; i++) {
    if (kept[i] === 1) continue;
    const pair = seq[i] as ChildPair;
    const earlier = prefixMax[i] as number;
    const later = suffixMin[i] as number;
    if (earlier >= 0 && (values[earlier] as number) > (values[i] as number)) {
      out.push({ pair, witness: seq[earlier] as ChildPair, now: 'before' });
    } else if (later >= 0 && (values[later] as number) < (values[i] as number)) {
      out.push({ pair, witness: seq[later] as ChildPair, now: 'after' });
    }
  }
  return out;
}

/**
 * True when the pairs, as listed, run in non-decreasing phases on both sides: then the golden
 * order sorted below keeps every current phase non-decreasing too (each golden phase's pairs come
 * before the next's, at current phases no higher), so nothing is out of order. Matching lists
 * unchanged siblings in sibling order, whose phases only grow: no sort, no arrays for them.
 */
function inOrder(pairs: readonly ChildPair[], golden: CanonicalTreeIndex, current: CanonicalTreeIndex): boolean {
  for (let k = 1; k < pairs.length; k++) {
    const before = pairs[k - 1] as ChildPair;
    const pair = pairs[k] as ChildPair;
    if ((golden.phase[pair.g] as number) < (golden.phase[before.g] as number) || (current.phase[pair.c] as number) < (current.phase[before.c] as number)) return false;
  }
  return true;
}
