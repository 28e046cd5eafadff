// Keeps a snapshot's diff small when it is rewritten: spans whose duration stayed within
// tolerance keep the golden run's duration, and a span the golden snapshot knew as concurrent
// stays concurrent, so `verify -u` changes only the lines that drifted.
import type { CanonicalNode, CanonicalTree, Finding } from '../model/index.ts';
import { spanIdentity } from '../normalize/index.ts';
import { formatDurationTolerance } from './describe.ts';
import { stableStringify } from './stable-stringify.ts';

/** How a finding judged under `duration: off` names its tolerance. */
const DURATION_OFF = formatDurationTolerance({ kind: 'off' });

/**
 * The current tree, with each span's duration taken from its golden counterpart unless a
 * `duration-exceeded` finding (suppressed or not, but for `duration: off`) names it. Counterparts are matched by identity
 * and occurrence among siblings, level by level from the roots. Pass the diff's own findings, not
 * ones a detector has folded, so that every drifted span keeps its new duration.
 *
 * `concurrent:` only ever widens on a rewrite: a sibling order the golden runs could not tell
 * (two calls started in the same millisecond of the SDK's clock) does not become a checked fact
 * because the new runs happened to tell it. And siblings the new runs found concurrent keep the
 * golden snapshot's order among themselves: their order is no fact, so the rewrite need not move
 * them (identity order is only the canonical choice for a tree recorded from nothing).
 */
export function carryOverDurations(golden: CanonicalTree, current: CanonicalTree, drift: readonly Finding[]): CanonicalTree {
  // Under `duration: off` durations are never judged, so none drifted: a slowdown shown only in
  // verbose mode keeps the golden duration (else a rewrite on a busy machine churns every line).
  const slower = new Set(
    drift.filter((finding) => finding.kind === 'duration-exceeded' && finding.tolerance !== DURATION_OFF).map((finding) => pathKey(finding.path)),
  );
  const kept = new Map<CanonicalNode, number>();
  const concurrent = new Set<CanonicalNode>();
  const goldenPosition = new Map<CanonicalNode, number>();
  const pending: { golden: readonly CanonicalNode[]; current: readonly CanonicalNode[]; path: string }[] = [
    { golden: golden.roots, current: current.roots, path: '' },
  ];
  for (let level = pending.pop(); level; level = pending.pop()) {
    for (const [node, counterpart] of counterparts(level.golden, level.current)) {
      const path = `${level.path}\u0001${node.service}\u0000${node.name}`;
      if (!slower.has(path)) kept.set(node, counterpart.durationMs);
      if (counterpart.concurrent && !node.concurrent) concurrent.add(node);
      goldenPosition.set(node, level.golden.indexOf(counterpart));
      pending.push({ golden: counterpart.children, current: node.children, path });
    }
  }
  return { roots: rebuild(current.roots, kept, concurrent, goldenPosition) };
}

/**
 * Each current sibling's golden counterpart: same identity, and among siblings of one identity
 * the one with the same attributes, status and events first (two `INSERT orders` calls of one
 * transaction, one into orders and one into order_items, whose order a same-millisecond start
 * swapped in the new runs), then the rest by occurrence.
 */
function counterparts(golden: readonly CanonicalNode[], current: readonly CanonicalNode[]): Map<CanonicalNode, CanonicalNode> {
  const unpaired = new Map<string, CanonicalNode[]>();
  for (const node of golden) {
    const identity = spanIdentity(node);
    unpaired.set(identity, [...(unpaired.get(identity) ?? []), node]);
  }
  const pairs = new Map<CanonicalNode, CanonicalNode>();
  const take = (node: CanonicalNode, pick: (candidates: CanonicalNode[]) => number): void => {
    const candidates = unpaired.get(spanIdentity(node));
    const at = candidates ? pick(candidates) : -1;
    if (!candidates || at < 0) return;
    pairs.set(node, candidates[at] as CanonicalNode);
    candidates.splice(at, 1);
  };
  for (const node of current) take(node, (candidates) => candidates.findIndex((candidate) => sameCalls(candidate, node)));
  for (const node of current) if (!pairs.has(node)) take(node, (candidates) => (candidates.length > 0 ? 0 : -1));
  // In the current order, as the levels below are visited.
  return new Map(current.filter((node) => pairs.has(node)).map((node) => [node, pairs.get(node) as CanonicalNode]));
}

