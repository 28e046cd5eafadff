// Integer ids for canonical content, equal exactly when the content is: a node's own content
// (name, service, kind, status, attributes, events) and its subtree (own content plus the ordered,
// collapsed children and their counts). Collapsing siblings compares these ids instead of long
// key texts, which a 100k-span trace would build, flatten and hash once per span (issue 14).
import type { AttributeValue, Attributes, CanonicalEvent, SpanKind, SpanStatus } from '../model/index.ts';
import { ownContentKey } from './content-hash.ts';

/** True when JSON.stringify tells two such values apart exactly as valueKey does (typed, -0, NaN). */
function isJsonExact(value: AttributeValue): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (!Array.isArray(value)) return false;
  for (const item of value as readonly AttributeValue[]) {
    if (typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item !== 'number' || !Number.isFinite(item) || Object.is(item, -0)) return false;
  }
  return true;
}

/**
 * Ids for ordered pairs of ids: an open-addressing table in typed arrays, so a lookup allocates
 * nothing (a Map keyed by `a * 2^26 + b` boxed a number per lookup, and a 100k-span trace asks
 * for several per span). Ids come from the owner's counter: each table's ids are its own.
 */
class PairIds {
  private firsts = new Int32Array(1 << 10);
  private seconds = new Int32Array(1 << 10);
  /** 0 marks an empty slot: ids start at 1. */
  private ids = new Int32Array(1 << 10);
  private size = 0;

  constructor(private readonly nextId: () => number) {}

  id(a: number, b: number): number {
    let mask = this.ids.length - 1;
    for (let slot = slotOf(a, b, mask); ; slot = (slot + 1) & mask) {
      const id = this.ids[slot] as number;
      if (id === 0) {
        const fresh = this.nextId();
        this.firsts[slot] = a;
        this.seconds[slot] = b;
        this.ids[slot] = fresh;
        if (++this.size * 2 > this.ids.length) {
          this.grow();
          mask = this.ids.length - 1;
        }
        return fresh;
      }
      if (this.firsts[slot] === a && this.seconds[slot] === b) return id;
    }
  }

  private grow(): void {
    const [firsts, seconds, ids] = [this.firsts, this.seconds, this.ids];
    const length = ids.length * 2;
    this.firsts = new Int32Array(length);
    this.seconds = new Int32Array(length);
    this.ids = new Int32Array(length);
    const mask = length - 1;
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] === 0) continue;
      const a = firsts[old] as number;
      const b = seconds[old] as number;
      let slot = slotOf(a, b, mask);
      while (this.ids[slot] !== 0) slot = (slot + 1) & mask;
      this.firsts[slot] = a;
      this.seconds[slot] = b;
      this.ids[slot] = ids[old] as number;
    }
  }
}

function slotOf(a: number, b: number, mask: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}

/** The ids of one canonicalization; dropped with it. */
export class ContentIds {
  private next = 1;
  private readonly nextId = (): number => this.next++;
  private readonly texts = new Map<string, number>();
  private readonly fullTexts = new Map<string, number>();
  /** (subtree, count) of a child standing for count > 1 siblings. */
  private readonly counted = new PairIds(this.nextId);
  /** (children so far, next child) while folding a children list. */
  private readonly folds = new PairIds(this.nextId);
  /** (own content, children list) of a node with children. */
  private readonly subtrees = new PairIds(this.nextId);

  private text(map: Map<string, number>, text: string): number {
    let id = map.get(text);
    if (id === undefined) {
      id = this.next++;
      map.set(text, id);
    }
    return id;
  }

  /**
   * The id of a node's subtree: its own content and its ordered, collapsed children with their
   * counts. A leaf's is its content id, which no id of a node with children can equal (each table
   * hands out ids of its own); a child of count 1 folds in as its subtree id, others as a
   * (subtree, count) id.
   */
  subtree(content: number, children: readonly { readonly subtree: number; readonly count: number }[]): number {
    if (children.length === 0) return content;
    let list = 0;
    for (const child of children) list = this.folds.id(list, child.count === 1 ? child.subtree : this.counted.id(child.subtree, child.count));
    return this.subtrees.id(content, list);
  }

  /**
   * A node's own content. The common case (no status message, no events, plain attribute values
   * in sorted-key maps, as canonicalize writes them) is one native JSON text of all its parts;
   * anything else the full content key.
   */
  own(name: string, service: string, kind: SpanKind, status: SpanStatus, attributes: Attributes, events: readonly CanonicalEvent[]): number {
    const plain = status.message === undefined && events.length === 0 ? plainAttributes(attributes) : 'no';
    if (plain === 'no') return this.text(this.fullTexts, ownContentKey(name, service, kind, status, attributes, events));
    // Key order is part of JSON.stringify's text: canonicalize writes sorted maps, others are sorted here.
    return this.text(this.texts, JSON.stringify([name, service, kind, status.code, plain === 'sorted' ? attributes : sortedCopy(attributes)]));
  }
}

/** Whether every value is JSON-exact, and if so whether the keys are already in sorted order. */
function plainAttributes(attributes: Attributes): 'sorted' | 'unsorted' | 'no' {
  let previous: string | undefined;
  let sorted = true;
  for (const key of Object.keys(attributes)) {
    if (previous !== undefined && !(previous < key)) sorted = false;
    previous = key;
    if (!isJsonExact(attributes[key] as AttributeValue)) return 'no';
  }
  return sorted ? 'sorted' : 'unsorted';
}

function sortedCopy(attributes: Attributes): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(attributes).sort()) {
    Object.defineProperty(out, key, { value: attributes[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
