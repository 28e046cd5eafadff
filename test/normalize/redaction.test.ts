// Secret redaction: values under credential keys and credential-looking values anywhere are redacted; look-alike keys and words keep their values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED } from '../../src/normalize/rule-engine.ts';
import { one } from './canonical-helpers.ts';

const secretKeys = [
  'http.request.header.authorization',
  'http.request.header.proxy-authorization',
  'http.request.header.cookie',
  'http.response.header.set-cookie',
  'Authorization',
  'auth.token',
  'accessToken',
  'refresh_token',
  'db.password',
  'client_secret',
  'x-api-key',
  'API_KEY',
  'apikey',
  'rpc.grpc.request.metadata.authorization',
  'app.credentials',
];

for (const key of secretKeys) {
  test(`redacts the value of ${key}`, () => {
    assert.equal(one({ attributes: { [key]: 'hunter2' } }).attributes[key], REDACTED);
  });
}

test('keys that merely contain a credential word are left alone', () => {
  const attributes = { 'gen_ai.usage.input_tokens': 12, 'messaging.kafka.message.key': 'k', 'author.name': 'ann', 'secretariat.floor': 3 };
  assert.deepEqual(one({ attributes }).attributes, attributes);
});

test('redacts whole values, arrays and maps under a secret key', () => {
  const node = one({ attributes: { 'http.request.header.cookie': ['a=1', 'b=2'], token: { nested: 'x' }, password: 42 } });
  assert.deepEqual(node.attributes, { 'http.request.header.cookie': REDACTED, password: REDACTED, token: REDACTED });
});

test('redacts inside kvlists such as header maps, case-insensitively', () => {
  const node = one({
    attributes: {
      'app.request.headers': { Authorization: 'Bearer abc', 'X-Api-Key': 'k', Accept: 'application/json', inner: { 'Set-Cookie': 's=1' } },
    },
  });
  assert.deepEqual(node.attributes['app.request.headers'], {
    Accept: 'application/json',
    Authorization: REDACTED,
    'X-Api-Key': REDACTED,
    inner: { 'Set-Cookie': REDACTED },
  });
});

test('credential-looking values are redacted under any key', () => {
  const node = one({
    attributes: {
      note: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      basic: 'Basic dXNlcjpwYXNz',
      url: 'https://api.example.com/pay?api_key=sk_live_123&amount=5&access_token=t0k&code=oauth-code',
      dsn: 'postgres://app:s3cret@db.internal:5432/shop',
      conn: 'Server=db;User Id=app;Password=s3cret;',
      jwt: 'id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-part here',
    },
  });
  assert.equal(node.attributes['note'], REDACTED);
  assert.equal(node.attributes['basic'], REDACTED);
  assert.equal(node.attributes['url'], 'https://api.example.com/pay?api_key=[REDACTED]&amount=5&access_token=[REDACTED]&code=[REDACTED]');
  assert.equal(node.attributes['dsn'], 'postgres://app:[REDACTED]@db.internal:5432/shop');
  assert.equal(node.attributes['conn'], 'Server=db;User Id=app;Password=[REDACTED];');
  assert.equal(node.attributes['jwt'], 'id [REDACTED] here');
});

// Secrets inside values: found by a review, each one survived normalization before.
const secretsInValues: [string, string, string][] = [
  ['camelCase query parameter', 'url.full', 'https://api.test/x?accessToken=S3CR3TVALUE&page=2'],
  ['URL fragment', 'url.full', 'https://app.test/cb#access_token=S3CR3TVALUE'],
  ['bearer token inside a message', 'exception.message', 'request failed with Authorization: Bearer S3CR3TVALUE123'],
  ['JSON inside a statement', 'db.statement', 'db.users.insert({"name":"ann","password":"S3CR3TVALUE"})'],
];

for (const [what, key, value] of secretsInValues) {
  test(`masks a secret in a value: ${what}`, () => {
    const masked = one({ attributes: { [key]: value } }).attributes[key];
    assert.equal(typeof masked, 'string');
    assert.doesNotMatch(masked as string, /S3CR3TVALUE/, `${key}: ${String(masked)}`);
  });
}

test('words that only look like parameters keep their values', () => {
  const attributes = { 'url.full': 'https://maps.test/find?zipcode=12345&keyword=cafe' };
  assert.deepEqual(one({ attributes }).attributes['url.full'], 'https://maps.test/find?zipcode=12345&keyword=cafe');
});
