// Sorting without Array.prototype.sort's allocation for the short lists a trace has one of per
// span or per parent: a map's keys, a parent's children (issue 14). Pure.

/**
 * Up to this many items are sorted by insertion: `Array.prototype.sort` allocates its merge state
 * (about 0.9 kB) on every call, which for the few keys of each span's attribute map was the
 * largest allocation of canonicalize (87 MB for 100k spans, all garbage).
 */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts `items` in place as `items.sort(compare)` does (stable, the same order for a consistent
 * comparator), and returns it.
 */
export function sortInPlace<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > INSERTION_SORT_MAX) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    // Only a strictly greater item moves past: equal ones keep their order, as a stable sort does.
    for (; j >= 0 && compare(items[j] as T, item) > 0; j--) items[j + 1] = items[j] as T;
    items[j + 1] = item;
  }
  return items;
}

/**
 * A map's own keys in code-unit order (as `Object.keys(map).sort()` gives them; object order puts
 * integer-like keys first), without the sort when they already are: canonical attribute maps are
 * written sorted, and normalize, its content ids and diff's index list the keys of every span's map.
 */
export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  for (let i = 1; i < keys.length; i++) {
    if (!((keys[i - 1] as string) < (keys[i] as string))) return sortInPlace(keys, compareCodeUnits);
  }
  return keys;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
