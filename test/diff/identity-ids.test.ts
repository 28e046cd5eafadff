// Proves the diff index's identities interned from parts decide what the identity texts did: two
// nodes get the same identity id exactly when their spanIdentity texts are equal (typed values,
// -0, NaN, arrays, absent groups, a group's later key standing in for its first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue, CanonicalNode, CanonicalTree, SpanKind } from '../../src/model/index.ts';
import { spanIdentity } from '../../src/normalize/index.ts';
import { indexCanonicalTree, Interner } from '../../src/diff/canonical-tree-index.ts';

const value = fc.constantFrom<AttributeValue>('GET', 'POST', '1', 1, 0, -0, Number.NaN, null as unknown as AttributeValue, true, 'true', ['a', 1], ['a', '1'], '/orders', '');
const key = fc.constantFrom('http.request.method', 'http.method', 'http.route', 'url.path', 'db.system', 'db.system.name', 'rpc.method', 'other');
const node = fc.record({
  name: fc.constantFrom('a', 'b', 'GET /x', '"'),
  service: fc.constantFrom('s', 't', ''),
  kind: fc.constantFrom<SpanKind>('server', 'client', 'internal'),
  attributes: fc.dictionary(key, value, { maxKeys: 4 }),
});

function tree(parts: readonly { name: string; service: string; kind: SpanKind; attributes: Record<string, AttributeValue> }[]): CanonicalTree {
  const roots: CanonicalNode[] = parts.map((part) => ({ ...part, status: { code: 'unset' }, events: [], count: 1, durationMs: 0, concurrent: false, children: [] }));
  return { roots };
}

test('identity ids from parts are equal exactly when the identity texts are', () => {
  fc.assert(
    fc.property(fc.array(node, { minLength: 1, maxLength: 30 }), (parts) => {
      const index = indexCanonicalTree(tree(parts), spanIdentity, new Interner());
      const nodes = index.nodes.slice(1);
      const ids = Array.from(index.identity.slice(1));
      for (let a = 0; a < nodes.length; a++) {
        for (let b = 0; b < nodes.length; b++) {
          const sameText = spanIdentity(nodes[a] as CanonicalNode) === spanIdentity(nodes[b] as CanonicalNode);
          assert.equal(ids[a] === ids[b], sameText, `${spanIdentity(nodes[a] as CanonicalNode)} vs ${spanIdentity(nodes[b] as CanonicalNode)}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('a custom identity is interned from its own text', () => {
  const index = indexCanonicalTree(tree([{ name: 'a', service: 's', kind: 'server', attributes: {} }, { name: 'b', service: 's', kind: 'server', attributes: {} }]), (n) => n.service, new Interner());
  assert.equal(index.identity[1], index.identity[2]);
});
