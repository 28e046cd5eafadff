// Proves that remembering which spans are optional per (attribute map object, name) answers as
// asking afresh does, whatever order spans that share maps come in, with and without globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AttributeValue, CanonicalNode } from '../../src/model/index.ts';
import { OptionalSpanMatcher } from '../../src/diff/apply-tolerances.ts';

const map = fc.dictionary(
  fc.constantFrom('db.system', 'db.system.name', 'db.statement', 'db.query.text', 'db.operation', 'http.route'),
  fc.constantFrom<AttributeValue>('postgresql', 'redis', 'SET search_path TO x', 'SELECT 1', 'SHOW x', 'SET', 'INSERT', '/x', 1),
  { maxKeys: 3 },
);
const name = fc.constantFrom('pg.connect', 'connect', 'SELECT', 'pg.query:SET mydb', 'dns.lookup', 'GET /x', 'cache warm');

test('remembered optional reasons are the reasons found afresh', () => {
  fc.assert(
    fc.property(fc.array(map, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(name, fc.nat(2)), { minLength: 1, maxLength: 30 }), fc.boolean(), (maps, asks, globs) => {
      const optional = { connections: true, spans: globs ? ['cache *'] : [] };
      const remembering = new OptionalSpanMatcher(optional);
      const fresh = new OptionalSpanMatcher(optional);
      for (const [spanName, at] of asks) {
        const attributes = maps[at % maps.length] as Record<string, AttributeValue>;
        const node: CanonicalNode = { name: spanName, service: 's', kind: 'client', attributes, status: { code: 'unset' }, events: [], count: 1, durationMs: 1, concurrent: false, children: [] };
        assert.equal(remembering.reason(node, true), fresh.reason(node));
      }
    }),
    { numRuns: 500 },
  );
});
