// Setting a key on a map being built from data (attributes, snapshot maps): `__proto__` is a legal
// attribute key, and a plain assignment of it would change the map's prototype instead. Pure.

/** Sets `key` on `target` as an own, enumerable data property, whatever the key. */
export function setOwnKey<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `key`, or `key (2)`, `key (3)`… when `map` has it already: two keys that redact alike keep both values. */
export function freeKey(map: object, key: string): string {
  let place = key;
  for (let n = 2; Object.prototype.hasOwnProperty.call(map, place); n++) place = `${key} (${n})`;
  return place;
}
