// A memo of one key's masked values that rests where values hardly repeat. Span names and enum-like
// values repeat, and a hit skips the masks; statements with literals, urls and request ids do not
// (a 100k-span trace: 63k distinct statements in 63k), and there every lookup only hashed and
// stored a fresh string that was never asked for again (issue 14). The memo changes no result.

/** Lookups over which the hit rate is judged. */
const WINDOW = 1024;
/** Lookups skipped after a window with fewer hits than this fraction of the lookups. */
const REST = 16 * WINDOW;
const MIN_HIT_FRACTION = 1 / 4;
/** A full memo is dropped (values of one key can be unbounded). */
const LIMIT = 20_000;

export class ValueCache {
  private readonly map = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  /** Lookups still to skip, while resting. */
  private resting = 0;

  /** The memoized result for `value`, or undefined (also while resting: then `set` stores nothing). */
  get(value: string): string | undefined {
    if (this.resting > 0) {
      this.resting--;
      return undefined;
    }
    const found = this.map.get(value);
    this.lookups++;
    if (found !== undefined) this.hits++;
    if (this.lookups === WINDOW) {
      if (this.hits < WINDOW * MIN_HIT_FRACTION) {
        // The next trial starts empty, so it measures repeats within its own window.
        this.resting = REST;
        this.map.clear();
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return found;
  }

  set(value: string, masked: string): void {
    if (this.resting > 0) return;
    if (this.map.size >= LIMIT) this.map.clear();
    this.map.set(value, masked);
  }
}
