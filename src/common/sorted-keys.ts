// A map's own keys in code-unit order (as `Object.keys(map).sort()` gives them; object order puts
// integer-like keys first), without the sort when they already are: canonical attribute maps are
// written sorted, and normalize, its content ids and diff's index list the keys of every span's
// map (issue 14). Pure.

/**
 * Up to this many keys are sorted by insertion: `Array.prototype.sort` allocates its merge state
 * (about 0.9 kB) on every call, which for the few keys of each span's map was the largest
 * allocation of canonicalize (87 MB for 100k spans, all garbage).
 */
const INSERTION_SORT_MAX = 16;

export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  for (let i = 1; i < keys.length; i++) {
    if (!((keys[i - 1] as string) < (keys[i] as string))) return keys.length <= INSERTION_SORT_MAX ? insertionSort(keys) : keys.sort();
  }
  return keys;
}

/** Sorts distinct strings in place in code-unit order, as `sort()` does them. */
function insertionSort(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}
