// Flattens a canonical tree into arrays (pre-order, parent links, content hashes) so that matching
// is iterative and never recurses: a 100k-deep chain must not overflow the stack.
import type { AttributeValue, CanonicalNode, CanonicalTree } from '../model/index.ts';

/** Gives equal strings (or equal pairs of ids) the same small integer, across both trees of one diff. */
export class Interner {
  private next = 0;
  private readonly texts = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()] as const;
  // Numeric keys for pairs: hashing a number is far cheaper than building and hashing a string,
  // and a 100k-deep chain interns one fresh shape per span.
  private readonly pairs = [new Map<number, number>(), new Map<number, number>()] as const;

  /** The id of a text in one of three namespaces (identity, self, body), so no prefix is needed. */
  id(namespace: 0 | 1 | 2, text: string): number {
    const map = this.texts[namespace];
    let id = map.get(text);
    if (id === undefined) {
      id = this.next++;
      map.set(text, id);
    }
    return id;
  }

  /** The id of the pair (a, b) in one of two namespaces; both must be below 2^26. */
  pair(namespace: 0 | 1, a: number, b: number): number {
    if (b >= PAIR_LIMIT || a >= PAIR_LIMIT) return this.id(2, `P${namespace}:${a}:${b}`);
    const map = this.pairs[namespace];
    const key = a * PAIR_LIMIT + b;
    let id = map.get(key);
    if (id === undefined) {
      id = this.next++;
      map.set(key, id);
    }
    return id;
  }
}

const PAIR_LIMIT = 2 ** 26;

/**
 * One tree, flattened. Index 0 is a virtual root whose children are the tree's roots, so the
 * roots are matched like any other siblings. Indices follow pre-order: a parent precedes its
 * descendants, and a subtree is the contiguous range `[i, i + size[i])`.
 */
export interface TreeIndex {
  readonly nodes: readonly CanonicalNode[];
  readonly parent: Int32Array;
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

const VIRTUAL_ROOT_NAME = '(trace)';

/** Object keys sorted, so that two equal attribute maps give the same text. */
export function stableStringify(value: AttributeValue | readonly unknown[] | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  // Loops rather than map/join: this runs on every span's attributes, 200k times for 100k spans.
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + stableStringify(value[i] as AttributeValue);
    return `${text}]`;
  }
  const map = value as Readonly<Record<string, AttributeValue>>;
  const keys = Object.keys(map);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    text += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:${stableStringify(map[key])}`;
  }
  return `${text}}`;
}

export function indexTree(
  tree: CanonicalTree,
  identityOf: (node: CanonicalNode) => string,
  interner: Interner,
  isOptional: (node: CanonicalNode) => boolean = () => false,
): TreeIndex {
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
  const children: number[][] = [];
  const stackNodes: CanonicalNode[] = [root];
  const stackParents: number[] = [-1];
  while (stackNodes.length > 0) {
    const node = stackNodes.pop() as CanonicalNode;
    const parent = stackParents.pop() as number;
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    children.push([]);
    if (parent >= 0) (children[parent] as number[]).push(index);
    for (let k = node.children.length - 1; k >= 0; k--) {
      stackNodes.push(node.children[k] as CanonicalNode);
      stackParents.push(index);
    }
  }

  const n = nodes.length;
  const parent = Int32Array.from(parents);
  const size = new Int32Array(n).fill(1);
  const phase = new Int32Array(n);
  const identity = new Int32Array(n);
  const self = new Int32Array(n);
  const body = new Int32Array(n);
  const shape = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as CanonicalNode;
    const kids = children[i] as number[];
    const identityText = i === 0 ? '\u0001root' : identityOf(node);
    identity[i] = interner.id(0, identityText);
    self[i] = interner.id(
      1,
      `${identity[i]}|${stableStringify(node.attributes)}|${node.status.code}|${node.status.message ?? ''}|${stableStringify(node.events as readonly unknown[])}`,
    );
    let only = -1;
    let current = 0;
    let counted = 0;
    const entries: string[] = [];
    for (let k = 0; k < kids.length; k++) {
      const child = kids[k] as number;
      const childNode = nodes[child] as CanonicalNode;
      size[i] = (size[i] as number) + (size[child] as number);
      if (k > 0 && !childNode.concurrent) current++;
      phase[child] = current;
      if (isOptional(childNode)) continue;
      counted++;
      only = child;
      entries.push(`${shape[child]}x${childNode.count}`);
    }
    if (counted === 1 && only >= 0) {
      body[i] = interner.pair(1, shape[only] as number, (nodes[only] as CanonicalNode).count);
    } else {
      entries.sort();
      body[i] = interner.id(2, entries.join(','));
    }
    shape[i] = interner.pair(0, self[i] as number, body[i] as number);
  }
  return { nodes, parent, children, size, phase, identity, self, body, shape };
}
