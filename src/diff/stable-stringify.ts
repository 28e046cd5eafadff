// A canonical text of an attribute value (object keys sorted), so that two equal attribute maps
// give the same text whatever order their keys came in. Diff keys content and compares values on it.
import type { AttributeValue } from '../model/index.ts';

function isPrimitive(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * True when JSON.stringify gives the canonical text as it is: an array of primitives, or a map
 * whose keys are already in sorted order and whose values are primitives or arrays of them. That
 * is every canonical tree's attribute map (normalize sorts keys), so the native call does the work.
 */
function isFlatAndSorted(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPrimitive(value[i])) return false;
    return true;
  }
  const map = value as Readonly<Record<string, unknown>>;
  let previous: string | undefined;
  for (const key in map) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) return false;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    const item = map[key];
    if (isPrimitive(item)) continue;
    if (!Array.isArray(item)) return false;
    for (let i = 0; i < item.length; i++) if (!isPrimitive(item[i])) return false;
  }
  return true;
}

/** Object keys sorted, so that two equal attribute maps give the same text. */
export function stableStringify(value: AttributeValue | readonly unknown[] | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (isFlatAndSorted(value)) return JSON.stringify(value);
  // Loops rather than map/join: this runs on every span's attributes, 200k times for 100k spans.
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + stableStringify(value[i] as AttributeValue);
    return `${text}]`;
  }
  const map = value as Readonly<Record<string, AttributeValue>>;
  const keys = Object.keys(map);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    text += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:${stableStringify(map[key])}`;
  }
  return `${text}}`;
}
