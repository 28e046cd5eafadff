// Flattens a canonical tree into arrays (pre-order, parent links, content hashes) so that matching
// is iterative and never recurses: a 100k-deep chain must not overflow the stack.
import type { Attributes, AttributeValue, CanonicalNode, CanonicalTree, StatusCode } from '../model/index.ts';
import { IDENTITY_ATTRIBUTE_GROUPS, spanIdentity } from '../normalize/index.ts';
import { MAX_PAIR_PART, PairIds, sortedKeys } from '../common/index.ts';
import { stableStringify } from './stable-stringify.ts';

/** Gives equal strings (or equal pairs of ids) the same small integer, across both trees of one diff. */
export class Interner {
  /** From 1: the pair tables mark an empty slot with 0. */
  private next = 1;
  private readonly nextId = (): number => this.next++;
  private readonly texts = new Map<TextSpace, Map<string, number>>();
  // Pairs of ids in typed-array tables: no string, boxed number or Map entry per lookup, and a
  // 100k-span tree interns several per span.
  private readonly pairs = new Map<PairSpace, PairIds>();
  /** Finite numbers as attribute values, apart from strings (JSON tells `200` from `"200"`). */
  private readonly numbers = new Map<number, number>();
  readonly trueId = this.nextId();
  readonly falseId = this.nextId();
  readonly emptyArrayId = this.nextId();

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

  /** The id of the pair (a, b) in one namespace. */
  pair(namespace: PairSpace, a: number, b: number): number {
    // Counts read from a snapshot may be past what the tables hold.
    if (b > MAX_PAIR_PART || a > MAX_PAIR_PART) return this.id('pair', `P${namespace}:${a}:${b}`);
    let table = this.pairs.get(namespace);
    if (table === undefined) this.pairs.set(namespace, (table = new PairIds(this.nextId)));
    return table.id(a, b);
  }

  /** The id of a finite number (0 and -0 are one, as in JSON). */
  number(value: number): number {
    let id = this.numbers.get(value);
    if (id === undefined) {
      id = this.next++;
      this.numbers.set(value, id);
    }
    return id;
  }
}

/** What an interned text is: an identity, an attribute map, a status with events, a big pair, a part. */
type TextSpace = 'identity' | 'attributes' | 'status' | 'pair' | 'service' | 'name' | 'kind' | 'key' | 'string value' | 'json value';
/**
 * What an interned pair is: shape (self, body), a lone child (shape, count), part of self, a step
 * of an attribute map or array value, or of a multiset of children.
 */
type PairSpace =
  | 'shape' | 'counted child' | 'identity+attributes' | 'self' | 'identity part' | 'identity attribute' | 'attribute map' | 'array value' | 'children';

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
  // Per identity group, the key spanIdentityId chose for the node at hand.
  const chosen = new Int32Array(IDENTITY_ATTRIBUTE_GROUPS.length);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as CanonicalNode;
    const kids = children[i] as number[];
    const keys = sortedKeys(node.attributes);
    identity[i] =
      i === 0 ? interner.id('identity', '\u0001root') : identityOf === spanIdentity ? spanIdentityId(node, keys, interner, chosen) : interner.id('identity', identityOf(node));
    // Self from interned parts, as numbers: one long key text per span would be built, flattened
    // and hashed whole (the most expensive step of the index on a 100k-span tree).
    const attributes = attributeMapId(node.attributes, keys, interner) ?? interner.id('attributes', stableStringify(node.attributes));
    const status = interner.id('status', statusText(node));
    self[i] = interner.pair('self', interner.pair('identity+attributes', identity[i] as number, attributes), status);
    let current = 0;
    // The multiset of the counted children's (shape, count), as their pair ids in a fixed order.
    const entries: number[] = [];
    for (let k = 0; k < kids.length; k++) {
      const child = kids[k] as number;
      const childNode = nodes[child] as CanonicalNode;
      size[i] = (size[i] as number) + (size[child] as number);
      if (k > 0 && !childNode.concurrent) current++;
      phase[child] = current;
      if (isOptional(childNode)) continue;
      entries.push(interner.pair('counted child', shape[child] as number, childNode.count));
    }
    if (entries.length === 1) body[i] = entries[0] as number;
    else {
      // No counted child: 0, an id no table hands out; several: a fold of their sorted ids.
      entries.sort((a, b) => a - b);
      let children = 0;
      for (const entry of entries) children = interner.pair('children', children, entry);
      body[i] = children;
    }
    shape[i] = interner.pair('shape', self[i] as number, body[i] as number);
  }
  return { nodes, parent, children, size, phase, identity, self, body, shape };
}

