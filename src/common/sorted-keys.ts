// A map's own keys in code-unit order (as `Object.keys(map).sort()` gives them; object order puts
// integer-like keys first), without the sort when they already are: canonical attribute maps are
// written sorted, and normalize, its content ids and diff's index list the keys of every span's
// map (issue 14). Pure.

export function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  for (let i = 1; i < keys.length; i++) {
    if (!((keys[i - 1] as string) < (keys[i] as string))) return keys.sort();
  }
  return keys;
}
