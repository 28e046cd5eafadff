// One span's normalized attributes as entries in key order, in lists reused from span to span:
// the rule engine writes them, content ids find (or build) the shared map they make. Emptying a
// list by `length = 0` frees its store, so every span would allocate two new ones (issue 14).
import type { AttributeValue } from '../model/index.ts';

export class AttributeEntries {
  /** Only the first `size` items of `keys` and `values` are entries; the rest are stale. */
  readonly keys: string[] = [];
  readonly values: AttributeValue[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
    this.nextSuffix = undefined;
  }

  /** Appends an entry; keys must come in code-unit order. */
  push(key: string, value: AttributeValue): void {
    this.keys[this.size] = key;
    this.values[this.size] = value;
    this.size++;
  }

  /** The next number per key that freeKey handed out one for, in this span's entries. */
  private nextSuffix: Map<string, number> | undefined;

  /**
   * `key`, or `key (2)`, `key (3)`… when an entry has it already (two keys shown alike keep both
   * values); the next number per key is remembered, so a hostile map of many keys shown alike
   * costs a scan per key, not one per key and number.
   */
  freeKey(key: string): string {
    if (this.indexOf(key) < 0) return key;
    this.nextSuffix ??= new Map();
    let n = this.nextSuffix.get(key) ?? 2;
    while (this.indexOf(`${key} (${n})`) >= 0) n++;
    this.nextSuffix.set(key, n + 1);
    return `${key} (${n})`;
  }

  /**
   * Orders the values of keys shown alike (`K`, `K (2)`, …) by the values themselves: the raw keys
   * were secrets, and their order is nothing a next run repeats (rotated tokens sort anew), so that
   * a snapshot does not drift when only the secrets changed.
   */
  orderAlike(): void {
    if (this.nextSuffix === undefined) return;
    for (const [base, next] of this.nextSuffix) {
      const places = [this.indexOf(base)];
      for (let n = 2; n < next; n++) {
        const at = this.indexOf(`${base} (${n})`);
        if (at >= 0) places.push(at);
      }
      const texts = places.map((at) => ({ value: this.values[at] as AttributeValue, text: JSON.stringify(this.values[at]) }));
      texts.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      places.forEach((at, i) => {
        this.values[at] = (texts[i] as { value: AttributeValue }).value;
      });
    }
  }

  /** Where `key` is, or -1: a binary search, since entries are in key order. */
  private indexOf(key: string): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.keys[middle] as string;
      if (at === key) return middle;
      if (at < key) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Puts an entry in key order, replacing the value of an equal key. */
  put(key: string, value: AttributeValue): void {
    // Few keys are put (kept resource keys): a scan from the end finds the place.
    let at = this.size;
    while (at > 0 && (this.keys[at - 1] as string) > key) at--;
    if (at > 0 && this.keys[at - 1] === key) {
      this.values[at - 1] = value;
      return;
    }
    for (let i = this.size; i > at; i--) {
      this.keys[i] = this.keys[i - 1] as string;
      this.values[i] = this.values[i - 1] as AttributeValue;
    }
    this.keys[at] = key;
    this.values[at] = value;
    this.size++;
  }
}
