// Flattens a canonical tree into arrays (pre-order, parent links, content hashes) so that matching
// is iterative and never recurses: a 100k-deep chain must not overflow the stack.
import type { CanonicalNode, CanonicalTree } from '../model/index.ts';
import { spanIdentity } from '../normalize/index.ts';
import { attributesId, Interner, spanIdentityId, statusId } from './interner.ts';

export { Interner } from './interner.ts';

/**
 * One tree, flattened. Index 0 is a virtual root whose children are the tree's roots, so the
 * roots are matched like any other siblings. Indices follow pre-order: a parent precedes its
 * descendants, and a subtree is the contiguous range `[i, i + size[i])`. So node i's first child
 * is i + 1 and each next one follows its elder sibling's subtree: `childrenOf` walks them without
 * a list per node (200k small arrays that lived through the diff, a good part of its collection).
 */
export interface CanonicalTreeIndex {
  readonly nodes: readonly CanonicalNode[];
  readonly parent: Int32Array;
  /** Each node's children, as lists: built on first read, for callers that are not hot. */
  readonly children: readonly (readonly number[])[];
  readonly size: Int32Array;
  /** Sequential phase among siblings: it grows at each sibling that did not overlap the previous. */
  readonly phase: Int32Array;
  /** Interned identity (what matching pairs on). */
  readonly identity: Int32Array;
  /** Interned identity + attributes + status + events: equal when the span itself is unchanged. */
  readonly self: Int32Array;
  /**
   * Interned multiset of the children's (shape, count), optional children (connects) left out:
   * equal when the subtrees below are, whether or not the pool opened a connection this time.
   */
  readonly body: Int32Array;
  /** Interned self + body: equal when the whole subtree is unchanged, whatever its own count. */
  readonly shape: Int32Array;
}

/** How many children node i has. */
export function childCount(index: CanonicalTreeIndex, i: number): number {
  return (index.nodes[i] as CanonicalNode).children.length;
}

/** The indices of node i's children, in order, as a fresh list. */
export function childrenOf(index: CanonicalTreeIndex, i: number): number[] {
  const count = childCount(index, i);
  const out = new Array<number>(count);
  for (let k = 0, child = i + 1; k < count; k++, child += index.size[child] as number) out[k] = child;
  return out;
}

const VIRTUAL_ROOT_NAME = '(trace)';

export function indexCanonicalTree(
  tree: CanonicalTree,
  identityOf: (node: CanonicalNode) => string,
  interner: Interner,
  isOptional: (node: CanonicalNode) => boolean = () => false,
): CanonicalTreeIndex {
  const root: CanonicalNode = {
    name: VIRTUAL_ROOT_NAME,
    service: '',
    kind: 'unspecified',
    attributes: {},
    status: { code: 'unset' },
    events: [],
    count: 1,
    durationMs: 0,
    concurrent: false,
    children: tree.roots,
  };
  const nodes: CanonicalNode[] = [];
  const parents: number[] = [];
  const stackNodes: CanonicalNode[] = [root];
  const stackParents: number[] = [-1];
  while (stackNodes.length > 0) {
    const node = stackNodes.pop() as CanonicalNode;
    const parent = stackParents.pop() as number;
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    for (let k = node.children.length - 1; k >= 0; k--) {
      stackNodes.push(node.children[k] as CanonicalNode);
      stackParents.push(index);
    }
  }

  const n = nodes.length;
  const parent = Int32Array.from(parents);
  const size = new Int32Array(n);
  const phase = new Int32Array(n);
  const identity = new Int32Array(n);
  const self = new Int32Array(n);
  const body = new Int32Array(n);
  const shape = new Int32Array(n);
  const bySpanIdentity = identityOf === spanIdentity;
  // The counted children's (shape, count) pair ids of the node at hand, reused across nodes.
  const entries: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as CanonicalNode;
    identity[i] = i === 0 ? interner.id('identity', '\u0001root') : bySpanIdentity ? spanIdentityId(node, interner) : interner.id('identity', identityOf(node));
    // Self from interned parts, as numbers: one long key text per span would be built, flattened
    // and hashed whole (the most expensive step of the index on a 100k-span tree).
    self[i] = interner.pair('self', interner.pair('identity+attributes', identity[i] as number, attributesId(node.attributes, interner)), statusId(node, interner));
    let current = 0;
    let total = 1;
    // The multiset of the counted children's (shape, count), as their pair ids in a fixed order.
    entries.length = 0;
    const kids = node.children;
    for (let k = 0, child = i + 1; k < kids.length; k++, child += size[child] as number) {
      const childNode = kids[k] as CanonicalNode;
      total += size[child] as number;
      if (k > 0 && !childNode.concurrent) current++;
      phase[child] = current;
      if (isOptional(childNode)) continue;
      entries.push(interner.pair('counted child', shape[child] as number, childNode.count));
    }
    size[i] = total;
    if (entries.length === 1) body[i] = entries[0] as number;
    else {
      // No counted child: 0, an id no table hands out; several: a fold of their sorted ids.
      if (entries.length > 1) entries.sort(byNumber);
      let children = 0;
      for (let k = 0; k < entries.length; k++) children = interner.pair('children', children, entries[k] as number);
      body[i] = children;
    }
    shape[i] = interner.pair('shape', self[i] as number, body[i] as number);
  }
  const index = {
    nodes,
    parent,
    size,
    phase,
    identity,
    self,
    body,
    shape,
    get children(): readonly (readonly number[])[] {
      return (lists ??= nodes.map((_, i) => childrenOf(index, i)));
    },
  };
  let lists: number[][] | undefined;
  return index;
}

function byNumber(a: number, b: number): number {
  return a - b;
}
