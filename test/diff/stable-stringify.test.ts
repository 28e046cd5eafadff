// Proves stableStringify's native fast path gives the same text as the key-sorting walk it stands
// in for, on any attribute value: flat or nested, keys in any order, integer-like and odd keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue } from '../../src/model/index.ts';
import { stableStringify } from '../../src/diff/stable-stringify.ts';

/** The walk as it was before the fast path: every object's keys sorted, recursively. */
function reference(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const map = value as Record<string, unknown>;
  return `{${Object.keys(map).sort().map((key) => `${JSON.stringify(key)}:${reference(map[key])}`).join(',')}}`;
}

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b', 'http.route', '1', '10', '2', '__proto__', 'toJSON', 'Z', 'é'));
const primitive = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(-0));

function mapOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, primitive, fc.array(tie('value'), { maxLength: 4 }), tie('map')),
  map: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map(mapOf),
}));
// Flat maps with sorted keys: the shape the fast path takes.
const sortedFlat = fc
  .uniqueArray(fc.tuple(key, fc.oneof(primitive, fc.array(primitive, { maxLength: 3 }))), { selector: ([k]) => k, maxLength: 6 })
  .map((entries) => mapOf([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

test('the fast path and the sorting walk give the same text', () => {
  fc.assert(
    fc.property(fc.oneof(value, sortedFlat), (v) => {
      assert.equal(stableStringify(v as AttributeValue), reference(v));
    }),
    { numRuns: 5000 },
  );
});

test('key order does not change the text; types do', () => {
  assert.equal(stableStringify({ b: 1, a: [true, 's'] }), stableStringify({ a: [true, 's'], b: 1 }));
  assert.notEqual(stableStringify({ a: 200 }), stableStringify({ a: '200' }));
  assert.equal(stableStringify([{ b: 1, a: 2 }] as unknown as AttributeValue), '[{"a":2,"b":1}]');
});
