// Secret redaction: values under credential keys and credential-looking values anywhere are redacted; look-alike keys and words keep their values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED } from '../../src/normalize/rule-engine.ts';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES, redactTrace, secretRedactor } from '../../src/normalize/index.ts';
import type { Span } from '../../src/model/index.ts';
import { one } from './canonical-helpers.ts';
import { CORPUS_SECRETS, type CorpusSecret } from './secret-corpus.ts';
import { span, trace } from './span-builder.ts';

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

// Keys and the parts of a span beside its attributes: found by a review (a token used as a map
// key reached snapshots; `receive --out` saved resources and scopes as they came).
const github = CORPUS_SECRETS.find((secret) => secret.name === 'GitHub classic PAT') as CorpusSecret;
const githubToken = github.text;
/** How a key or value that is the token shows: its prefix says what it was, the rest is gone. */
const shownToken = `ghp_${REDACTED}`;

test('a secret used as an attribute key is redacted in the key, and the map stays sorted', () => {
  const node = one({ attributes: { zeta: 'z', [githubToken]: '1', alpha: 'a', headers: { [`x-key.${githubToken}`]: 'v' } } });
  const keys = Object.keys(node.attributes);
  assert.ok(!JSON.stringify(node.attributes).includes(github.secret.slice(0, 10)), JSON.stringify(node.attributes));
  assert.equal(node.attributes[shownToken], '1');
  assert.deepEqual(node.attributes['headers'], { [`x-key.${shownToken}`]: 'v' });
  assert.deepEqual(keys, [...keys].sort());
});

test('a secret in a service\'s name is redacted in the canonical tree, as a key\'s is; a scoped rule still matches the raw name', () => {
  const service = `api-${githubToken}`;
  const node = one({ service, name: 'GET /', attributes: { note: 'ORD-7' } });
  assert.equal(node.service, `api-${shownToken}`);
  assert.equal(one({ service: 'checkout', name: 'GET /' }).service, 'checkout');
  const scoped = { rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'mask' as const, pattern: 'ORD-\\d+', ignoreCase: false, replacement: 'ORD-{n}', where: { service } }] };
  assert.equal(one({ service, name: 'GET /', attributes: { note: 'ORD-7' } }, scoped).attributes['note'], 'ORD-{n}');
});

test('keys that redact alike keep both values, the second as `(2)`', () => {
  const other = `ghp_${(CORPUS_SECRETS.find((secret) => secret.name === 'GitHub OAuth token') as CorpusSecret).secret}`;
  const [first, second] = [githubToken, other].sort();
  const node = one({ attributes: { [githubToken]: githubToken === first ? 'a' : 'b', [other]: other === first ? 'a' : 'b' } });
  assert.deepEqual(node.attributes, { [shownToken]: 'a', [`${shownToken} (2)`]: 'b' });
  assert.ok(second !== undefined);
});

test('values of keys that redact alike are ordered by value: rotated secrets as keys are no drift', () => {
  const token = (body: string): string => `ghp_${body}${'x1Y2z3'.repeat(6)}`;
  const before = one({ attributes: { [token('Zq9')]: 'alice', [token('Ab1')]: 'bob' } }).attributes;
  const rotated = one({ attributes: { [token('Ab7')]: 'alice', [token('Zq3')]: 'bob' } }).attributes;
  assert.deepEqual(before, { [shownToken]: 'alice', [`${shownToken} (2)`]: 'bob' });
  assert.deepEqual(rotated, before);
});

test('inside a nested map and in redactTrace (receive --out) too, values of keys that redact alike are ordered by value', () => {
  const token = (body: string): string => `ghp_${body}${'x1Y2z3'.repeat(6)}`;
  const nested = (a: string, b: string) => one({ attributes: { headers: { [token(a)]: 'alice', [token(b)]: 'bob' } } }).attributes['headers'];
  assert.deepEqual(nested('Zq9', 'Ab1'), { [shownToken]: 'alice', [`${shownToken} (2)`]: 'bob' });
  assert.deepEqual(nested('Ab7', 'Zq3'), nested('Zq9', 'Ab1'));
  const redacted = (a: string, b: string) => {
    const raw = span({ id: '1', attributes: { [token(a)]: 'alice', [token(b)]: 'bob', headers: { [token(a)]: 'alice', [token(b)]: 'bob' } } });
    return redactTrace({ traceId: 't', spans: [raw], warnings: [] }, secretRedactor(DEFAULT_NORMALIZE_RULES)).spans[0]?.attributes;
  };
  assert.deepEqual(redacted('Zq9', 'Ab1'), { [shownToken]: 'alice', [`${shownToken} (2)`]: 'bob', headers: { [shownToken]: 'alice', [`${shownToken} (2)`]: 'bob' } });
  assert.deepEqual(redacted('Ab7', 'Zq3'), redacted('Zq9', 'Ab1'));
});

