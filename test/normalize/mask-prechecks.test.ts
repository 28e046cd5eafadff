// Proves the masks' prechecks skip only what could not match: for every built-in pattern with a
// precheck, a text that lacks one of the features it needs is never matched by its regex (random
// texts and texts the pattern does match, stripped of that feature), and every built-in mask and
// value redaction has its precheck.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { ALL_FEATURES, Feature, featuresNeeded, knownPrechecks, textFeatures } from '../../src/normalize/mask-prechecks.ts';

/** Per feature, the characters that set it (the hex run is broken by any non-hex character). */
const CHARS_OF: Readonly<Record<keyof typeof Feature, string>> = {
  digit: '0123456789',
  equals: '=',
  doubleQuote: '"',
  singleQuote: "'",
  at: '@',
  colon: ':',
  hyphen: '-',
  dot: '.',
  space: ' \t\n\v\f\r',
  letterJ: 'jJ',
  openParen: '(',
  question: '?',
  comma: ',',
  slash: '/',
  hexRun16: '',
  letterBOrG: 'bBgG',
  credentialEquals: '',
  quote: '"\'',
};

/** Texts each pattern matches (ignoring case), to strip of one needed feature at a time. */
const MATCHING = [
  'GET /cb?access_token=abc123&x=1', 'Authorization: Bearer abc.def123ghi', '{"password": "hunter2"}',
  'postgres://app:s3cret@db:5432/shop', 'eyJhbGciOi.eyJzdWIiOi.sig', '21283159-db7e-4b0a-a5d5-0123456789ab',
  'at 2024-05-01T10:00:00Z', 'on 2024-05-01', 'order_4bf92f3577b34da6a3ce', 'http://127.0.0.1:4318/v1',
  "WHERE name = 'bob'", 'WHERE id = 42', 'WHERE id IN (?, ?, ?)', 'VALUES (?, ?), (?, ?)', 'Basic dXNlcjpwYXNz',
  '[::1]:8080', 'localhost:3000', "x = '' AND y = 0x1F", 'digest abc123def456', 'Negotiate YIIabc', '?sig=abc&code=x1',
  'API-KEY=abc', 'pwd=hunter2', ' credential=x', "{'passphrase': 'x y'}", '{\\"session_id\\":\\"abc\\"}', '?auth=abc&sessionid=x',
];

function strip(text: string, feature: keyof typeof Feature): string {
  if (feature === 'hexRun16') return text.replace(/[0-9a-f]{15}(?=[0-9a-f])/gi, (run) => `${run}g`);
  // A space between the name and its `=`: the name no longer ends right before it.
  if (feature === 'credentialEquals') return text.replace(/([ndtylgeh])=/gi, '$1 =');
  const chars = CHARS_OF[feature];
  return [...text].filter((char) => !chars.includes(char)).join('');
}

const featureNames = Object.keys(Feature) as (keyof typeof Feature)[];
const ALPHABET = 'abcdefjJ0123456789=\'"@:-./ \t(?,)[]_eyIN VALUES bearer basic digest negotiate BG token key sig code pwd ::1 localhost 127.0.0.1 T Z';

test('a text without a needed feature is never matched by the pattern', () => {
  const patterns = [...knownPrechecks()];
  assert.ok(patterns.length >= 15);
  const texts = fc.oneof(
    fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 }),
    fc.tuple(fc.constantFrom(...MATCHING), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 })).map(([a, b]) => `${b}${a}${b}`),
  );
  fc.assert(
    fc.property(texts, fc.constantFrom(...patterns), (text, [key, needs]) => {
      const re = new RegExp(key.slice(2), key.startsWith('i') ? 'i' : '');
      for (const feature of featureNames) {
        if ((needs & Feature[feature]) === 0) continue;
        const stripped = strip(text, feature);
        assert.equal((textFeatures(stripped) & Feature[feature]) === 0, true, `${JSON.stringify(stripped)} still has ${feature}`);
        assert.equal(re.test(stripped), false, `${key} matched ${JSON.stringify(stripped)} without ${feature}`);
      }
      if (re.test(text)) assert.equal(textFeatures(text) & needs, needs, `${key} matched ${JSON.stringify(text)}`);
    }),
    { numRuns: 3000 },
  );
});

test('the examples match their patterns, so the property above strips real matches', () => {
  const patterns = [...knownPrechecks().keys()].map((key) => new RegExp(key.slice(2), 'i'));
  for (const re of patterns) assert.ok(MATCHING.some((text) => re.test(text)), `no example matches ${re.source}`);
});

test('every built-in mask and value redaction has a precheck', () => {
  for (const rule of DEFAULT_NORMALIZE_RULES.rules) {
    if (rule.kind === 'mask') assert.notEqual(featuresNeeded(rule.pattern, rule.ignoreCase === true), 0, rule.name);
    if (rule.kind === 'redact' && rule.value !== undefined) assert.notEqual(featuresNeeded(rule.value, true), 0, rule.name);
  }
  assert.equal(featuresNeeded('other', true), 0);
});

test('features: characters, 16-hex runs, and everything for non-ASCII text', () => {
  assert.equal(textFeatures('acf'), 0);
  assert.equal(textFeatures('a=1'), Feature.equals | Feature.digit);
  assert.equal(textFeatures('0123456789abcdef') & Feature.hexRun16, Feature.hexRun16);
  assert.equal(textFeatures('0123456789abcde-f') & Feature.hexRun16, 0);
  assert.equal(textFeatures('x\u00a0y'), ALL_FEATURES);
  assert.equal(textFeatures('token=1') & Feature.credentialEquals, Feature.credentialEquals);
  assert.equal(textFeatures('id = 1') & Feature.credentialEquals, 0);
  assert.equal(textFeatures('=n') & Feature.credentialEquals, 0);
  assert.equal(textFeatures('SELECT * FROM stock') & Feature.letterBOrG, 0);
  assert.equal(textFeatures('Bearer x') & Feature.letterBOrG, Feature.letterBOrG);
});
