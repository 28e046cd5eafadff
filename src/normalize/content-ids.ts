// Integer ids for canonical content, equal exactly when the content is: a node's own content
// (name, service, kind, status, attributes, events) and its subtree (own content plus the ordered,
// collapsed children and their counts). Collapsing siblings compares these ids instead of long
// key texts, which a 100k-span trace would build, flatten and hash once per span (issue 14).
import type { AttributeValue, Attributes, CanonicalEvent, SpanKind, SpanStatus } from '../model/index.ts';
import { ownContentKey } from './content-hash.ts';

const PAIR_LIMIT = 2 ** 26;

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

/** The ids of one canonicalization; dropped with it. */
export class ContentIds {
  private next = 1;
  private readonly texts = new Map<string, number>();
  private readonly fullTexts = new Map<string, number>();
  private readonly pairs = new Map<number, number>();
  /** The id of a node with no children, as the start of a children fold. */
  readonly noChildren = 0;

  private text(map: Map<string, number>, text: string): number {
    let id = map.get(text);
    if (id === undefined) {
      id = this.next++;
      map.set(text, id);
    }
    return id;
  }

  /** An id for the ordered pair (a, b). */
  pair(a: number, b: number): number {
    if (a >= PAIR_LIMIT || b >= PAIR_LIMIT) return this.text(this.texts, `\u0000${a}:${b}`);
    const key = a * PAIR_LIMIT + b;
    let id = this.pairs.get(key);
    if (id === undefined) {
      id = this.next++;
      this.pairs.set(key, id);
    }
    return id;
  }

  /**
   * A node's own content. The common case (no status message, no events, plain attribute values
   * in sorted-key maps, as canonicalize writes them) is built from interned parts and one native
   * JSON text of the attributes; anything else from the full content key.
   */
  own(name: string, service: string, kind: SpanKind, status: SpanStatus, attributes: Attributes, events: readonly CanonicalEvent[]): number {
    const plain = status.message === undefined && events.length === 0 ? plainAttributes(attributes) : 'no';
    if (plain === 'no') return this.text(this.fullTexts, ownContentKey(name, service, kind, status, attributes, events));
    // Texts that cannot collide with one another: a JSON object opens with `{`, the rest do not.
    const head = this.pair(this.pair(this.text(this.texts, `n${name}`), this.text(this.texts, `s${service}`)), this.text(this.texts, `k${kind}|${status.code}`));
    // Key order is part of JSON.stringify's text: canonicalize writes sorted maps, others are sorted here.
    return this.pair(head, this.text(this.texts, JSON.stringify(plain === 'sorted' ? attributes : sortedCopy(attributes))));
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
