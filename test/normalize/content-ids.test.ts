// Proves canonicalize's fast content keys decide what the full ones did: two nodes get the same
// content id exactly when their full content keys are equal (typed values, -0, NaN, key order,
// status messages, events), subtree ids are equal exactly when the structure is (content, children,
// counts), and the double-arithmetic duration rounds as the bigint one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue, Attributes, CanonicalEvent, SpanKind, SpanStatus } from '../../src/model/index.ts';
import { ContentIds } from '../../src/normalize/content-ids.ts';
import { ownContentKey } from '../../src/normalize/content-hash.ts';
import { durationMs } from '../../src/normalize/canonicalize.ts';

const scalar = fc.constantFrom<AttributeValue>('a', 'b', '1', 1, 1.5, 0, -0, Number.NaN, Number.POSITIVE_INFINITY, true, false, 'true');
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2 }));
const attributes = fc
  .array(fc.tuple(fc.constantFrom('a', 'b', 'c', '1', '10'), value), { maxLength: 3 })
  .map((entries) => {
    const out: Record<string, AttributeValue> = {};
    for (const [key, v] of entries) out[key] = v;
    return out as Attributes;
  });
const status = fc.constantFrom<SpanStatus>({ code: 'unset' }, { code: 'error' }, { code: 'error', message: 'boom' });
const events = fc.constantFrom<readonly CanonicalEvent[]>([], [{ name: 'exception', attributes: {} }]);
const node = fc.record({
  name: fc.constantFrom('GET /a', 'GET', 'n{id}'),
  service: fc.constantFrom('api', 'db'),
  kind: fc.constantFrom<SpanKind>('server', 'client'),
  status,
  attributes,
  events,
});

test('content ids are equal exactly when full content keys are', () => {
  fc.assert(
    fc.property(node, node, (a, b) => {
      const ids = new ContentIds();
      const key = (n: typeof a): string => ownContentKey(n.name, n.service, n.kind, n.status, n.attributes, n.events);
      const id = (n: typeof a): number => ids.own(n.name, n.service, n.kind, n.status, n.attributes, n.events);
      assert.equal(id(a) === id(b), key(a) === key(b));
    }),
    { numRuns: 5000 },
  );
});

test('durations round to the microsecond as the bigint arithmetic does', () => {
  const reference = (start: bigint, end: bigint): number => (end - start <= 0n ? 0 : Number((end - start + 500n) / 1000n) / 1000);
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 62n }), fc.bigInt({ min: -(2n ** 20n), max: 2n ** 62n }), (start, length) => {
      assert.equal(durationMs(start, start + length), reference(start, start + length));
    }),
    { numRuns: 5000 },
  );
  for (const ns of [1n, 499n, 500n, 1499n, 1500n, 2n ** 53n - 1001n, 2n ** 53n, 2n ** 60n + 12345n]) assert.equal(durationMs(0n, ns), reference(0n, ns));
});

interface Tree {
  readonly content: number;
  readonly count: number;
  readonly children: readonly Tree[];
}
const tree = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.record({
    content: fc.integer({ min: 0, max: 2 }),
    count: fc.integer({ min: 1, max: 3 }),
    children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([]), fc.array(tie('tree'), { maxLength: 3 })),
  }),
})).tree;

test('subtree ids are equal exactly when content, children and their counts are', () => {
  // The structure a subtree id stands for, spelled out.
  const key = (t: Tree): string => `${t.content}(${t.children.map((c) => `${key(c)}*${c.count}`).join(',')})`;
  fc.assert(
    fc.property(fc.array(tree, { minLength: 2, maxLength: 6 }), (trees) => {
      const ids = new ContentIds();
      // Own content ids from the ids' own text table, as canonicalize gets them.
      const contents = [0, 1, 2].map((c) => ids.own(`n${c}`, 's', 'server', { code: 'unset' }, {}, []));
      const subtree = (t: Tree): number => ids.subtree(contents[t.content] as number, t.children.map((c) => ({ subtree: subtree(c), node: { count: c.count } })));
      const computed = trees.map(subtree);
      for (let i = 0; i < trees.length; i++) {
        for (let j = 0; j < trees.length; j++) {
          assert.equal(computed[i] === computed[j], key(trees[i] as Tree) === key(trees[j] as Tree));
        }
      }
    }),
    { numRuns: 3000 },
  );
});