/** Each identity attribute key: its group, and its number across the groups (in group order). */
const IDENTITY_KEY_PLACES: ReadonlyMap<string, { readonly group: number; readonly number: number }> = new Map(
  IDENTITY_ATTRIBUTE_GROUPS.flatMap((keys, group) => keys.map((key) => ({ key, group }))).map(({ key, group }, number) => [key, { group, number }]),
);
const IDENTITY_KEY_OF_NUMBER: readonly string[] = IDENTITY_ATTRIBUTE_GROUPS.flat();

/**
 * The interned id of spanIdentity(node) built from interned parts, without its JSON text per node
 * (which the index built, flattened and hashed for every span of both trees). Equal exactly when
 * the texts are: the text is a JSON array of service, name, kind and one [key, value] per group
 * present, and here each part is interned in its own namespace (ids are unique across namespaces,
 * so a fold of pairs cannot equal one with other parts or another length); a string value is
 * interned as itself, any other as its JSON text, as the identity text writes it. The node's own
 * keys (`keys`) are looked up, a few per span, rather than every identity key in the node.
 */
function spanIdentityId(node: CanonicalNode, keys: readonly string[], interner: Interner, chosen: Int32Array): number {
  let id = interner.pair('identity part', interner.pair('identity part', interner.id('service', node.service), interner.id('name', node.name)), interner.id('kind', node.kind));
  // Per group, its first key present: the lowest number.
  chosen.fill(-1);
  for (const key of keys) {
    const place = IDENTITY_KEY_PLACES.get(key);
    if (place === undefined || node.attributes[key] === undefined) continue;
    const before = chosen[place.group] as number;
    if (before < 0 || place.number < before) chosen[place.group] = place.number;
  }
  for (let group = 0; group < chosen.length; group++) {
    const number = chosen[group] as number;
    if (number < 0) continue;
    const value = node.attributes[IDENTITY_KEY_OF_NUMBER[number] as string] as AttributeValue;
    const valueId = typeof value === 'string' ? interner.id('string value', value) : interner.id('json value', JSON.stringify(value));
    id = interner.pair('identity part', id, interner.pair('identity attribute', number, valueId));
  }
  return id;
}

/** A status and its events as one text; the common one (no message, no events) is not rebuilt per node. */
function statusText(node: CanonicalNode): string {
  const message = node.status.message ?? '';
  if (message === '' && node.events.length === 0) return PLAIN_STATUS_TEXT[node.status.code];
  return `${node.status.code}|${message}|${node.events.length === 0 ? '[]' : stableStringify(node.events as readonly unknown[])}`;
}

const PLAIN_STATUS_TEXT: Readonly<Record<StatusCode, string>> = { unset: 'unset||[]', ok: 'ok||[]', error: 'error||[]' };

/**
 * The id of an attribute map from interned parts (each key, then its typed value, in key order:
 * `keys` are the map's own, sorted),
 * equal exactly when the maps' stableStringify texts are, without building or hashing that text.
 * Undefined when a value is not plain (see plainValueId): such a map is interned by its text,
 * which no plain map's text can equal (a plain value never writes `null`, `{` or a nested `[`).
 */
function attributeMapId(map: Attributes, keys: readonly string[], interner: Interner): number | undefined {
  // 0 (the empty map) is an id no table hands out.
  let id = 0;
  for (const key of keys) {
    const value = plainValueId(map[key], interner);
    if (value === undefined) return undefined;
    id = interner.pair('attribute map', interner.pair('attribute map', id, interner.id('key', key)), value);
  }
  return id;
}

/**
 * A plain value's id: a string, a finite number (-0 is 0, as in JSON), a boolean, or an array of
 * those (its items folded from the empty array's id). Undefined for anything else.
 */
function plainValueId(value: AttributeValue | undefined, interner: Interner): number | undefined {
  if (typeof value === 'string') return interner.id('string value', value);
  if (typeof value === 'number') return Number.isFinite(value) ? interner.number(value) : undefined;
  if (typeof value === 'boolean') return value ? interner.trueId : interner.falseId;
  if (!Array.isArray(value)) return undefined;
  let id = interner.emptyArrayId;
  for (const item of value as readonly AttributeValue[]) {
    const itemId = Array.isArray(item) ? undefined : plainValueId(item, interner);
    if (itemId === undefined) return undefined;
    id = interner.pair('array value', id, itemId);
  }
  return id;
}
