// Span identity: service, name, kind and semantic attributes (old and new conventions), nothing else, independent of attribute order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spanIdentity } from '../../src/normalize/index.ts';
import { one } from './canonical-helpers.ts';

test('identity is service, name, kind and the semantic attributes, nothing else', () => {
  const node = one({
    name: 'POST /checkout',
    service: 'api-gateway',
    kind: 'server',
    attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200, 'url.path': '/checkout' },
  });
  assert.equal(spanIdentity(node), JSON.stringify(['api-gateway', 'POST /checkout', 'server', ['http.request.method', 'POST'], ['http.route', '/checkout']]));
});

test('old and new semantic conventions both feed identity; attribute order does not matter', () => {
  const a = one({ name: 'q', attributes: { 'db.system': 'postgresql', 'db.operation': 'SELECT', 'rpc.service': 'Inv', 'rpc.method': 'Get' } });
  const b = one({ name: 'q', attributes: { 'rpc.method': 'Get', 'rpc.service': 'Inv', 'db.operation': 'SELECT', 'db.system': 'postgresql' } });
  assert.equal(spanIdentity(a), spanIdentity(b));
  const c = one({ name: 'q', attributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'SELECT' } });
  assert.notEqual(spanIdentity(a), spanIdentity(c));
  assert.match(spanIdentity(c), /db\.system\.name/);
});

test('identity tells apart what differs in kind, destination or status-free attributes', () => {
  const publish = (destination: string) =>
    spanIdentity(one({ name: 'publish', kind: 'producer', attributes: { 'messaging.destination.name': destination } }));
  assert.notEqual(publish('shipping'), publish('billing'));
  assert.notEqual(spanIdentity(one({ name: 'x', kind: 'client' })), spanIdentity(one({ name: 'x', kind: 'server' })));
  assert.equal(
    spanIdentity(one({ name: 'x', attributes: { 'http.response.status_code': 200 } })),
    spanIdentity(one({ name: 'x', attributes: { 'http.response.status_code': 500 } })),
  );
});