test('a shown key that sorts after a raw key is put in its place, not appended', () => {
  // `ghp_[REDACTED]` sorts after `ghp_Z` ('[' > 'Z') while the raw token sorts before it.
  const node = one({ attributes: { [githubToken]: '1', ghp_Z: '2', zeta: '3' } });
  assert.deepEqual(Object.keys(node.attributes), ['ghp_Z', shownToken, 'zeta']);
  assert.deepEqual(node.attributes, { ghp_Z: '2', [shownToken]: '1', zeta: '3' });
});

test('redactTrace hides secrets in resources, scopes, services and attribute keys, once per shared object', () => {
  const resource = { 'service.name': 'api', 'db.url': 'postgres://app:ResPgPw7Hy6Gt5@db:5432/shop', 'deploy.note': githubToken };
  const scope = { name: 'lib', version: githubToken, attributes: { password: 'ScopeAttrPw3Ed2Ws1' } };
  const spans = [1, 2].map((n) => ({ ...span({ id: String(n), attributes: { [githubToken]: 'x', [shownToken]: 'y', headers: { [githubToken]: 'v' } } }), resource, scope }));
  const shown = redactTrace({ traceId: 't', spans, warnings: [] }, secretRedactor(DEFAULT_NORMALIZE_RULES));
  const text = JSON.stringify(shown.spans, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
  for (const secret of [github.secret.slice(0, 10), 'ResPgPw7Hy6Gt5', 'ScopeAttrPw3Ed2Ws1']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
  const [first, second] = shown.spans as [Span, Span];
  assert.equal(first.resource['db.url'], 'postgres://app:[REDACTED]@db:5432/shop');
  assert.equal(first.scope.attributes['password'], REDACTED);
  // A key that redacts to one already there keeps both values.
  assert.deepEqual(first.attributes, { [shownToken]: 'x', [`${shownToken} (2)`]: 'y', headers: { [shownToken]: 'v' } });
  assert.equal(first.scope.version, shownToken);
  assert.equal(first.resource, second.resource);
  assert.equal(first.scope, second.scope);
});

test('redactTrace keeps a trace without secrets as it is', () => {
  const plain = trace([{ id: '1', attributes: { 'http.route': '/a' } }]);
  assert.equal(redactTrace(plain, secretRedactor(DEFAULT_NORMALIZE_RULES)), plain);
});

test('a quoted password after a colon is redacted, its quotes kept', () => {
  const node = one({ attributes: { 'log.message': 'config loaded: password: "QuotedPw7Hy6Gt5"', other: "db password: 'LogQuotedPw4Rf5Tg6' ok", ok: 'password: "${env:DB_PASSWORD}"' } });
  assert.equal(node.attributes['log.message'], `config loaded: password: "${REDACTED}"`);
  assert.equal(node.attributes['other'], `db password: '${REDACTED}' ok`);
  assert.equal(node.attributes['ok'], 'password: "${env:DB_PASSWORD}"');
});

test('more credential keys: a passphrase, a signing key, session ids, auth as a key\'s last word, and a db or mail pass', () => {
  for (const key of ['passphrase', 'app.signing_key', 'http.request.header.x-session-id', 'session.id', 'http.request.header.x-auth', 'auth', 'db.pass', 'smtp.auth.pass', 'pass']) {
    assert.equal(one({ attributes: { [key]: 'hunter2' } }).attributes[key], REDACTED, key);
  }
  for (const key of ['auth.method', 'passenger.count', 'app.session', 'session.count', 'compiler.pass', 'boarding.pass']) {
    assert.equal(one({ attributes: { [key]: 'kept' } }).attributes[key], 'kept', key);
  }
});

test('many keys that redact alike each keep their value, ordered by value', () => {
  // A hostile map: numbering each key by trying every number before it made this quadratic in the
  // keys and linear in the entries per try (4,000 keys ran for minutes).
  const attributes = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`ghp_${String(i).padStart(4, '0')}${'x1Y2z3'.repeat(6)}`, String(i)]));
  const shown = one({ attributes }).attributes;
  assert.equal(Object.keys(shown).length, 300);
  const inNumberOrder = [shownToken, ...Array.from({ length: 299 }, (_, i) => `${shownToken} (${i + 2})`)].map((key) => shown[key] as string);
  assert.deepEqual(inNumberOrder, Array.from({ length: 300 }, (_, i) => String(i)).map((text) => JSON.stringify(text)).sort().map((text) => JSON.parse(text) as string));
});

