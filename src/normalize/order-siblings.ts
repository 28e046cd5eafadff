// Orders and collapses canonical siblings: clusters of time-overlapping spans in start order,
// identity order inside a cluster (so concurrent calls never swap between runs), then identical
// subtrees folded into one node with a count.
import type { CanonicalNode } from '../model/index.ts';
import { hash64, ownContentKey } from './content-hash.ts';
import { identityOf } from './span-identity.ts';
import { CLOCK_NOISE_NS, sortInPlace } from '../common/index.ts';

/** A canonical node while it is built: every field can still change (count, duration, children). */
export type CanonicalDraft = { -readonly [K in keyof CanonicalNode]: CanonicalNode[K] };

/**
 * A canonical node under construction, with the clock and content facts ordering needs. The node
 * itself is the one the canonical tree will hold: ordering and collapsing write to it directly,
 * so no copy of the tree is made at the end.
 */
export interface WorkNode {
  readonly node: CanonicalDraft;
  /** The ordered, collapsed children (their nodes are `node.children`). */
  children: readonly WorkNode[];
  readonly start: bigint;
  readonly end: bigint;
  /**
   * The span's identity text (span-identity.ts), which orders siblings that start together or
   * overlap: computed when a sort first compares the node (identityOfNode), not for every span.
   */
  identity: string | undefined;
  /** Interned own content (content-ids.ts). */
  readonly content: number;
  /** Interned content of the node and its (ordered, collapsed) subtree; set once children are. */
  subtree: number;
  /**
   * Content hash of the node and its subtree, which orders look-alike siblings: computed only
   * when two siblings of one identity meet in a sort (hashOf), not for every span.
   */
  hash: string | undefined;
}

/**
 * Sorts siblings into clusters and marks `concurrent`: a span joins the current cluster when it
 * starts before every earlier span of the cluster has ended (or at the same instant as the span
 * before it). Every node but the first of its cluster is concurrent: its order is not a fact.
 */
export function orderSiblings(nodes: WorkNode[]): WorkNode[] {
  sortInPlace(nodes, compareStartThenContent);
  // Clusters are runs of the start order; each is put in content order where it stands.
  let from = 0;
  let maxEnd = 0n;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as WorkNode;
    const end = node.end > node.start ? node.end : node.start;
    if (i > 0 && (node.start + CLOCK_NOISE_NS < maxEnd || node.start === (nodes[i - 1] as WorkNode).start)) {
      if (end > maxEnd) maxEnd = end;
    } else {
      orderCluster(nodes, from, i);
      from = i;
      maxEnd = end;
    }
  }
  orderCluster(nodes, from, nodes.length);
  return nodes;
}

/** Puts `nodes[from, to)`, one cluster, in content order; all but its first are concurrent. */
function orderCluster(nodes: WorkNode[], from: number, to: number): void {
  if (to - from > 1) {
    const cluster = sortInPlace(nodes.slice(from, to), compareContent);
    for (let k = 0; k < cluster.length; k++) nodes[from + k] = cluster[k] as WorkNode;
  }
  for (let k = from; k < to; k++) (nodes[k] as WorkNode).node.concurrent = k > from;
}

function compareStartThenContent(a: WorkNode, b: WorkNode): number {
  return compareBigint(a.start, b.start) || compareContent(a, b);
}

/**
 * Folds siblings with equal content (apart from duration and concurrency, at every depth) into
 * the first one: counts add up, and every node of the kept subtree takes the slowest duration and
 * the concurrency of any occurrence, so the result does not depend on which occurrence came first.
 */
export function collapseSiblings(ordered: readonly WorkNode[]): WorkNode[] {
  const firstByContent = new Map<number, WorkNode>();
  const out: WorkNode[] = [];
  for (let i = 0; i < ordered.length; i++) {
    const node = ordered[i] as WorkNode;
    const first = firstByContent.get(node.subtree);
    if (first === undefined) {
      firstByContent.set(node.subtree, node);
      out.push(node);
      continue;
    }
    const concurrent = first.node.concurrent;
    mergeInto(first, node);
    first.node.concurrent = concurrent;
    first.node.count += node.node.count;
  }
  return out;
}

function mergeInto(target: WorkNode, other: WorkNode): void {
  const stack: [WorkNode, WorkNode][] = [[target, other]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [a, b] = pair;
    if (b.node.durationMs > a.node.durationMs) a.node.durationMs = b.node.durationMs;
    a.node.concurrent ||= b.node.concurrent;
    const n = Math.min(a.children.length, b.children.length);
    for (let i = 0; i < n; i++) {
      const ca = a.children[i];
      const cb = b.children[i];
      if (ca && cb) stack.push([ca, cb]);
    }
  }
}

function identityOfNode(node: WorkNode): string {
  node.identity ??= identityOf(node.node.service, node.node.name, node.node.kind, node.node.attributes);
  return node.identity;
}

function compareContent(a: WorkNode, b: WorkNode): number {
  const ia = identityOfNode(a);
  const ib = identityOfNode(b);
  if (ia !== ib) return ia < ib ? -1 : 1;
  if (a.subtree === b.subtree) return 0; // equal content: equal hashes
  const ha = hashOf(a);
  const hb = hashOf(b);
  if (ha !== hb) return ha < hb ? -1 : 1;
  return 0;
}

/**
 * The content hash of a node's subtree: its own content key, then each child's hash and count,
 * hashed with hash64. Iterative (a 100k-deep chain has no stack for recursion), and memoized:
 * children are complete (ordered, collapsed, counted) before their parent is ordered.
 */
export function hashOf(root: WorkNode): string {
  if (root.hash !== undefined) return root.hash;
  const stack: WorkNode[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1] as WorkNode;
    let pending = false;
    for (const child of node.children) {
      if (child.hash === undefined) {
        stack.push(child);
        pending = true;
      }
    }
    if (pending) continue;
    stack.pop();
    const { name, service, kind, status, attributes, events } = node.node;
    let text = ownContentKey(name, service, kind, status, attributes, events);
    for (const child of node.children) text += `>${child.hash as string}*${child.node.count}`;
    node.hash = hash64(text);
  }
  const done: WorkNode = root; // a fresh reference: TypeScript still narrows `root.hash` to undefined
  return done.hash as string;
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
