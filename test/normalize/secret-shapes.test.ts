// Proves that credential shapes are redacted by value, wherever they occur (any key, span names,
// events, status messages, kept resource attributes, response bodies), replacing only the secret
// part, and that look-alikes (shas, UUIDs, ids, base64 text, SQL with a password column) are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES, redactSecretShapes, resolveNormalizeRules, secretRedactor } from '../../src/normalize/index.ts';
import { REDACTED } from '../../src/normalize/rule-engine.ts';
import { hasSecretShape } from '../../src/normalize/secret-shapes.ts';
import { CORPUS_LOOK_ALIKES, CORPUS_SECRETS, leakedSecrets, SHAPE_SECRETS } from './secret-corpus.ts';
import { one } from './canonical-helpers.ts';
import { trace } from './span-builder.ts';

const gh = (body: string): string => ['gh', 'p_', body].join('');

test('the corpus holds about fifty secrets and fifty look-alikes', () => {
  assert.ok(CORPUS_SECRETS.length >= 50, `${CORPUS_SECRETS.length} secrets`);
  assert.ok(CORPUS_LOOK_ALIKES.length >= 50, `${CORPUS_LOOK_ALIKES.length} look-alikes`);
});

for (const entry of SHAPE_SECRETS) {
  test(`shape redaction hides: ${entry.name}`, () => {
    const out = redactSecretShapes(entry.text);
    assert.deepEqual(leakedSecrets(out, [entry]).map((leak) => leak.name), [], out);
    assert.ok(out.includes(REDACTED), out);
  });
}

for (const entry of CORPUS_LOOK_ALIKES) {
  test(`shape redaction keeps: ${entry.name}`, () => {
    assert.equal(redactSecretShapes(entry.text), entry.text);
    assert.equal(hasSecretShape(entry.text), false);
  });
}

test('the message redactor of the default rules keeps every look-alike too', () => {
  const redactor = secretRedactor(DEFAULT_NORMALIZE_RULES);
  const changed = CORPUS_LOOK_ALIKES.filter((entry) => redactor.text(entry.text) !== entry.text).map((entry) => `${entry.name}: ${redactor.text(entry.text)}`);
  assert.deepEqual(changed, []);
});

test('only the secret part is replaced', () => {
  const cases: [string, string][] = [
    ['postgres://app:Pg5ecretValue1@db.internal:5432/shop', `postgres://app:${REDACTED}@db.internal:5432/shop`],
    ['redis://:rd-9xYzQ81@cache:6379/0', `redis://:${REDACTED}@cache:6379/0`],
    ['AUTH s3cretPassw0rd', `AUTH ${REDACTED}`],
    ['AUTH default s3cretPassw0rd', `AUTH default ${REDACTED}`],
    ["CREATE USER 'svc'@'%' IDENTIFIED BY 'Xy7-secret'", `CREATE USER 'svc'@'%' IDENTIFIED BY '${REDACTED}'`],
    ["ALTER ROLE app WITH PASSWORD 'Xy7-secret'", `ALTER ROLE app WITH PASSWORD '${REDACTED}'`],
    [`push via ${gh('A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')} done`, `push via ${['gh', 'p_'].join('')}${REDACTED} done`],
    ['upstream said Authorization: Bearer mF_9.B5f-4.1JqM rejected', `upstream said Authorization: Bearer ${REDACTED} rejected`],
  ];
  for (const [input, expected] of cases) assert.equal(redactSecretShapes(input), expected);
});

test('SQL that merely names a password column is kept as SQL', () => {
  const statement = 'SELECT password_hash FROM users WHERE id = ?';
  assert.equal(one({ attributes: { 'db.statement': statement } }).attributes['db.statement'], statement);
});

