// Flattens a canonical tree into arrays (pre-order, parent links, content hashes) so that matching
// is iterative and never recurses: a 100k-deep chain must not overflow the stack.
import type { CanonicalNode, CanonicalTree } from '../model/index.ts';
import { IDENTITY_ATTRIBUTE_GROUPS, spanIdentity } from '../normalize/index.ts';
import { stableStringify } from './stable-stringify.ts';

/** Gives equal strings (or equal pairs of ids) the same small integer, across both trees of one diff. */
export class Interner {
  private next = 0;
  private readonly texts = new Map<TextSpace, Map<string, number>>();
  // Numeric keys for pairs: hashing a number is far cheaper than building and hashing a string,
  // and a 100k-deep chain interns one fresh shape per span.
  private readonly pairs = new Map<PairSpace, Map<number, number>>();

  /** The id of a text in one namespace, so that no prefix is needed to tell kinds apart. */
  id(namespace: TextSpace, text: string): number {
    let map = this.texts.get(namespace);
    if (map === undefined) this.texts.set(namespace, (map = new Map()));
    let id = map.get(text);
    if (id === undefined) {
      id = this.next++;
      map.set(text, id);
    }
    return id;
  }

  /** The id of the pair (a, b) in one namespace; both must be below 2^26. */
  pair(namespace: PairSpace, a: number, b: number): number {
    if (b >= PAIR_LIMIT || a >= PAIR_LIMIT) return this.id('pair', `P${namespace}:${a}:${b}`);
    let map = this.pairs.get(namespace);
    if (map === undefined) this.pairs.set(namespace, (map = new Map()));
    const key = a * PAIR_LIMIT + b;
    let id = map.get(key);
    if (id === undefined) {
      id = this.next++;
      map.set(key, id);
    }
    return id;
  }
}

/** What an interned text is: an identity, an attribute map, a status with events, a body, a big pair. */
type TextSpace = 'identity' | 'attributes' | 'status' | 'body' | 'pair' | 'service' | 'name' | 'kind' | 'string value' | 'json value';
/** What an interned pair is: shape (self, body), a lone child (shape, count), or part of self. */
type PairSpace = 'shape' | 'only-child' | 'identity+attributes' | 'self' | 'identity part' | 'identity attribute';

const PAIR_LIMIT = 2 ** 26;

/**
 * One tree, flattened. Index 0 is a virtual root whose children are the tree's roots, so the
 * roots are matched like any other siblings. Indices follow pre-order: a parent precedes its
 * descendants, and a subtree is the contiguous range `[i, i + size[i])`.
 */
export interface CanonicalTreeIndex {
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
    identity[i] =
      i === 0 ? interner.id('identity', '\u0001root') : identityOf === spanIdentity ? spanIdentityId(node, interner) : interner.id('identity', identityOf(node));
    // Self from interned parts, as numbers: one long key text per span would be built, flattened
    // and hashed whole (the most expensive step of the index on a 100k-span tree).
    const attributes = interner.id('attributes', stableStringify(node.attributes));
    const status = interner.id('status', `${node.status.code}|${node.status.message ?? ''}|${node.events.length === 0 ? '[]' : stableStringify(node.events as readonly unknown[])}`);
    self[i] = interner.pair('self', interner.pair('identity+attributes', identity[i] as number, attributes), status);
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
      body[i] = interner.pair('only-child', shape[only] as number, (nodes[only] as CanonicalNode).count);
    } else {
      entries.sort();
      body[i] = interner.id('body', entries.join(','));
    }
    shape[i] = interner.pair('shape', self[i] as number, body[i] as number);
  }
  return { nodes, parent, children, size, phase, identity, self, body, shape };
}

/** Each identity attribute key, numbered across the groups. */
const IDENTITY_KEYS: readonly (readonly (readonly [string, number])[])[] = ((): (readonly (readonly [string, number])[])[] => {
  let next = 0;
  return IDENTITY_ATTRIBUTE_GROUPS.map((group) => group.map((key): readonly [string, number] => [key, next++]));
})();

/**
 * The interned id of spanIdentity(node) built from interned parts, without its JSON text per node
 * (which the index built, flattened and hashed for every span of both trees). Equal exactly when
 * the texts are: the text is a JSON array of service, name, kind and one [key, value] per group
 * present, and here each part is interned in its own namespace (ids are unique across namespaces,
 * so a fold of pairs cannot equal one with other parts or another length); a string value is
 * interned as itself, any other as its JSON text, as the identity text writes it.
 */
function spanIdentityId(node: CanonicalNode, interner: Interner): number {
  let id = interner.pair('identity part', interner.pair('identity part', interner.id('service', node.service), interner.id('name', node.name)), interner.id('kind', node.kind));
  for (const group of IDENTITY_KEYS) {
    for (const [key, number] of group) {
      const value = node.attributes[key];
      if (value === undefined) continue;
      const valueId = typeof value === 'string' ? interner.id('string value', value) : interner.id('json value', JSON.stringify(value));
      id = interner.pair('identity part', id, interner.pair('identity attribute', number, valueId));
      break;
    }
  }
  return id;
}
