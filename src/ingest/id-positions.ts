// The position of the first span of each span id, for grouping one trace. A Map<string, number>
// of a 100k-span trace's ids took most of grouping's CPU (hashing fresh id strings, then three
// or four cache misses a lookup: bucket, entry, key). Ids in the model's form, 16 lowercase hex
// digits, are exactly a 64-bit number: they are held as two 32-bit halves in one flat typed-array
// hash table instead, one cache line a probe and nothing for the collector to trace. Any other
// id (a test's 'a', an id a decoder did not normalize) goes to a Map, so every string still works.

/** Per slot of the table: the id's high half, its low half, and its position + 1 (0: empty slot). */
const SLOT = 3;

// The halves of the id last read by readHex64, returned through these to allocate nothing.
let high = 0;
let low = 0;

/** The value of one lowercase hex digit, or -1 for any other character. */
function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Reads a 16-digit lowercase hex id into `high` and `low`; false for any other string. */
function readHex64(id: string): boolean {
  if (id.length !== 16) return false;
  let h = 0;
  let l = 0;
  for (let i = 0; i < 8; i++) {
    const digit = hexDigit(id.charCodeAt(i));
    if (digit < 0) return false;
    h = (h << 4) | digit;
  }
  for (let i = 8; i < 16; i++) {
    const digit = hexDigit(id.charCodeAt(i));
    if (digit < 0) return false;
    l = (l << 4) | digit;
  }
  high = h;
  low = l;
  return true;
}

/** Mixes both halves, so that ids that differ in a few digits (counters) still spread over the table. */
function hashOf(h: number, l: number): number {
  let x = Math.imul(l, 0x9e3779b1) ^ h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  return x ^ (x >>> 13);
}

/** A table of first positions by span id; see the functions below. */
export interface SpanIdPositions {
  readonly slots: Int32Array;
  readonly mask: number;
  /** Ids not in the model's form, with their positions. */
  others: Map<string, number> | undefined;
}

/** An empty table for at most `count` ids (it never grows). */
export function spanIdPositions(count: number): SpanIdPositions {
  let size = 16;
  while (size < count * 2) size *= 2;
  return { slots: new Int32Array(size * SLOT), mask: size - 1, others: undefined };
}

/** The position recorded for `id`, or -1 when none is. */
export function positionOf(table: SpanIdPositions, id: string): number {
  if (!readHex64(id)) return table.others?.get(id) ?? -1;
  const { slots, mask } = table;
  for (let slot = hashOf(high, low) & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    const stored = slots[at + 2] as number;
    if (stored === 0) return -1;
    if (slots[at] === high && slots[at + 1] === low) return stored - 1;
  }
}

/** The position recorded for `id` if there is one; otherwise records `position` and returns -1. */
export function positionOrAdd(table: SpanIdPositions, id: string, position: number): number {
  if (!readHex64(id)) {
    table.others ??= new Map();
    const known = table.others.get(id);
    if (known !== undefined) return known;
    table.others.set(id, position);
    return -1;
  }
  const { slots, mask } = table;
  for (let slot = hashOf(high, low) & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    const stored = slots[at + 2] as number;
    if (stored === 0) {
      slots[at] = high;
      slots[at + 1] = low;
      slots[at + 2] = position + 1;
      return -1;
    }
    if (slots[at] === high && slots[at + 1] === low) return stored - 1;
  }
}
