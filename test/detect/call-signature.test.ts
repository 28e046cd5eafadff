// Call signatures: SQL shapes and id masking, and the grouping key, label and parameters of SQL, key-value, HTTP, RPC and messaging calls (outbound spans only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callSignature } from '../../src/detect/call-signature.ts';
import { looseName } from '../../src/detect/loose-name.ts';
import { maskIds } from '../../src/normalize/index.ts';
import { sqlShape } from '../../src/detect/sql-shape.ts';
import type { Attributes, SpanKind } from '../../src/model/index.ts';
import { synthTree } from './support/trees.ts';

function signature(name: string, attributes: Attributes, kind: SpanKind = 'client', service = 'app') {
  const span = synthTree({ name, service, kind, start: 0, end: 1, attributes }).roots[0]?.span;
  assert.ok(span);
  return callSignature(span);
}

test('sqlShape masks literals, numbers and placeholders and collapses IN lists and VALUES rows', () => {
  assert.deepEqual(sqlShape("SELECT * FROM t WHERE a = 'x''y' AND b = 42 AND c IN (1, 2, 3)"), {
    text: 'SELECT * FROM t WHERE a = ? AND b = ? AND c IN (?)',
    literals: 5,
    placeholders: 0,
  });
  assert.deepEqual(sqlShape('SELECT sku, qty FROM stock WHERE sku IN ($1, $2, :third, ?)'), {
    text: 'SELECT sku, qty FROM stock WHERE sku IN (?)',
    literals: 0,
    placeholders: 4,
  });
  assert.equal(sqlShape('INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?);').text, 'INSERT INTO t (a, b) VALUES (?, ?)');
  assert.equal(sqlShape('/* hint */ SELECT  x::int\n FROM "t1" -- trailing\n WHERE id = 7').text, 'SELECT x::int FROM "t1" WHERE id = ?');
});

test('maskIds masks numbers, uuids, hex and id-like codes, and keeps words and versions', () => {
  assert.equal(maskIds('/users/42/orders/a790148b-8331-4730-8b5e-cbc93b41be85'), '/users/{id}/orders/{uuid}');
  assert.equal(maskIds('/api/products/9SIQT8TOJO'), '/api/products/{id}');
  assert.equal(maskIds('/v2/clients/zipkin-sample-id'), '/v2/clients/zipkin-sample-id');
  assert.equal(maskIds('driver:T776999C'), 'driver:{id}');
  assert.equal(looseName('GET /users/{id}'), looseName('GET /users/:id'));
  assert.equal(looseName('get /clients/_uuid_'), looseName('GET /clients/{id}'));
});

test('SQL: same statement shape groups; inline literals are known parameters, bound ones are not', () => {
  const a = signature('SELECT stock', { 'db.system': 'sqlite', 'db.query.text': "SELECT qty FROM stock WHERE sku = 'A-1'" });
  const b = signature('SELECT stock', { 'db.system': 'sqlite', 'db.query.text': "SELECT qty FROM stock WHERE sku = 'B-7'" });
  const bound = signature('SELECT stock', { 'db.system': 'sqlite', 'db.query.text': 'SELECT qty FROM stock WHERE sku = ?' });
  assert.equal(a?.kind, 'sql');
  assert.equal(a?.shapeKey, b?.shapeKey);
  assert.equal(a?.shapeKey, bound?.shapeKey);
  assert.notEqual(a?.params, b?.params);
  assert.equal(bound?.params, undefined);
  assert.equal(a?.label, 'sqlite SELECT qty FROM stock WHERE sku = ?');
  assert.equal(signature('COMMIT', { 'db.system': 'postgresql', 'db.statement': 'COMMIT' }), undefined);
});

test('key-value: the command plus the key with its ids masked; the raw statement is the parameters', () => {
  const a = signature('HGET', { 'db.system': 'redis', 'db.statement': 'HGET cart:a790148b-8331-4730-8b5e-cbc93b41be85 items' });
  const b = signature('HGET', { 'db.system': 'redis', 'db.statement': 'HGET cart:b790148b-8331-4730-8b5e-cbc93b41be85 items' });
  const set = signature('HGET', { 'db.system': 'redis', 'db.statement': 'HMSET cart:b790148b-8331-4730-8b5e-cbc93b41be85 x 1' });
  assert.equal(a?.label, 'redis HGET cart:{uuid}');
  assert.equal(a?.shapeKey, b?.shapeKey);
  assert.notEqual(a?.params, b?.params);
  assert.notEqual(a?.shapeKey, set?.shapeKey);
});

