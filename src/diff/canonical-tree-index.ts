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
  /**
   * Each node's number of children, count and duration, copied from the nodes while indexing:
   * the walk reads these for every pair, and a typed array is one cache line per 8 to 16 nodes
   * where the node objects lie scattered over the heap.
   */
  readonly childCounts: Int32Array;
  readonly count: Float64Array;
  readonly durationMs: Float64Array;
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
  return index.childCounts[i] as number;
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
  isOptional: (node: CanonicalNode, remember: boolean) => boolean = () => false,
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
  // Pre-order, from a stack: the next node popped is the first child of the last one.
  const nodes: CanonicalNode[] = [];
  const stack: CanonicalNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as CanonicalNode;
    nodes.push(node);
    for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k] as CanonicalNode);
  }

  const n = nodes.length;
  const parent = new Int32Array(n);
  parent[0] = -1;
  const size = new Int32Array(n);
  const childCounts = new Int32Array(n);
  const count = new Float64Array(n);
  const durationMs = new Float64Array(n);
  const phase = new Int32Array(n);
  const identity = new Int32Array(n);
  const self = new Int32Array(n);
  const body = new Int32Array(n);
  const shape = new Int32Array(n);
  const bySpanIdentity = identityOf === spanIdentity;
  // Remembering maps and statuses by object pays when the tree shares them, as canonicalize does;
  // a snapshot read from YAML gives each span its own, and remembering would only add entries.
  // The first spans indexed tell which; the ids are the same either way.
  let remember = true;
  const probeEnd = n - 1 - SHARING_PROBE;
  const mapsBefore = interner.attributeIds.size;
  // The counted children's (shape, count) pair ids of the node at hand, reused across nodes.
  let entries = new Int32Array(16);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as CanonicalNode;
    if (i === probeEnd) remember = interner.attributeIds.size - mapsBefore <= SHARING_PROBE / 2;
    identity[i] = i === 0 ? interner.id('identity', '\u0001root') : bySpanIdentity ? spanIdentityId(node, interner, remember) : interner.id('identity', identityOf(node));
    // Self from interned parts, as numbers: one long key text per span would be built, flattened
    // and hashed whole (the most expensive step of the index on a 100k-span tree).
    const attributes = attributesId(node.attributes, interner, remember);
    self[i] = interner.pair('self', interner.pair('identity+attributes', identity[i] as number, attributes), statusId(node, interner, remember));
    let current = 0;
    let total = 1;
    // The multiset of the counted children's (shape, count), as their pair ids in a fixed order.
    let counted = 0;
    const kids = node.children;
    if (kids.length > entries.length) entries = new Int32Array(kids.length);
    for (let k = 0, child = i + 1; k < kids.length; k++, child += size[child] as number) {
      const childNode = kids[k] as CanonicalNode;
      parent[child] = i;
      total += size[child] as number;
      if (k > 0 && !childNode.concurrent) current++;
      phase[child] = current;
      if (isOptional(childNode, remember)) continue;
      entries[counted++] = interner.pair('counted child', shape[child] as number, childNode.count);
    }
    size[i] = total;
    childCounts[i] = kids.length;
    count[i] = node.count;
    durationMs[i] = node.durationMs;
    if (counted === 1) body[i] = entries[0] as number;
    else {
      // No counted child: 0, an id no table hands out; several: a fold of their sorted ids.
      sortPrefix(entries, counted);
      let children = 0;
      for (let k = 0; k < counted; k++) children = interner.pair('children', children, entries[k] as number);
      body[i] = children;
    }
    shape[i] = interner.pair('shape', self[i] as number, body[i] as number);
  }
  const index = {
    nodes,
    parent,
    size,
    childCounts,
    count,
    durationMs,
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

/** How many spans are indexed before deciding whether to remember maps and statuses by object. */
const SHARING_PROBE = 512;

/** Sorts the first `count` numbers ascending: by insertion when few (most parents), else natively. */
function sortPrefix(numbers: Int32Array, count: number): void {
  if (count > 16) {
    numbers.subarray(0, count).sort();
    return;
  }
  for (let k = 1; k < count; k++) {
    const value = numbers[k] as number;
    let at = k - 1;
    for (; at >= 0 && (numbers[at] as number) > value; at--) numbers[at + 1] = numbers[at] as number;
    numbers[at + 1] = value;
  }
}
