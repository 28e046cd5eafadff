// Masking of ids, uuids, hex, times, dates, ports and numbers in attribute values, names and status messages, and the attributes normalization drops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from '../../src/model/index.ts';
import { one } from './canonical-helpers.ts';

const cases: { key: string; input: string; expected: string }[] = [
  { key: 'order.id', input: 'order 550e8400-e29b-41d4-a716-446655440000 placed', expected: 'order {uuid} placed' },
  { key: 'order.id', input: '550E8400-E29B-41D4-A716-446655440000', expected: '{uuid}' },
  { key: 'trace.ref', input: 'trace 4bf92f3577b34da6a3ce929d0e0e4736', expected: 'trace {hex}' },
  { key: 'span.ref', input: '00f067aa0ba902b7', expected: '{hex}' },
  { key: 'short.hex', input: 'cafe1234', expected: 'cafe1234' },
  { key: 'glued.hex', input: 'order_4bf92f3577b34da6a3ce929d0e0e4736-x', expected: 'order_{hex}-x' },
  { key: 'at', input: 'created 2024-05-01T12:34:56.789Z', expected: 'created {time}' },
  { key: 'at', input: '2024-05-01 12:34:56+02:00', expected: '{time}' },
  { key: 'on', input: 'due 2024-05-01', expected: 'due {date}' },
  { key: 'url.full', input: 'http://127.0.0.1:43127/orders/42/items/7?page=2', expected: 'http://127.0.0.1:{port}/orders/{id}/items/{id}?page=2' },
  { key: 'url.full', input: 'https://api.example.com:8443/v1/orders/42', expected: 'https://api.example.com:8443/v1/orders/{id}' },
  { key: 'url.path', input: '/orders/42', expected: '/orders/{id}' },
  { key: 'http.target', input: '/orders/12345?x=1', expected: '/orders/{id}?x=1' },
  { key: 'http.host', input: 'localhost:3000', expected: 'localhost:{port}' },
  { key: 'peer', input: 'http://[::1]:9000/x', expected: 'http://[::1]:{port}/x' },
  { key: 'other.text', input: 'room 42/7', expected: 'room 42/7' },
  { key: 'db.statement', input: 'SELECT qty FROM stock WHERE id = 42', expected: 'SELECT qty FROM stock WHERE id = ?' },
  { key: 'db.statement', input: "SELECT * FROM t WHERE name = 'O''Brien' AND x > -1.5e3", expected: 'SELECT * FROM t WHERE name = ? AND x > -?' },
  { key: 'db.query.text', input: 'SELECT * FROM t1 WHERE id IN (1, 2, 3) AND k IN (?, ?)', expected: 'SELECT * FROM t1 WHERE id IN (?) AND k IN (?)' },
  { key: 'db.statement', input: "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", expected: 'INSERT INTO t (a, b) VALUES (?, ?), ...' },
  { key: 'db.statement', input: 'SELECT * FROM t WHERE a = $1 LIMIT 10 OFFSET 0x1F', expected: 'SELECT * FROM t WHERE a = $1 LIMIT ? OFFSET ?' },
  { key: 'db.statement', input: "SELECT * FROM t WHERE u = '550e8400-e29b-41d4-a716-446655440000'", expected: 'SELECT * FROM t WHERE u = ?' },
  { key: 'not.sql', input: 'retry 3 of 5', expected: 'retry 3 of 5' },
];

for (const { key, input, expected } of cases) {
  test(`masks ${key}: ${JSON.stringify(input)}`, () => {
    assert.equal(one({ attributes: { [key]: input } }).attributes[key], expected);
  });
}

test('masks inside arrays and nested kvlists, and keeps non-string types', () => {
  const node = one({
    attributes: {
      list: ['550e8400-e29b-41d4-a716-446655440000', 7, true],
      nested: { when: '2024-05-01T00:00:00Z', n: 3 },
      code: 200,
      text: '200',
    },
  });
  assert.deepEqual(node.attributes['list'], ['{uuid}', 7, true] satisfies AttributeValue);
  assert.deepEqual(node.attributes['nested'], { n: 3, when: '{time}' });
  assert.equal(node.attributes['code'], 200);
  assert.equal(node.attributes['text'], '200');
});

test('span names and status messages are masked too', () => {
  const node = one({
    name: 'GET /orders/42',
    status: { code: 'error', message: 'order 550e8400-e29b-41d4-a716-446655440000 not found' },
  });
  assert.equal(node.name, 'GET /orders/{id}');
  assert.deepEqual(node.status, { code: 'error', message: 'order {uuid} not found' });
});

test('drops ids, ports, user agents, threads, code locations and resource attributes', () => {
  const node = one({
    attributes: {
      'http.request.method': 'GET',
      'client.port': 51234,
      'server.port': 8080,
      'net.peer.port': 40000,
      'network.peer.address': '127.0.0.1',
      'network.protocol.version': '1.1',
      'user_agent.original': 'node',
      'thread.id': 7,
      'code.lineno': 12,
      'code.function': 'placeOrder',
      'messaging.message.id': 'm-1',
      'http.request.header.date': ['Tue'],
      'http.response.header.content-type': ['application/json'],
    },
    resource: { 'service.name': 'svc', 'host.name': 'box', 'telemetry.sdk.version': '2.0', 'process.pid': 1 },
  });
  assert.deepEqual(Object.keys(node.attributes), [
    'code.function',
    'http.request.method',
    'http.response.header.content-type',
    'network.protocol.version',
  ]);
});

test('span events keep their name and normalized attributes, without the stack trace', () => {
  const node = one({
    events: [
      { name: 'exception', at: 2, attributes: { 'exception.type': 'Error', 'exception.message': 'id 00f067aa0ba902b7', 'exception.stacktrace': 'at x (/a.js:1:2)' } },
      { name: 'retry', at: 1 },
    ],
  });
  assert.deepEqual(node.events, [
    { name: 'retry', attributes: {} },
    { name: 'exception', attributes: { 'exception.message': 'id {hex}', 'exception.type': 'Error' } },
  ]);
});