/** The same call: attributes, status and events alike (durations, counts and marks aside). */
function sameCalls(a: CanonicalNode, b: CanonicalNode): boolean {
  return stableStringify([a.attributes, a.status, a.events]) === stableStringify([b.attributes, b.status, b.events]);
}

function pathKey(path: Finding['path']): string {
  return path.map((segment) => `\u0001${segment.service}\u0000${segment.name}`).join('');
}

/** Copies the tree bottom-up (no recursion, so deep chains are safe), swapping kept durations in. */
function rebuild(
  roots: readonly CanonicalNode[],
  kept: ReadonlyMap<CanonicalNode, number>,
  concurrent: ReadonlySet<CanonicalNode>,
  goldenPosition: ReadonlyMap<CanonicalNode, number>,
): CanonicalNode[] {
  const copies = new Map<CanonicalNode, CanonicalNode>();
  // Concurrency after widening, and, for clusters put back in golden order, who now leads each.
  const clusterMark = new Map<CanonicalNode, boolean>();
  const orderedChildren = new Map<CanonicalNode, CanonicalNode[]>();
  const widened = (node: CanonicalNode): boolean => node.concurrent || concurrent.has(node);
  const inGoldenOrder = (children: readonly CanonicalNode[], positions: ReadonlyMap<CanonicalNode, number>): CanonicalNode[] => {
    const out: CanonicalNode[] = [];
    for (let start = 0; start < children.length; ) {
      let end = start + 1;
      while (end < children.length && widened(children[end] as CanonicalNode)) end += 1;
      const cluster = children.slice(start, end);
      if (cluster.length > 1 && cluster.every((node) => positions.has(node))) {
        cluster.sort((a, b) => (positions.get(a) as number) - (positions.get(b) as number));
        cluster.forEach((node, index) => clusterMark.set(node, index > 0));
      }
      out.push(...cluster);
      start = end;
    }
    return out;
  };
  const stack: { node: CanonicalNode; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { node: CanonicalNode; expanded: boolean };
    if (!top.expanded) {
      // Ordered before the children are copied: the order decides their `concurrent:` marks.
      orderedChildren.set(top.node, inGoldenOrder(top.node.children, goldenPosition));
      stack.push({ node: top.node, expanded: true });
      for (const child of top.node.children) stack.push({ node: child, expanded: false });
      continue;
    }
    const children = (orderedChildren.get(top.node) as CanonicalNode[]).map((child) => copies.get(child) as CanonicalNode);
    copies.set(top.node, {
      ...top.node,
      durationMs: kept.get(top.node) ?? top.node.durationMs,
      concurrent: clusterMark.get(top.node) ?? (top.node.concurrent || concurrent.has(top.node)),
      children,
    });
  }
  return roots.map((root) => copies.get(root) as CanonicalNode);
}

/**
 * True when `rewritten` is `golden` but for spans marked `concurrent:` that were not: all a
 * rewrite learned is that some siblings' order could not be told (two calls started in the same
 * millisecond of the SDK's clock, in one of the runs). That is no change of behaviour, and the
 * runner keeps the golden file as it is instead of churning it.
 */
export function differsOnlyInConcurrency(golden: CanonicalTree, rewritten: CanonicalTree): boolean {
  const pending: [readonly CanonicalNode[], readonly CanonicalNode[]][] = [[golden.roots, rewritten.roots]];
  for (let level = pending.pop(); level; level = pending.pop()) {
    const [before, after] = level;
    if (before.length !== after.length) return false;
    for (let index = 0; index < before.length; index++) {
      const a = before[index] as CanonicalNode;
      const b = after[index] as CanonicalNode;
      if (b.concurrent !== a.concurrent && !b.concurrent) return false;
      if (ownContent(a) !== ownContent(b)) return false;
      pending.push([a.children, b.children]);
    }
  }
  return true;
}

/** A node's own facts, all but its `concurrent:` mark and its children. */
function ownContent(node: CanonicalNode): string {
  const { concurrent: _concurrent, children: _children, ...own } = node;
  return stableStringify([own]);
}
