// Setting a key on a map being built from data (attributes, snapshot maps): `__proto__` is a legal
// attribute key, and a plain assignment of it would change the map's prototype instead. Pure.

/** Sets `key` on `target` as an own, enumerable data property, whatever the key. */
export function setOwnKey<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * `key`, or `key (2)`, `key (3)`… when `map` has it already: two keys that redact alike keep both
 * values. Each map remembers the next number per key, so that a map of many keys redacting alike
 * (a hostile one) costs a check per key, not one per key and number.
 */
export function freeKey(map: object, key: string): string {
  if (!Object.prototype.hasOwnProperty.call(map, key)) return key;
  let next = NEXT_SUFFIX.get(map);
  if (next === undefined) NEXT_SUFFIX.set(map, (next = new Map()));
  let n = next.get(key) ?? 2;
  while (Object.prototype.hasOwnProperty.call(map, `${key} (${n})`)) n++;
  next.set(key, n + 1);
  return `${key} (${n})`;
}

/**
 * Orders the values of the keys freeKey numbered in `map` (`K`, `K (2)`, …) by the values
 * themselves: the raw keys were secrets, whose order a next run does not repeat (rotated tokens
 * sort anew), so that nothing drifts when only the secrets changed. Keys keep their places.
 */
export function orderAlikeValues<V>(map: Record<string, V>): void {
  const next = NEXT_SUFFIX.get(map);
  if (next === undefined) return;
  for (const [base, end] of next) {
    const keys = [base];
    for (let n = 2; n < end; n++) if (Object.prototype.hasOwnProperty.call(map, `${base} (${n})`)) keys.push(`${base} (${n})`);
    const values = keys.map((key) => ({ value: map[key] as V, text: JSON.stringify(map[key]) ?? '' }));
    values.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    keys.forEach((key, i) => setOwnKey(map, key, (values[i] as { value: V }).value));
  }
}

const NEXT_SUFFIX = new WeakMap<object, Map<string, number>>();
