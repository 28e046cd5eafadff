// Stable, content-only keys and hashes for canonical nodes: typed (200 ≠ "200"), independent of
// key order and of arrival order, so equal content sorts and collapses the same way every run.
import type { AttributeValue, Attributes, CanonicalEvent, SpanStatus } from '../model/index.ts';

/** A string that is equal for two attribute values exactly when they are deeply equal, typed. */
export function valueKey(value: AttributeValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '#-0' : `#${String(value)}`;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (Array.isArray(value)) return `[${value.map((item: AttributeValue) => valueKey(item)).join(',')}]`;
  return mapKey(value as Attributes);
}

function mapKey(map: Attributes): string {
  const keys = Object.keys(map).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const value = map[key];
    if (value !== undefined) parts.push(`${JSON.stringify(key)}:${valueKey(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The node's own content (not its children, duration, count or concurrency) as one string. */
export function ownContentKey(
  name: string,
  service: string,
  kind: string,
  status: SpanStatus,
  attributes: Attributes,
  events: readonly CanonicalEvent[],
): string {
  const eventKeys = events.map((event) => `${JSON.stringify(event.name)}${mapKey(event.attributes)}`).join(',');
  return [
    JSON.stringify(name),
    JSON.stringify(service),
    kind,
    status.code,
    status.message === undefined ? '-' : JSON.stringify(status.message),
    mapKey(attributes),
    `[${eventKeys}]`,
  ].join('|');
}

/**
 * A 64-bit hash (two independent 32-bit FNV-1a/murmur-mixed lanes) rendered as 16 hex digits.
 * Pure TS, so the core imports no node:crypto.
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
