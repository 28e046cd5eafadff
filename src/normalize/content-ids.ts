// Integer ids for canonical content, equal exactly when the content is: a node's own content
// (name, service, kind, status, attributes, events) and its subtree (own content plus the ordered,
// collapsed children and their counts). Collapsing siblings compares these ids instead of long
// key texts, which a 100k-span trace would build, flatten and hash once per span (issue 14).
import type { AttributeValue, Attributes, CanonicalEvent, SpanKind, SpanStatus } from '../model/index.ts';
import { PairIds, setOwnKey, sortedKeys } from '../common/index.ts';
import { ownContentKey } from './content-hash.ts';
import type { AttributeEntries } from './attribute-entries.ts';

/** A child as its parent's subtree id sees it: its subtree id and how many siblings it stands for. */
export interface ChildContent {
  readonly subtree: number;
  readonly node: { readonly count: number };
}

/** The ids of one Canonicalizer (one tree, or the trees of one comparison); dropped with it. */
export class ContentIds {
  private next = 1;
  private readonly nextId = (): number => this.next++;
  /** Names, services, kinds, keys and string values: a part's place in its chain says which it is. */
  private readonly strings = new Map<string, number>();
  /** Number values, apart from strings (`200` is not `"200"`). */
  private readonly numbers = new Map<number, number>();
  private readonly trueId = this.nextId();
  private readonly falseId = this.nextId();
  /** The id of an empty array value; a longer one folds its items onto it in `arrays`. */
  private readonly emptyArray = this.nextId();
  private readonly arrays = new PairIds(this.nextId);
  /** A node's own content as a chain: (parts so far, next part), its parts in a fixed order. */
  private readonly chains = new PairIds(this.nextId);
  /** An attribute map as a chain: (map so far, next key or value), keys in order. */
  private readonly maps = new PairIds(this.nextId);
  /** The first attribute map of each content, by its id: equal maps are shared as one object. */
  private readonly mapsById = new Map<number, Attributes>();
  /** The id of each shared map. */
  private readonly idOfMap = new Map<Attributes, number>();
  /** Content the chains do not cover, by its full content key. */
  private readonly fullKeys = new Map<string, number>();
  /** (subtree, count) of a child standing for count > 1 siblings. */
  private readonly counted = new PairIds(this.nextId);
  /** (children so far, next child) while folding a children list. */
  private readonly folds = new PairIds(this.nextId);
  /** (own content, children list) of a node with children. */
  private readonly subtrees = new PairIds(this.nextId);

  private interned<K>(map: Map<K, number>, key: K): number {
    let id = map.get(key);
    if (id === undefined) {
      id = this.next++;
      map.set(key, id);
    }
    return id;
  }

  /**
   * The id of a node's subtree: its own content and its ordered, collapsed children with their
   * counts. A leaf's is its content id, which no id of a node with children can equal (each table
   * hands out ids of its own); a child of count 1 folds in as its subtree id, others as a
   * (subtree, count) id.
   */
  subtree(content: number, children: readonly ChildContent[]): number {
    if (children.length === 0) return content;
    let list = 0;
    for (let i = 0; i < children.length; i++) {
      const { subtree, node: { count } } = children[i] as ChildContent;
      list = this.folds.id(list, count === 1 ? subtree : this.counted.id(subtree, count));
    }
    return this.subtrees.id(content, list);
  }

  /**
   * The attribute map of these entries (keys in code-unit order, no repeats), shared: the first
   * map seen with the same plain content (frozen), built only when there is none. After
   * normalization a 100k-span trace has a handful of distinct maps: a shared one is one object
   * less per span to keep, and building each span's map only to find its twin was one object
   * with its properties per span (issue 14). A map with a value that is not plain (see valueId)
   * is built and not shared.
   */
  sharedOfEntries(entries: AttributeEntries): Attributes {
    const { keys, values, size } = entries;
    let id = 0;
    for (let i = 0; i < size; i++) {
      const value = this.valueId(values[i]);
      if (value === undefined) return mapOfEntries(entries);
      id = this.maps.id(this.maps.id(id, this.interned(this.strings, keys[i] as string)), value);
    }
    const first = this.mapsById.get(id);
    if (first !== undefined) return first;
    const map = Object.freeze(mapOfEntries(entries));
    this.mapsById.set(id, map);
    this.idOfMap.set(map, id);
    return map;
  }

  /**
   * A node's own content. The common case (no status message, no events, plain attribute values)
   * is a chain of interned parts: name, service, kind, status code, then the attribute map's id
   * (its keys and values in key order); no text is built or hashed but the parts themselves, each
   * once. Anything else goes by its full content key.
   */
  own(name: string, service: string, kind: SpanKind, status: SpanStatus, attributes: Attributes, events: readonly CanonicalEvent[]): number {
    if (status.message === undefined && events.length === 0) {
      const map = this.idOfMap.get(attributes) ?? this.mapId(attributes);
      if (map !== undefined) {
        const { chains, strings } = this;
        const head = chains.id(chains.id(chains.id(chains.id(0, this.interned(strings, name)), this.interned(strings, service)), this.interned(strings, kind)), this.interned(strings, status.code));
        return chains.id(head, map);
      }
    }
    return this.interned(this.fullKeys, ownContentKey(name, service, kind, status, attributes, events));
  }

  /** The id of an attribute map's content; undefined when a value is not plain (see valueId). */
  private mapId(attributes: Attributes): number | undefined {
    // Content does not depend on key order: canonicalize writes sorted maps, others are sorted here.
    const keys = sortedKeys(attributes);
    // 0 stands for the empty map: the id's place in a chain says what it is.
    let id = 0;
    for (const key of keys) {
      const value = this.valueId(attributes[key]);
      if (value === undefined) return undefined;
      id = this.maps.id(this.maps.id(id, this.interned(this.strings, key)), value);
    }
    return id;
  }

  /**
   * The id of a plain value: a string, a finite number other than -0 (a Map key cannot tell -0
   * from 0), a boolean, or an array of those. Undefined for anything else, which the full
   * content key tells apart instead (NaN, -0, infinities, maps, nested arrays).
   */
  private valueId(value: AttributeValue | undefined): number | undefined {
    if (typeof value === 'string') return this.interned(this.strings, value);
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? this.interned(this.numbers, value) : undefined;
    if (typeof value === 'boolean') return value ? this.trueId : this.falseId;
    if (!Array.isArray(value)) return undefined;
    let id = this.emptyArray;
    for (const item of value as readonly AttributeValue[]) {
      const itemId = Array.isArray(item) ? undefined : this.valueId(item);
      if (itemId === undefined) return undefined;
      id = this.arrays.id(id, itemId);
    }
    return id;
  }
}

/** A map of entries, in their order; a `__proto__` key stays data. */
function mapOfEntries({ keys, values, size }: AttributeEntries): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (let i = 0; i < size; i++) {
    const key = keys[i] as string;
    const value = values[i] as AttributeValue;
    setOwnKey(map, key, value);
  }
  return map;
}
