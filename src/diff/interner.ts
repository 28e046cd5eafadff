// Interns what a diff compares as small integers: texts and pairs of ids (Interner), and a span's
// identity, attribute map and status built from interned parts, so that equal content gets equal
// ids across both trees of one diff without building a key text per span.
import type { Attributes, AttributeValue, CanonicalNode, SpanStatus, StatusCode } from '../model/index.ts';
import { IDENTITY_ATTRIBUTE_GROUPS } from '../normalize/index.ts';
import { MAX_PAIR_PART, PairIds, sortedKeys } from '../common/index.ts';
import { stableStringify } from './stable-stringify.ts';

/** Gives equal strings (or equal pairs of ids) the same small integer, across both trees of one diff. */
export class Interner {
  /** From 1: the pair tables mark an empty slot with 0. */
  private next = 1;
  private readonly nextId = (): number => this.next++;
  private readonly texts = Object.fromEntries(TEXT_SPACES.map((space) => [space, new Map<string, number>()])) as Record<TextSpace, Map<string, number>>;
  // Pairs of ids in typed-array tables: no string, boxed number or Map entry per lookup, and a
  // 100k-span tree interns several per span.
  private readonly pairs = Object.fromEntries(PAIR_SPACES.map((space) => [space, new PairIds(this.nextId)])) as Record<PairSpace, PairIds>;
  /** Finite numbers as attribute values, apart from strings (JSON tells `200` from `"200"`). */
  private readonly numbers = new Map<number, number>();
  /**
   * What was interned per attribute map or status object, by the object: canonicalize shares
   * equal maps and statuses between spans (a 100k-span trace has a handful of distinct maps), so
   * each is taken apart once rather than once per span. The trees do not change during a diff.
   * A tree whose spans own their maps (a snapshot read from YAML) skips these: see `remember`.
   */
  readonly attributeIds = new Map<Attributes, number>();
  readonly identityAttributeIds = new Map<Attributes, readonly number[]>();
  readonly statusIds = new Map<SpanStatus, number>();
  readonly trueId = this.nextId();
  readonly falseId = this.nextId();
  readonly emptyArrayId = this.nextId();

  /** The id of a text in one namespace, so that no prefix is needed to tell kinds apart. */
  id(namespace: TextSpace, text: string): number {
    const map = this.texts[namespace];
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
    return this.pairs[namespace].id(a, b);
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
const TEXT_SPACES = ['identity', 'attributes', 'status', 'pair', 'service', 'name', 'kind', 'key', 'string value', 'json value'] as const;
type TextSpace = (typeof TEXT_SPACES)[number];
/**
 * What an interned pair is: shape (self, body), a lone child (shape, count), part of self, a step
 * of an attribute map or array value, or of a multiset of children.
 */
const PAIR_SPACES = ['shape', 'counted child', 'identity+attributes', 'self', 'identity part', 'identity attribute', 'attribute map', 'array value', 'children'] as const;
type PairSpace = (typeof PAIR_SPACES)[number];

/**
 * The id of an attribute map; with `remember`, taken apart once per map object (see
 * Interner.attributeIds), which pays only when maps are shared: else each lookup adds an entry.
 */
export function attributesId(map: Attributes, interner: Interner, remember: boolean): number {
  if (!remember) return attributeMapId(map, sortedKeys(map), interner) ?? interner.id('attributes', stableStringify(map));
  let id = interner.attributeIds.get(map);
  if (id === undefined) {
    id = attributeMapId(map, sortedKeys(map), interner) ?? interner.id('attributes', stableStringify(map));
    interner.attributeIds.set(map, id);
  }
  return id;
}

/**
 * The id of a status with the span's events. The common one (no message, no events) is one id per
 * code; others without events are, with `remember`, taken apart once per status object.
 */
export function statusId(node: CanonicalNode, interner: Interner, remember: boolean): number {
  const status = node.status;
  if (node.events.length > 0 || !remember || (status.message ?? '') === '') return interner.id('status', statusText(node));
  let id = interner.statusIds.get(status);
  if (id === undefined) {
    id = interner.id('status', statusText(node));
    interner.statusIds.set(status, id);
  }
  return id;
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
 * interned as itself, any other as its JSON text, as the identity text writes it. With
 * `remember`, the attribute part is taken apart once per map object (see attributesId).
 */
export function spanIdentityId(node: CanonicalNode, interner: Interner, remember: boolean): number {
  let id = interner.pair('identity part', interner.pair('identity part', interner.id('service', node.service), interner.id('name', node.name)), interner.id('kind', node.kind));
  let parts: ArrayLike<number> | undefined = remember ? interner.identityAttributeIds.get(node.attributes) : undefined;
  let count = parts?.length ?? 0;
  if (parts === undefined) {
    count = identityAttributeIds(node.attributes, interner);
    parts = IDENTITY_PARTS;
    if (remember) interner.identityAttributeIds.set(node.attributes, Array.from(IDENTITY_PARTS.subarray(0, count)));
  }
  for (let k = 0; k < count; k++) id = interner.pair('identity part', id, parts[k] as number);
  return id;
}

/** Per identity group, the key chosen for the map at hand: its number across the groups, or -1. */
const CHOSEN = new Int32Array(IDENTITY_ATTRIBUTE_GROUPS.length);
/** The identity parts of the map at hand (see identityAttributeIds). */
const IDENTITY_PARTS = new Int32Array(IDENTITY_ATTRIBUTE_GROUPS.length);

/**
 * Writes the identity parts of an attribute map into IDENTITY_PARTS and returns how many: per
 * group present, in group order, the id of (its first key present, that key's value). The map's
 * own keys are looked up, a few per map, rather than every identity key in the map.
 */
function identityAttributeIds(attributes: Attributes, interner: Interner): number {
  // Per group, its first key present: the lowest number.
  CHOSEN.fill(-1);
  for (const key of Object.keys(attributes)) {
    const place = IDENTITY_KEY_PLACES.get(key);
    if (place === undefined || attributes[key] === undefined) continue;
    const before = CHOSEN[place.group] as number;
    if (before < 0 || place.number < before) CHOSEN[place.group] = place.number;
  }
  let count = 0;
  for (let group = 0; group < CHOSEN.length; group++) {
    const number = CHOSEN[group] as number;
    if (number < 0) continue;
    const value = attributes[IDENTITY_KEY_OF_NUMBER[number] as string] as AttributeValue;
    const valueId = typeof value === 'string' ? interner.id('string value', value) : interner.id('json value', JSON.stringify(value));
    IDENTITY_PARTS[count++] = interner.pair('identity attribute', number, valueId);
  }
  return count;
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
