// The `normalize:` section: keep, drop, redact, mask and scoped rules merged over the base, located errors for bad ones, and a stable rules fingerprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { DEFAULT_NORMALIZE_RULES, normalizeFingerprint, resolveNormalizeRules } from '../../src/normalize/index.ts';
import { DEFAULT_RULE_NAMES } from '../../src/normalize/default-rules.ts';
import { REDACTED } from '../../src/normalize/rule-engine.ts';
import { TbtError, type NormalizeRules } from '../../src/model/index.ts';
import { canonical, one } from './canonical-helpers.ts';

const where = { file: 'tbt.config.yaml', line: 12, column: 1 };
const resolve = (yaml: string, base: NormalizeRules = DEFAULT_NORMALIZE_RULES): NormalizeRules =>
  resolveNormalizeRules(parse(yaml), base, where);

test('an absent section inherits the base unchanged', () => {
  assert.equal(resolveNormalizeRules(undefined, DEFAULT_NORMALIZE_RULES, where), DEFAULT_NORMALIZE_RULES);
  assert.equal(resolveNormalizeRules(null, DEFAULT_NORMALIZE_RULES, where), DEFAULT_NORMALIZE_RULES);
});

test('keep overrides a default drop, and resource.* keeps copy resource attributes', () => {
  const rules = resolve('keep: [server.port, resource.deployment.environment]');
  const node = one({ attributes: { 'server.port': 8080, 'client.port': 5 }, resource: { 'deployment.environment': 'ci', 'host.name': 'h' } }, rules);
  assert.deepEqual(node.attributes, { 'resource.deployment.environment': 'ci', 'server.port': 8080 });
});

test('a kept resource key goes in key order, wins over a span key of its name, and integer and __proto__ keys stay data', () => {
  const rules = resolve('keep: [resource.deployment.environment, resource.zone]');
  const attributes: Record<string, string> = { 'resource.deployment.environment': 'span', a: '1', zz: '2', '10': 'ten', '9': 'nine' };
  Object.defineProperty(attributes, '__proto__', { value: 'p', enumerable: true, writable: true, configurable: true });
  const node = one({ attributes, resource: { 'deployment.environment': 'ci', zone: 'z1', 'host.name': 'h' } }, rules);
  assert.deepEqual(Object.keys(node.attributes), ['9', '10', '__proto__', 'a', 'resource.deployment.environment', 'resource.zone', 'zz']);
  assert.equal(node.attributes['resource.deployment.environment'], 'ci');
  assert.equal(Object.getPrototypeOf(node.attributes), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(node.attributes, '__proto__')?.value, 'p');
});

test('drop, redact and mask rules, with globs, regexes and folded keys', () => {
  const rules = resolve(`
drop: ['app.debug.*', '/^tmp_/']
redact: [customerEmail, { value: '^sk_live_' }]
mask:
  - pattern: 'ORD-\\d+'
    replacement: 'ORD-{n}'
    key: order.ref
  - pattern: 'build [0-9a-f]+'
    ignore_case: true
`);
  const node = one(
    {
      attributes: {
        'app.debug.trace': 1,
        tmp_file: '/tmp/x',
        customer_email: 'a@b.c',
        'order.ref': 'ORD-991',
        'order.copy': 'ORD-991',
        note: 'BUILD ABC12',
        stripe: 'sk_live_abc',
      },
    },
    rules,
  );
  assert.deepEqual(node.attributes, {
    customer_email: REDACTED,
    note: '{masked}',
    'order.copy': 'ORD-991',
    'order.ref': 'ORD-{n}',
    stripe: REDACTED,
  });
});

test('within a section keep beats drop; a test section beats the config section', () => {
  const config = resolve("drop: ['http.*']\nkeep: [http.route]");
  assert.deepEqual(one({ attributes: { 'http.route': '/a', 'http.method': 'GET' } }, config).attributes, { 'http.route': '/a' });
  const perTest = resolve('keep: [http.method]', config);
  assert.deepEqual(one({ attributes: { 'http.route': '/a', 'http.method': 'GET' } }, perTest).attributes, {
    'http.method': 'GET',
    'http.route': '/a',
  });
});