test('HTTP: method, host and masked path without the query; the full URL is the parameters', () => {
  const a = signature('HTTP GET', { 'http.request.method': 'GET', 'url.full': 'http://0.0.0.0:8083/route?pickup=1%2C2' });
  const b = signature('HTTP GET', { 'http.request.method': 'GET', 'url.full': 'http://0.0.0.0:8083/route?pickup=3%2C4' });
  const customer = signature('HTTP GET', { 'http.request.method': 'GET', 'url.full': 'http://0.0.0.0:8081/customer?customer=1' });
  assert.equal(a?.label, 'GET 0.0.0.0/route');
  assert.equal(a?.shapeKey, b?.shapeKey);
  assert.notEqual(a?.params, b?.params);
  assert.notEqual(a?.shapeKey, customer?.shapeKey);
  // Zipkin-style: the method only in the name, a bare path.
  const zipkin = signature('get /clients/_uuid_', { 'http.path': '/clients/zipkin-sample-id' });
  assert.equal(zipkin?.label, 'GET /clients/zipkin-sample-id');
  assert.ok(zipkin?.params);
  assert.equal(signature('post', { 'http.method': 'POST' })?.params, undefined, 'no URL: the target is unknown');
});

test('RPC and messaging: service/method, and system/operation/destination', () => {
  const rpc = signature('oteldemo.CartService/AddItem', { 'rpc.system': 'grpc', 'rpc.service': 'oteldemo.CartService', 'rpc.method': 'AddItem' });
  assert.equal(rpc?.label, 'grpc oteldemo.CartService/AddItem');
  assert.equal(rpc?.params, undefined);
  const publish = signature('publish shipping-queue', { 'messaging.system': 'tinyqueue', 'messaging.operation.type': 'publish', 'messaging.destination.name': 'shipping-queue' }, 'producer');
  assert.equal(publish?.label, 'tinyqueue publish shipping-queue');
  assert.equal(publish?.params, '', 'a message without a key attribute still has a known (empty) payload key');
  const keyed = signature('publish orders', { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.kafka.message.key': 'o-1', 'messaging.message.id': 'm-77' }, 'producer');
  assert.equal(keyed?.params, 'messaging.kafka.message.key=o-1');
  assert.equal(signature('poll orders', { 'messaging.system': 'kafka', 'messaging.operation.type': 'receive' }), undefined);
});

test('only outbound calls have a signature: server and consumer spans do not', () => {
  assert.equal(signature('GET /x', { 'http.request.method': 'GET' }, 'server'), undefined);
  assert.equal(signature('process q', { 'messaging.system': 'kafka' }, 'consumer'), undefined);
  assert.equal(signature('compute', {}, 'internal'), undefined);
  assert.equal(signature('SELECT t', { 'db.system': 'sqlite', 'db.query.text': 'SELECT 1' }, 'internal')?.kind, 'sql');
  const generic = signature('GetDriver', { 'param.driverID': 'T1', 'thread.id': 7 });
  assert.deepEqual([generic?.kind, generic?.label, generic?.params], ['generic', 'app GetDriver', 'param.driverID=T1']);
});

test('a long ORM statement keeps its table in the label: the column list gives way, not the FROM', () => {
  const columns = Array.from({ length: 12 }, (_, i) => `"column_${i}"`).join(', ');
  const long = signature('pg.query:SELECT shop', { 'db.system': 'postgresql', 'db.statement': `SELECT ${columns} FROM "products" AS "Product" WHERE "Product"."sku" = $1 AND "Product"."deleted_at" IS NULL` });
  assert.equal(long?.label, 'postgresql SELECT … FROM "products" …');
  const short = signature('SELECT stock', { 'db.system': 'sqlite', 'db.query.text': 'SELECT sku, qty FROM stock WHERE sku IN (?)' });
  assert.equal(short?.label, 'sqlite SELECT sku, qty FROM stock WHERE sku IN (?)');
});
