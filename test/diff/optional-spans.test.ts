// Proves that connection set-up spans (pool connects, DNS lookups, session SET/SHOW statements)
// coming, going or repeating is never drift by default, stays visible as suppressed findings,
// can be switched off or extended in `tolerances.optional`, and that a real change still fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES, diffTrees, hasBlockingDrift, resolveTolerances, type Tolerances } from '../../src/diff/index.ts';
import { isConnectionSetup } from '../../src/normalize/index.ts';
import { TbtError, type CanonicalNode } from '../../src/model/index.ts';
import { brief, span, tree } from './trees.ts';

const WHERE = { file: 'tbt.config.yaml', line: 4, column: 3 };
const OFF = resolveTolerances({ duration: 'off' }, DEFAULT_TOLERANCES, WHERE);

const pg = (statement: string, name = 'pg.query:SELECT orders'): CanonicalNode =>
  span(name, { service: 'orders', kind: 'client', attributes: { 'db.system': 'postgresql', 'db.statement': statement } });
const connect = (): CanonicalNode => span('pg-pool.connect', { service: 'orders' }, [span('pg.connect', { service: 'orders', kind: 'client' })]);
const session = (): CanonicalNode[] => [
  pg('SET client_min_messages TO warning', 'pg.query:SET orders'),
  pg("SET TIME ZONE INTERVAL ? HOUR TO MINUTE", 'pg.query:SET orders'),
];
const handler = (children: readonly CanonicalNode[]): CanonicalNode =>
  span('POST /orders', { service: 'orders', kind: 'server', attributes: { 'http.route': '/orders' } }, children);
const query = (): CanonicalNode => pg('SELECT * FROM products WHERE sku = $1');
const insert = (): CanonicalNode => pg('INSERT INTO orders (sku) VALUES ($1)', 'pg.query:INSERT orders');

function diff(golden: CanonicalNode, current: CanonicalNode, tolerances: Tolerances = OFF) {
  return diffTrees(tree(golden), tree(current), { tolerances });
}

test('recognises connects, DNS lookups and session statements, and not the work itself', () => {
  const yes = [
    span('pg.connect'), span('pg-pool.connect'), span('tcp.connect'), span('tls.connect'), span('dns.lookup'),
    span('mysql.connect'), span('mongodb.connect'), span('amqplib.connect'), span('redis-connect'),
    span('connect', { attributes: { 'db.system': 'redis' } }),
    ...session(),
    pg('SHOW server_version', 'SHOW orders'),
    pg('SELECT version()', 'pg.query:SELECT orders'),
    pg('SELECT typname, oid FROM pg_type WHERE typname IN (?)'),
    span('pg.query:SET orders', { attributes: { 'db.system': 'postgresql' } }),
  ];
  const no = [
    query(), insert(), pg('SET LOCAL statement_timeout = ?', 'pg.query:SET orders'),
    pg('UPDATE stock SET qty = qty - ? WHERE sku = $1', 'pg.query:UPDATE orders'),
    span('set', { attributes: { 'db.system': 'redis', 'db.statement': 'set order:{id} [? other arguments]' } }),
    span('connect'), span('POST /connect'), span('GET', { attributes: { 'url.path': '/connect' } }),
  ];
  for (const node of yes) assert.equal(isConnectionSetup(node), true, node.name);
  for (const node of no) assert.equal(isConnectionSetup(node), false, `${node.name} ${String(node.attributes['db.statement'])}`);
});

test('a pool connect plus session statements that appear mid-request are no drift, and verbose shows them', () => {
  const golden = handler([query(), insert()]);
  const current = handler([connect(), ...session(), query(), insert()]);
  const findings = diff(golden, current);
  assert.equal(hasBlockingDrift(findings), false, brief(findings).join('\n'));
  assert.deepEqual(brief(findings), [
    'unexpected (suppressed): POST /orders/pg-pool.connect: unexpected: none → ×1',
    'unexpected (suppressed): POST /orders/pg.query:SET orders: unexpected: none → ×1',
    'unexpected (suppressed): POST /orders/pg.query:SET orders: unexpected: none → ×1',
  ]);
  assert.ok(findings.every((finding) => finding.tolerance === 'optional: connection set-up'));
  // And the other way round: the golden run caught the connect, this one did not.
  assert.equal(hasBlockingDrift(diff(current, golden)), false);
});

test('one of several look-alike requests opening a connection changes no count', () => {
  const item = (children: CanonicalNode[], count: number): CanonicalNode =>
    span('GET /items/{id}', { service: 'items', kind: 'server', count }, children);
  const golden = span('GET /cart', {}, [item([query()], 3)]);
  const current = span('GET /cart', {}, [item([query()], 2), item([connect(), query()], 1)]);
  const findings = diff(golden, current);
  assert.equal(hasBlockingDrift(findings), false, brief(findings).join('\n'));
});

test('a connect under another request this time is not a move', () => {
  const request = (name: string, children: CanonicalNode[]) => span(name, { service: 'orders', kind: 'server' }, children);
  const golden = span('root', {}, [request('A', [connect(), query()]), request('B', [insert()])]);
  const current = span('root', {}, [request('A', [query()]), request('B', [connect(), insert()])]);
  const findings = diff(golden, current);
  assert.equal(hasBlockingDrift(findings), false, brief(findings).join('\n'));
  assert.ok(!findings.some((finding) => finding.kind === 'moved'));
});

test('real drift next to an optional span still fails', () => {
  const golden = handler([query(), insert()]);
  const current = handler([connect(), query()]);
  const findings = diff(golden, current);
  assert.equal(hasBlockingDrift(findings), true);
  assert.deepEqual(
    findings.filter((finding) => finding.suppressed !== true).map((finding) => `${finding.kind} ${finding.path.at(-1)?.name}`),
    ['missing pg.query:INSERT orders'],
  );
});

test('tolerances.optional: connections false checks them; spans adds names; a test section merges', () => {
  const strict = resolveTolerances({ duration: 'off', optional: { connections: false } }, DEFAULT_TOLERANCES, WHERE);
  assert.equal(hasBlockingDrift(diff(handler([query()]), handler([connect(), query()]), strict)), true);

  const more = resolveTolerances({ duration: 'off', optional: { spans: ['cache warm*'] } }, DEFAULT_TOLERANCES, WHERE);
  const warm = span('cache warm-up', { service: 'orders' });
  assert.equal(hasBlockingDrift(diff(handler([query()]), handler([warm, query()]), more)), false);
  assert.equal(hasBlockingDrift(diff(handler([query()]), handler([warm, query()]), OFF)), true);

  const merged = resolveTolerances({ optional: { spans: ['other'] } }, more, WHERE);
  assert.deepEqual(merged.optional, { connections: true, spans: ['cache warm*', 'other'] });
});

test('bad tolerances.optional sections are config errors naming the key', () => {
  const error = (raw: unknown): string => {
    try {
      resolveTolerances(raw, DEFAULT_TOLERANCES, WHERE);
    } catch (caught) {
      assert.ok(caught instanceof TbtError);
      return caught.message;
    }
    return assert.fail('no error');
  };
  assert.match(error({ optional: true }), /tolerances\.optional: expected a mapping/);
  assert.match(error({ optional: { connection: false } }), /tolerances\.optional\.connection: unknown key/);
  assert.match(error({ optional: { connections: 'no' } }), /tolerances\.optional\.connections: expected true or false/);
  assert.match(error({ optional: { spans: [1] } }), /tolerances\.optional\.spans: expected a list/);
});