test('in a free text (a warning, a message), a redact: { value } pattern hides the words it matches, anchors at a word\'s edges', () => {
  const rules = { rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'redact' as const, value: '^4111' }, { kind: 'redact' as const, value: 'ACME-SECRET-[0-9]+' }, { kind: 'redact' as const, value: '^tok_[a-z]+$' }, { kind: 'redact' as const, value: 'price\\$' }] };
  const shown = secretRedactor(rules);
  assert.equal(shown.text('card 4111111111111111 declined'), 'card [REDACTED] declined');
  assert.equal(shown.text("clock skew: 'child ACME-SECRET-22x' under 'GET /ACME-SECRET-1'"), "clock skew: 'child [REDACTED]' under 'GET /[REDACTED]'");
  // Only whole words for an anchored pattern: `x4111` and `tok_abc1` are other words.
  assert.equal(shown.text('x4111 tok_abc tok_abc1 (4111-2)'), 'x4111 [REDACTED] tok_abc1 ([REDACTED])');
  // An escaped `$` is a character, not an anchor.
  assert.equal(shown.text('the price$ is'), 'the [REDACTED] is');
  // The whole value still goes as before where a value is read.
  assert.equal(shown.value('note', 'card 4111 x'), 'card 4111 x');
  assert.equal(shown.value('note', '4111 x'), REDACTED);
});

test('a key or a service name that a redact: { value } pattern matches is hidden whole, in the tree and in redactTrace', () => {
  const rules = { rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'redact' as const, value: 'ACME-PRIV-[0-9]+' }] };
  const node = one({ service: 'svc ACME-PRIV-3333', attributes: { 'ACME-PRIV-1111': 'x', plain: 'y' } }, rules);
  assert.equal(node.service, REDACTED);
  assert.deepEqual(node.attributes, { [REDACTED]: 'x', plain: 'y' });
  const raw = { ...span({ id: '1', service: 'svc ACME-PRIV-3333', attributes: { 'ACME-PRIV-1111': 'x' } }), scope: { name: 'scope ACME-PRIV-9999', attributes: {} } };
  const shown = redactTrace({ traceId: 't', spans: [raw], warnings: [] }, secretRedactor(rules)).spans[0] as Span;
  assert.doesNotMatch(JSON.stringify([shown.service, shown.scope, shown.attributes]), /ACME-PRIV/);
});

test('a number is redacted when a user\'s value pattern matches its text or it is a known secret, in the tree and in messages', () => {
  const rules = { rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'redact' as const, value: '^4111' }] };
  const node = one({ attributes: { card: 4111111111111111, count: 4112, pin: 98765432, other: 9876543 } }, rules);
  assert.deepEqual(node.attributes, { card: REDACTED, count: 4112, other: 9876543, pin: 98765432 });
  const known = canonicalize(buildSpanTree(trace([{ id: '1', attributes: { pin: 98765432, other: 98765432.5 } }])), DEFAULT_NORMALIZE_RULES, { knownSecrets: ['98765432'] }).roots[0];
  assert.deepEqual(known?.attributes, { other: 98765432.5, pin: REDACTED });
  const shown = secretRedactor(rules, ['98765432']);
  assert.equal(shown.value('pinnum', 98765432), REDACTED);
  assert.equal(shown.value('card', 4111111111111111), REDACTED);
  assert.equal(shown.value('count', 200), 200);
});

test('a redact rule for a key hides that key inside a nested map too, by its own name', () => {
  const rules = { rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'redact' as const, key: 'x-internal-signature' }, { kind: 'drop' as const, key: 'note' }] };
  const node = one({ attributes: { 'x-internal-signature': 'sig-1', headers: { 'x-internal-signature': 'sig-2', accept: 'json', note: 'kept' } } }, rules);
  assert.deepEqual(node.attributes, { headers: { accept: 'json', note: 'kept', 'x-internal-signature': REDACTED }, 'x-internal-signature': REDACTED });
  assert.deepEqual(secretRedactor(rules).value('headers', { 'x-internal-signature': 'sig-3' }), { 'x-internal-signature': REDACTED });
  // A built-in rule matches the path as spelled: its `^pass$` is `pass` alone, not `boarding.pass`.
  assert.deepEqual(one({ attributes: { ticket: { boarding: { pass: 'A12' } } } }).attributes, { ticket: { boarding: { pass: 'A12' } } });
});
