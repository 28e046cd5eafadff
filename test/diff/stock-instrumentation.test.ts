// Proves, from raw spans shaped like the stock Express, pg (+ Sequelize) and ioredis
// instrumentations, that two runs of unchanged behaviour give no drift though the order id in a
// cache key changed and only one run opened a pool connection, while a real change still fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES, diffTrees, hasBlockingDrift, resolveTolerances } from '../../src/diff/index.ts';
import { DEFAULT_NORMALIZE_RULES, normalizeTrace } from '../../src/normalize/index.ts';
import { formatPath, type Finding } from '../../src/model/index.ts';
import { trace, type SpanSpec } from '../normalize/span-builder.ts';

const OFF = resolveTolerances({ duration: 'off' }, DEFAULT_TOLERANCES, { file: 't' });

/** One `POST /orders`: order id `orderId`; with `connect`, the pool opens a connection first. */
function run(orderId: number, options: { connect?: boolean; cacheWrite?: boolean } = {}): SpanSpec[] {
  const pg = (id: string, start: number, statement: string, name = 'pg.query:SELECT shop'): SpanSpec => ({
    id, parent: '1', service: 'orders', kind: 'client', name, start, end: start + 1,
    attributes: { 'db.system': 'postgresql', 'db.name': 'shop', 'db.statement': statement },
  });
  const spans: SpanSpec[] = [
    { id: '1', service: 'orders', kind: 'server', name: 'POST /orders', start: 0, end: 40, attributes: { 'http.route': '/orders', 'http.request.method': 'POST' } },
  ];
  if (options.connect === true) {
    spans.push(
      { id: '2', parent: '1', service: 'orders', name: 'pg-pool.connect', start: 1, end: 4 },
      { id: '3', parent: '2', service: 'orders', kind: 'client', name: 'pg.connect', start: 1, end: 4, attributes: { 'db.system': 'postgresql' } },
      { id: '4', parent: '3', service: 'orders', name: 'tcp.connect', start: 1, end: 2 },
      pg('5', 4.5, 'SET client_min_messages TO warning', 'pg.query:SET shop'),
      pg('6', 6, "SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE", 'pg.query:SET shop'),
    );
  }
  spans.push(
    pg('a', 10, `SELECT "id", "price_cents" FROM "products" AS "Product" WHERE "Product"."sku" = 'A-1'`),
    pg('b', 15, `INSERT INTO "orders" ("id","total_cents") VALUES (${orderId},1200) RETURNING "id"`, 'pg.query:INSERT shop'),
  );
  if (options.cacheWrite !== false) {
    spans.push({
      id: 'c', parent: '1', service: 'orders', kind: 'client', name: 'set', start: 20, end: 21,
      attributes: { 'db.system': 'redis', 'db.statement': `set order:${orderId} [1 other arguments]` },
    });
  }
  return spans;
}

const canonicalOf = (specs: SpanSpec[]) => normalizeTrace(trace(specs), DEFAULT_NORMALIZE_RULES).canonical;
const blocking = (findings: readonly Finding[]): string[] =>
  findings.filter((finding) => finding.suppressed !== true).map((finding) => `${formatPath(finding.path)}: ${finding.message}`);

test('another order id and a pool connection in one run only: no drift', () => {
  const golden = canonicalOf(run(1));
  for (const current of [canonicalOf(run(2)), canonicalOf(run(3, { connect: true }))]) {
    const findings = diffTrees(golden, current, { tolerances: OFF });
    assert.deepEqual(blocking(findings), []);
    assert.equal(hasBlockingDrift(findings), false);
  }
  // The golden run caught the connection, this one did not: no drift either.
  assert.deepEqual(blocking(diffTrees(canonicalOf(run(1, { connect: true })), canonicalOf(run(2)), { tolerances: OFF })), []);
});

test('a missing cache write still fails, named at its span', () => {
  const findings = diffTrees(canonicalOf(run(1)), canonicalOf(run(2, { connect: true, cacheWrite: false })), { tolerances: OFF });
  assert.deepEqual(blocking(findings), ['orders › POST /orders › set: missing: ×1 → none']);
});
