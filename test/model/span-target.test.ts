// A span's target has one home (model/span-target.ts): paths print the display target (a bare
// method's URL path, a DB span's missing table) and detect reads the call target, each as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbCallTarget, formatPath, httpCallTarget, messagingDestination, nameWithTarget, pathSegmentOf, rpcCallTarget } from '../../src/model/index.ts';

test('a span named by a bare method shows its URL path, without the query, in its path', () => {
  const segment = pathSegmentOf({ service: 'api', name: 'POST', attributes: { 'url.full': 'https://pay.example.test/v1/charges?x=1' } });
  assert.deepEqual(segment, { service: 'api', name: 'POST', target: '/v1/charges' });
  assert.equal(formatPath([segment]), 'api › POST /v1/charges');
  // A template names the route as the code wrote it, and wins over the path.
  assert.equal(pathSegmentOf({ service: 'api', name: 'GET', attributes: { 'url.template': '/orders/{id}', 'url.path': '/orders/7' } }).target, '/orders/{id}');
});

test('a DB span whose name lacks its table shows the table and operation; one that names it shows none', () => {
  const attributes = { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM "shop"."products" WHERE id = ?' };
  assert.equal(pathSegmentOf({ service: 'inv', name: 'pg.query:SELECT shop', attributes }).target, '(products)');
  assert.equal(pathSegmentOf({ service: 'inv', name: 'pg.query', attributes }).target, '(SELECT products)');
  assert.equal(pathSegmentOf({ service: 'inv', name: 'SELECT products', attributes }).target, undefined);
  assert.equal(nameWithTarget('pg.query', '(SELECT products)'), 'pg.query (SELECT products)');
  assert.equal(nameWithTarget('pg.query', undefined), 'pg.query');
});

test('call targets read every spelling of the attributes detect groups calls by', () => {
  assert.deepEqual(httpCallTarget('GET', { 'url.full': 'http://inventory:8080/stock/42?sku=A' }), { method: 'GET', host: 'inventory', path: '/stock/42', raw: 'http://inventory:8080/stock/42?sku=A' });
  assert.deepEqual(httpCallTarget('fetch', { 'http.method': 'post', 'http.route': 'orders', 'server.address': 'orders' }), { method: 'POST', host: 'orders', path: '/orders', raw: 'orders' });
  assert.equal(httpCallTarget('work', {}), undefined);
  assert.deepEqual(dbCallTarget({ 'cassandra.query': 'SELECT 1' }), { statement: 'SELECT 1', system: 'cassandra', operation: undefined, collection: undefined });
  assert.deepEqual(dbCallTarget({ 'db.system': 'mongodb', 'db.operation': 'find', 'db.mongodb.collection': 'carts' }), { statement: undefined, system: 'mongodb', operation: 'find', collection: 'carts' });
  assert.deepEqual(rpcCallTarget('x', { 'rpc.system': 'grpc', 'rpc.service': 'Pay', 'rpc.method': 'Charge' }), { system: 'grpc', target: 'Pay/Charge' });
  assert.deepEqual(messagingDestination({ 'kafka.topic': 'orders-7' }), { name: 'orders-7' });
  assert.deepEqual(messagingDestination({ 'messaging.destination.template': 'orders-{id}', 'messaging.destination.name': 'orders-7' }), { template: 'orders-{id}' });
});
