// Interned ids for ordered pairs of integers, for canonicalize's content ids and diff's tree
// index: both fold many small facts into one number per span (issue 14). Pure.

/** The largest part a pair may have: the tables hold 32-bit integers. */
export const MAX_PAIR_PART = 2 ** 31 - 1;

/**
 * Ids for ordered pairs of ids: an open-addressing table in typed arrays, so a lookup allocates
 * nothing (a Map keyed by `a * 2^26 + b` boxed a number per lookup, and a 100k-span trace asks
 * for several per span). Ids come from the owner's counter, which starts at 1 (0 marks an empty
 * slot): each table's ids are its own, so ids of different tables never meet.
 */
export class PairIds {
  private firsts = new Int32Array(1 << 10);
  private seconds = new Int32Array(1 << 10);
  /** 0 marks an empty slot: ids start at 1. */
  private ids = new Int32Array(1 << 10);
  private size = 0;

  constructor(private readonly nextId: () => number) {}

  /** The id of (a, b); both must be integers in 0 .. MAX_PAIR_PART. */
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
