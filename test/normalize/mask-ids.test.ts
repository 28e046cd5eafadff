// Proves the one id masker: which parts after `:`, `/`, `-`, `#` are ids and which are names,
// that the canonical tree applies it to statements, keys, destinations, names and paths only,
// and that the detectors' masker gives the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskIds, resolveNormalizeRules, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { maskSeparatedIds } from '../../src/normalize/mask-ids.ts';
import { one } from './canonical-helpers.ts';

const masked: readonly (readonly [string, string])[] = [
  ['set order:1 [1 other arguments]', 'set order:{id} [1 other arguments]'],
  ['hgetall cart:1001', 'hgetall cart:{id}'],
  ['/users/42/orders', '/users/{id}/orders'],
  ['/orders/42.json', '/orders/{id}.json'],
  ['GET /api/products/9SIQT8TOJO', 'GET /api/products/{id}'],
  ['driver:T776999C', 'driver:{id}'],
  ['reply-queue-5f2a9c1e', 'reply-queue-{id}'],
  ['order-42 placed', 'order-{id} placed'],
  ['ticket #1234', 'ticket #{id}'],
  ['session:abc123def', 'session:{id}'],
  ['/files/report_2024_05', '/files/{id}'],
  ['/devices/21283159-db7e-4b0a-a5d5-XXXXXXXXXXXX/status', '/devices/{id}/status'],
];

const kept: readonly string[] = [
  '/v1/charges',
  '/api/v2/clients/zipkin-sample-id',
  'HTTP/1.1',
  'HTTP/2 GET',
  'ipv4',
  'content-type: text/plain; charset=utf-8',
  'iso-8859-1',
  'hash:sha256',
  '/encode/base64',
  'sha-256',
  'SELECT * FROM order_items2 WHERE id = ?',
  'SELECT x::int4 FROM t',
  'https://api.example.com:8443/v1/orders',
  'node:20.6',
  'from 10-20',
  'shipping-queue',
  'retry 3 of 5',
];

for (const [input, expected] of masked) {
  test(`masks the id in ${JSON.stringify(input)}`, () => {
    assert.equal(maskSeparatedIds(input), expected);
    assert.equal(maskIds(input), expected);
  });
}

for (const input of kept) {
  test(`keeps ${JSON.stringify(input)}`, () => {
    assert.equal(maskSeparatedIds(input), input);
  });
}

test('the detectors\' masker adds uuids and hex ids first, as the canonical rules do', () => {
  assert.equal(maskIds('/users/42/orders/a790148b-8331-4730-8b5e-cbc93b41be85'), '/users/{id}/orders/{uuid}');
  assert.equal(maskIds('trace:4bf92f3577b34da6a3ce929d0e0e4736'), 'trace:{hex}');
});

test('the canonical tree masks ids in statements, cache keys, destinations, span names and paths', () => {
  const node = one({
    name: 'GET /orders/42',
    attributes: {
      'db.query.text': 'set order:2 [1 other arguments]',
      'db.statement': 'HGETALL cart:77',
      'messaging.destination.name': 'reply-1234',
      'url.path': '/orders/42',
      'url.full': 'https://api.example.com:8443/v1/orders/42',
      'order.note': 'order:2',
    },
  });
  assert.equal(node.name, 'GET /orders/{id}');
  assert.deepEqual(node.attributes, {
    'db.query.text': 'set order:{id} [? other arguments]',
    'db.statement': 'HGETALL cart:{id}',
    'messaging.destination.name': 'reply-{id}',
    'order.note': 'order:2',
    'url.full': 'https://api.example.com:8443/v1/orders/{id}',
    'url.path': '/orders/{id}',
  });
});

test('two runs that differ only in the id give one canonical value', () => {
  const first = one({ attributes: { 'db.query.text': 'set order:1 [1 other arguments]' } });
  const second = one({ attributes: { 'db.query.text': 'set order:2 [1 other arguments]' } });
  assert.deepEqual(first.attributes, second.attributes);
});

test('`normalize: { disable: [mask-ids] }` keeps ids, and `ids:` adds keys', () => {
  const where = { file: 't.yaml', line: 1, column: 1 };
  const without = resolveNormalizeRules({ disable: ['mask-ids'] }, DEFAULT_NORMALIZE_RULES, where);
  assert.equal(one({ name: 'GET /orders/42' }, without).name, 'GET /orders/42');
  const more = resolveNormalizeRules({ ids: ['order.note'] }, DEFAULT_NORMALIZE_RULES, where);
  assert.equal(one({ attributes: { 'order.note': 'order:2' } }, more).attributes['order.note'], 'order:{id}');
});