test('rules scoped to a service or span apply only there', () => {
  const rules = resolve("drop: [{ key: note, service: 'pay*' }]\nmask: [{ pattern: '\\d+', replacement: N, span: 'charge *' }]");
  const tree = canonical(
    [
      { id: '1', name: 'charge 42', service: 'payments', attributes: { note: 'x', n: '7' }, end: 10 },
      { id: '2', parent: '1', name: 'charge 42', service: 'orders', attributes: { note: 'x', n: '7' }, start: 1 },
      { id: '3', parent: '1', name: 'refund 42', service: 'orders', attributes: { note: 'x', n: '7' }, start: 2 },
    ],
    rules,
  );
  const root = tree.roots[0];
  assert.deepEqual(root?.attributes, { n: 'N' });
  assert.equal(root?.name, 'charge N');
  assert.deepEqual(root?.children[0]?.attributes, { n: 'N', note: 'x' });
  assert.deepEqual(root?.children[1]?.attributes, { n: '7', note: 'x' });
});

test('disable switches off a built-in by name; defaults: false starts empty', () => {
  const noPathNumbers = resolve('disable: [mask-ids]');
  assert.equal(one({ attributes: { 'url.path': '/orders/42' } }, noPathNumbers).attributes['url.path'], '/orders/42');
  assert.equal(noPathNumbers.rules.length, DEFAULT_NORMALIZE_RULES.rules.length - 1);
  const bare = resolve('defaults: false\ndrop: [x]');
  assert.deepEqual(bare.rules, [{ kind: 'drop', key: 'x' }]);
  assert.ok(DEFAULT_RULE_NAMES.includes('redact-credential-keys'));
});

const bad: [string, RegExp][] = [
  ['dorp: [x]', /normalize\.dorp: unknown key/],
  ['drop: 3', /normalize\.drop: expected a list/],
  ['drop: [{ kee: x }]', /normalize\.drop\[0\]\.kee: unknown key/],
  ["drop: ['/[/']", /normalize\.drop\[0\]: not a valid regular expression/],
  ["mask: [{ pattern: '(' }]", /normalize\.mask\[0\]\.pattern: not a valid regular expression/],
  ['mask: [{ replacement: x }]', /normalize\.mask\[0\]\.pattern: expected a non-empty string/],
  ['mask: [{ pattern: x, ignore_case: maybe }]', /normalize\.mask\[0\]\.ignore_case/],
  ['redact: [{ service: a }]', /normalize\.redact\[0\]: needs a key or a value pattern/],
  ["redact: [{ value: '[' }]", /normalize\.redact\[0\]\.value: not a valid regular expression/],
  ['disable: [no-such-rule]', /normalize\.disable\[0\]: no inherited rule is named "no-such-rule"/],
  ['defaults: no', /normalize\.defaults: expected true or false/],
  ['[1, 2]', /normalize: expected a map/],
];
for (const [yaml, message] of bad) {
  test(`rejects ${JSON.stringify(yaml)} with a located config error`, () => {
    assert.throws(
      () => resolve(yaml),
      (error: unknown) => error instanceof TbtError && error.kind === 'config' && message.test(error.message) && error.location === where,
    );
  });
}

test('the fingerprint is stable, short, and moves with behaviour but not with rule names', () => {
  const a = normalizeFingerprint(DEFAULT_NORMALIZE_RULES);
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.equal(normalizeFingerprint({ rules: [...DEFAULT_NORMALIZE_RULES.rules] }), a);
  assert.notEqual(normalizeFingerprint(resolve('drop: [x]')), a);
  assert.notEqual(normalizeFingerprint(resolve('disable: [mask-uuid]')), a);
  const renamed = { rules: DEFAULT_NORMALIZE_RULES.rules.map((rule) => ({ ...rule, name: `x-${rule.name ?? ''}` })) };
  assert.equal(normalizeFingerprint(renamed), a);
});