test('redaction is idempotent and keeps JSON text well-formed', () => {
  const all = JSON.stringify(CORPUS_SECRETS.map((entry) => ({ value: entry.text, after: 'kept' })));
  const once = redactSecretShapes(all);
  assert.equal(redactSecretShapes(once), once);
  const parsed = JSON.parse(once) as { after: string }[];
  assert.equal(parsed.length, CORPUS_SECRETS.length);
  assert.ok(parsed.every((item) => item.after === 'kept'));
  assert.deepEqual(leakedSecrets(once, SHAPE_SECRETS).map((leak) => leak.name), []);
  // The default rules' masks too, which hide the rest.
  const masked = secretRedactor(DEFAULT_NORMALIZE_RULES).text(all);
  assert.deepEqual(leakedSecrets(masked).map((leak) => leak.name), []);
  assert.ok((JSON.parse(masked) as { after: string }[]).every((item) => item.after === 'kept'));
  // Nested once more and pretty-printed: the masks still hide theirs (the shapes read one level
  // of escaping) and keep every level well-formed.
  const nested = JSON.stringify({ body: JSON.stringify(JSON.parse(all) as unknown, null, 2), after: 'kept' });
  const maskedNested = secretRedactor(DEFAULT_NORMALIZE_RULES).text(nested);
  assert.deepEqual(leakedSecrets(maskedNested, CORPUS_SECRETS.filter((entry) => entry.by === 'mask')).map((leak) => leak.name), []);
  const outer = JSON.parse(maskedNested) as { body: string; after: string };
  assert.equal(outer.after, 'kept');
  assert.ok((JSON.parse(outer.body) as { after: string }[]).every((item) => item.after === 'kept'));
});

test('every corpus secret is redacted in every place a canonical node holds text', () => {
  for (const entry of CORPUS_SECRETS) {
    const node = one({
      name: entry.text,
      attributes: { 'app.note': entry.text, 'app.list': [entry.text], 'app.map': { inner: entry.text } },
      status: { code: 'error', message: entry.text },
      events: [{ name: entry.text, attributes: { detail: entry.text } }],
      resource: { 'service.name': 'svc', 'deployment.environment': entry.text },
    }, resolveNormalizeRules({ keep: ['resource.deployment.environment'] }, DEFAULT_NORMALIZE_RULES, { file: 'test' }));
    const text = JSON.stringify(node);
    assert.deepEqual(leakedSecrets(text, [entry]).map((leak) => leak.name), [], `${entry.name}: ${text.slice(0, 300)}`);
  }
});

test('a trigger response body keeps no secret, not even as a JSON key', () => {
  for (const entry of CORPUS_SECRETS) {
    const body = JSON.stringify({ [entry.text]: 1, note: entry.text });
    const node = one({ name: 'trigger POST /pay', service: 'tbt', attributes: { 'tbt.response.body': body } });
    assert.deepEqual(leakedSecrets(JSON.stringify(node), [entry]).map((leak) => leak.name), [], entry.name);
  }
});

test('the built-in shape rule can be switched off by name', () => {
  const token = gh('A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8');
  const off = resolveNormalizeRules({ disable: ['redact-secret-shapes'] }, DEFAULT_NORMALIZE_RULES, { file: 'test' });
  assert.equal(one({ attributes: { note: token } }, off).attributes['note'], token);
  assert.equal(one({ attributes: { note: token } }).attributes['note'], `${['gh', 'p_'].join('')}${REDACTED}`);
});

test('a user pattern (`redact: { value }`) still redacts whole values, before the shapes', () => {
  const rules = resolveNormalizeRules({ redact: [{ value: '^ORD-SECRET-' }] }, DEFAULT_NORMALIZE_RULES, { file: 'test' });
  assert.equal(one({ attributes: { note: 'ORD-SECRET-42' } }, rules).attributes['note'], REDACTED);
});

test('the message redactor hides key-based secrets in values and known secrets in texts', () => {
  const redactor = secretRedactor(DEFAULT_NORMALIZE_RULES, ['expanded-env-secret-1']);
  assert.equal(redactor.value('db.password', 'hunter2'), REDACTED);
  assert.deepEqual(redactor.value('app.headers', { Authorization: 'x', Accept: 'json' }), { Authorization: REDACTED, Accept: 'json' });
  assert.equal(redactor.value(undefined, 'plain text'), 'plain text');
  assert.equal(redactor.text('GET http://api/v1/expanded-env-secret-1/items failed'), `GET http://api/v1/${REDACTED}/items failed`);
  assert.equal(redactor.text('GET https://api.test/x?api_key=abc123&page=2 failed'), `GET https://api.test/x?api_key=${REDACTED}&page=2 failed`);
});

test('values known to be secret (a credential-named env value) are hidden in a canonical tree too', () => {
  const known = 'hookPath4Zr8Yq2Lw';
  const tree = canonicalize(
    buildSpanTree(trace([{ id: '1', name: `POST /hook/${known}`, attributes: { 'url.path': `/hook/${known}` } }])),
    DEFAULT_NORMALIZE_RULES,
    { knownSecrets: [known] },
  );
  const text = JSON.stringify(tree);
  assert.ok(!text.includes(known), text);
  assert.match(text, /POST \/hook\/\[REDACTED\]/);
});
