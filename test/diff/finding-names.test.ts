// Proves that findings point at the right span: look-alike DB siblings are told apart by table,
// two findings never share a key, an extra overlapping publish is a count change, and order
// findings name both spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES, diffTrees, resolveTolerances } from '../../src/diff/index.ts';
import { formatPath, type CanonicalNode, type Finding } from '../../src/model/index.ts';
import { span, tree } from './trees.ts';

const OFF = resolveTolerances({ duration: 'off' }, DEFAULT_TOLERANCES, { file: 't' });
const diff = (golden: CanonicalNode, current: CanonicalNode): Finding[] => diffTrees(tree(golden), tree(current), { tolerances: OFF });
const lines = (findings: readonly Finding[]): string[] => findings.map((finding) => `${formatPath(finding.path)}: ${finding.message}`);

const pg = (table: string, init: Partial<CanonicalNode> = {}): CanonicalNode =>
  span('pg.query:SELECT shop', {
    service: 'orders', kind: 'client', ...init,
    attributes: { 'db.system': 'postgresql', 'db.statement': `SELECT * FROM ${table} WHERE sku = $1`, ...init.attributes },
  });
const handler = (children: readonly CanonicalNode[]): CanonicalNode => span('POST /orders', { service: 'orders', kind: 'server' }, children);

test('same-named pg siblings are told apart in paths by their table', () => {
  const findings = diff(handler([pg('products'), pg('stock')]), handler([pg('products'), pg('stock', { count: 3 })]));
  assert.deepEqual(lines(findings), ['orders › POST /orders › pg.query:SELECT shop (stock): count: ×1 → ×3']);
  const stock = findings[0]?.path.at(-1);
  assert.deepEqual(stock, { service: 'orders', name: 'pg.query:SELECT shop', target: '(stock)' });
});

test('two findings never share a key, even on look-alike siblings', () => {
  const golden = handler([pg('stock', { attributes: { 'row.sku': 'a' } }), pg('stock', { attributes: { 'row.sku': 'b' } })]);
  const current = handler([
    pg('stock', { attributes: { 'row.sku': 'a', 'db.rows': 1 } }),
    pg('stock', { attributes: { 'row.sku': 'b', 'db.rows': 1 } }),
  ]);
  const findings = diff(golden, current);
  assert.equal(findings.length, 2);
  const keys = findings.map((finding) => finding.key);
  assert.equal(new Set(keys).size, 2, keys.join(' | '));
  assert.equal(keys[1], `${keys[0]}#2`);
});

test('an extra publish that overlapped the first is a count change ×1 → ×2, not an unexpected ×1', () => {
  const publish = (children: CanonicalNode[], init: Partial<CanonicalNode> = {}): CanonicalNode =>
    span('publish shipping-queue', { service: 'api-gateway', kind: 'producer', attributes: { 'messaging.destination.name': 'shipping-queue' }, ...init }, children);
  const process = (): CanonicalNode => span('process shipping-queue', { service: 'shipping-worker', kind: 'consumer' }, [span('create shipment', { service: 'shipping-worker' })]);
  const gateway = (children: CanonicalNode[]): CanonicalNode => span('POST /checkout', { service: 'api-gateway', kind: 'server' }, children);
  // The second publish overlapped the first, and its consumer had not (yet) done the same work.
  const findings = diff(
    gateway([publish([process()])]),
    gateway([publish([process()]), publish([span('process shipping-queue', { service: 'shipping-worker', kind: 'consumer' })], { concurrent: true })]),
  );
  assert.deepEqual(lines(findings), ['api-gateway › POST /checkout › publish shipping-queue: count: ×1 → ×2']);
});

test('order findings name both spans by name and target, never two bare POSTs', () => {
  const client = (path: string): CanonicalNode =>
    span('POST', { service: 'api-gateway', kind: 'client', attributes: { 'http.request.method': 'POST', 'url.full': `http://127.0.0.1:{port}${path}` } });
  const gateway = (children: CanonicalNode[]): CanonicalNode => span('POST /checkout', { service: 'api-gateway', kind: 'server' }, children);
  const findings = diff(gateway([client('/orders'), client('/pay')]), gateway([client('/pay'), client('/orders')]));
  assert.deepEqual(
    findings.map((finding) => finding.message),
    ['order: POST /orders now after POST /pay (was before)'],
  );
});

test('two long values that differ late are both cut around where they differ, so the change shows', () => {
  const insert = (rows: number): string => `INSERT INTO "order_items" ("id","order_id","sku","qty") VALUES ${Array.from({ length: rows }, () => '(DEFAULT,?,?,?)').join(',')} RETURNING "id"`;
  const golden = handler([span('INSERT', { service: 'orders', kind: 'client', attributes: { 'db.statement': insert(1) } })]);
  const current = handler([span('INSERT', { service: 'orders', kind: 'client', attributes: { 'db.statement': insert(4) } })]);
  const [finding] = diff(golden, current);
  const [before, after] = (finding?.message ?? '').replace('attribute db.statement: ', '').split(' → ');
  assert.match(before ?? '', /^….*VALUES \(DEFAULT,\?,\?,\?\) RETURNING \\"id\\""$/, finding?.message);
  assert.match(after ?? '', /^….*VALUES \(DEFAULT,\?,\?,\?\),\(DEFAULT,\?,\?,\?\)/, finding?.message);
  for (const side of [before, after]) assert.ok((side ?? '').length <= 80, side);
  // The values themselves are whole in the finding.
  assert.equal(finding?.before, insert(1));
  assert.equal(finding?.after, insert(4));
});

test('short values, and long ones that differ early, read from their start', () => {
  const node = (statement: string): CanonicalNode => handler([span('SELECT', { service: 'orders', kind: 'client', attributes: { 'db.statement': statement } })]);
  const long = (table: string): string => `SELECT * FROM ${table} WHERE ${'a = ? AND '.repeat(12)}b = ?`;
  const [early] = diff(node(long('stock')), node(long('items')));
  assert.match(early?.message ?? '', /^attribute db\.statement: "SELECT \* FROM stock WHERE .*… → "SELECT \* FROM items WHERE .*…$/);
  const [short] = diff(node('SELECT 1'), node('SELECT 2'));
  assert.equal(short?.message, 'attribute db.statement: "SELECT 1" → "SELECT 2"');
});
