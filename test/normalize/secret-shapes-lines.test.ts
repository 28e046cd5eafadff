// Proves that credential shapes stay within their line in a multi-line text (a log, a script of
// statements): a Redis AUTH on one line never takes the next line's first word for its password
// and so leaves its real password, or the next line's, in plain sight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecretShapes } from '../../src/normalize/index.ts';

test('two AUTH lines in a row: each password is redacted, and the words between them are kept', () => {
  const text = 'log: AUTH pw-first-Zq81\nlog: AUTH default pw-second-Lm27\n';
  const redacted = redactSecretShapes(text);
  assert.ok(!redacted.includes('pw-first-Zq81'), redacted);
  assert.ok(!redacted.includes('pw-second-Lm27'), redacted);
  assert.match(redacted, /^log: AUTH \S+\nlog: AUTH default \S+\n$/, 'the "log:" prefixes and the user name are kept');
});

test('AUTH user password on one line still hides the password and keeps the user', () => {
  assert.equal(redactSecretShapes('AUTH default pw-only-Rt55'), 'AUTH default [REDACTED]');
});
