// tbt's trigger span: method, status and content type kept, the port masked, and a JSON body replaced by its shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { one } from './canonical-helpers.ts';
import type { Attributes } from '../../src/model/index.ts';

const trigger = (body: string, extra: Attributes = {}): Attributes =>
  one({
    name: 'trigger POST /checkout',
    service: 'tbt',
    kind: 'client',
    attributes: {
      'http.request.method': 'POST',
      'url.full': 'http://127.0.0.1:39117/checkout',
      'url.path': '/checkout',
      'http.response.status_code': 200,
      'tbt.response.body': body,
      'tbt.response.headers': { 'content-type': 'application/json; charset=utf-8', date: 'Tue, 01 Jan', 'set-cookie': 's=1', etag: 'W/"1"' },
      ...extra,
    },
  }).attributes;

test('keeps method and status, masks the URL port, keeps only the content-type header', () => {
  const attributes = trigger('{}');
  assert.equal(attributes['http.request.method'], 'POST');
  assert.equal(attributes['http.response.status_code'], 200);
  assert.equal(attributes['url.full'], 'http://127.0.0.1:{port}/checkout');
  assert.deepEqual(attributes['tbt.response.headers'], { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(attributes['tbt.response.body'], undefined);
});

test('replaces a JSON body by its shape: sorted keys, value types, distinct element shapes', () => {
  const body = JSON.stringify({
    orderId: '550e8400-e29b-41d4-a716-446655440000',
    total: 12.5,
    paid: true,
    coupon: null,
    items: [{ sku: 'A', qty: 2 }, { qty: 1, sku: 'B' }, { sku: 'C', qty: 1, note: 'gift' }],
    'ship-to': { 'zip code': '12345' },
    tags: [],
  });
  assert.equal(
    trigger(body)['tbt.response.body_shape'],
    '{ coupon: null, items: [{ note: string, qty: number, sku: string } | { qty: number, sku: string }], orderId: string, paid: boolean, ship-to: { "zip code": string }, tags: [], total: number }',
  );
});

test('the same shape whatever the values, so ids in a body never move a snapshot', () => {
  const a = trigger(JSON.stringify({ id: 'a1', n: 1, byId: { '550e8400-e29b-41d4-a716-446655440000': { ok: true } } }));
  const b = trigger(JSON.stringify({ n: 999, id: 'zz-top', byId: { '6ba7b810-9dad-11d1-80b4-00c04fd430c8': { ok: false } } }));
  assert.equal(a['tbt.response.body_shape'], b['tbt.response.body_shape']);
  assert.equal(a['tbt.response.body_shape'], '{ byId: { "{uuid}": { ok: boolean } }, id: string, n: number }');
});

test('non-JSON and empty bodies', () => {
  assert.equal(trigger('hello world')['tbt.response.body_shape'], '<text, 11 bytes>');
  assert.equal(trigger('héllo')['tbt.response.body_shape'], '<text, 6 bytes>');
  assert.equal(
    trigger('order 550e8400-e29b-41d4-a716-446655440000 ok')['tbt.response.body_shape'],
    trigger('order 6ba7b810-9dad-11d1-80b4-00c04fd430c8 ok')['tbt.response.body_shape'],
  );
  assert.equal(trigger('')['tbt.response.body_shape'], '<empty>');
  assert.equal(trigger('42')['tbt.response.body_shape'], 'number');
});

test('a very deep JSON body is cut, not a stack overflow', () => {
  const body = '['.repeat(5000) + ']'.repeat(5000);
  assert.match(String(trigger(body)['tbt.response.body_shape']), /…/);
});

test('other spans keep a tbt.response.body attribute as it is', () => {
  const node = one({ name: 'handler', service: 'api', attributes: { 'tbt.response.body': '{"a":1}' } });
  assert.equal(node.attributes['tbt.response.body'], '{"a":1}');
});
