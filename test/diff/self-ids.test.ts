// Proves the diff index's self and body ids, interned from parts, decide what their texts did: two
// nodes get the same self id exactly when identity, stableStringify of the attributes (JSON's
// equalities: -0 is 0, NaN and infinities are null) and status with events are equal, and the
// same body id exactly when their children's multisets of (content, count) are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue, CanonicalEvent, CanonicalNode, CanonicalTree, SpanStatus } from '../../src/model/index.ts';
import { spanIdentity } from '../../src/normalize/index.ts';
import { indexCanonicalTree, Interner } from '../../src/diff/canonical-tree-index.ts';
import { stableStringify } from '../../src/diff/stable-stringify.ts';

const scalar = fc.constantFrom<AttributeValue>('a', '1', 1, 0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, 'true', 'null', '');
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.array(scalar, { maxLength: 1 }), { maxLength: 2 }) as fc.Arbitrary<AttributeValue>,
  fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2 }) as fc.Arbitrary<AttributeValue>,
);
const attributes = fc
  .array(fc.tuple(fc.constantFrom('a', 'b', 'c', '__proto__', 'http.method'), value), { maxLength: 3 })
  .map((entries) => {
    const out: Record<string, AttributeValue> = {};
    for (const [key, v] of entries) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
const status = fc.constantFrom<SpanStatus>({ code: 'unset' }, { code: 'error' }, { code: 'error', message: 'boom' }, { code: 'unset', message: '' });
const events = fc.constantFrom<readonly CanonicalEvent[]>([], [{ name: 'exception', attributes: {} }]);
const leaf = fc.record({ name: fc.constantFrom('a', 'b'), attributes, status, events, count: fc.integer({ min: 1, max: 2 }) });

function node(part: { name: string; attributes: Record<string, AttributeValue>; status: SpanStatus; events: readonly CanonicalEvent[]; count: number }, children: CanonicalNode[] = []): CanonicalNode {
  return { name: part.name, service: 's', kind: 'server', attributes: part.attributes, status: part.status, events: part.events, count: part.count, durationMs: 0, concurrent: false, children };
}

const selfText = (n: CanonicalNode): string =>
  `${spanIdentity(n)}|${stableStringify(n.attributes)}|${n.status.code}|${n.status.message ?? ''}|${stableStringify(n.events as readonly unknown[])}`;

test('self ids are equal exactly when identity, attribute, status and event texts are', () => {
  fc.assert(
    fc.property(fc.array(leaf, { minLength: 2, maxLength: 12 }), (parts) => {
      const tree: CanonicalTree = { roots: parts.map((part) => node(part)) };
      const index = indexCanonicalTree(tree, spanIdentity, new Interner());
      for (let a = 1; a < index.nodes.length; a++) {
        for (let b = 1; b < index.nodes.length; b++) {
          const sameText = selfText(index.nodes[a] as CanonicalNode) === selfText(index.nodes[b] as CanonicalNode);
          assert.equal(index.self[a] === index.self[b], sameText, `${selfText(index.nodes[a] as CanonicalNode)} vs ${selfText(index.nodes[b] as CanonicalNode)}`);
        }
      }
    }),
    { numRuns: 500 },
  );
});

test('body ids are equal exactly when the children, as a multiset of (content, count), are', () => {
  const parent = fc.array(leaf, { maxLength: 3 });
  fc.assert(
    fc.property(fc.array(parent, { minLength: 2, maxLength: 6 }), (groups) => {
      const tree: CanonicalTree = { roots: groups.map((kids) => node({ name: 'p', attributes: {}, status: { code: 'unset' }, events: [], count: 1 }, kids.map((kid) => node(kid)))) };
      const index = indexCanonicalTree(tree, spanIdentity, new Interner());
      const roots = (index.children[0] as number[]);
      const multiset = (i: number): string => (index.nodes[i] as CanonicalNode).children.map((kid) => `${selfText(kid)}*${kid.count}`).sort().join('\n');
      for (const a of roots) {
        for (const b of roots) assert.equal(index.body[a] === index.body[b], multiset(a) === multiset(b));
      }
    }),
    { numRuns: 500 },
  );
});
