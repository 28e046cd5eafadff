// common's JSON syntax reasons: what JSON.parse said, without V8's quoted excerpt of the text (a
// secret may sit there), with the offset of the position it names, and "ends early" for text cut short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeJsonSyntax } from '../../src/common/index.ts';

function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} parsed`);
}

test('an unexpected token is named without the text V8 quotes around it', () => {
  const text = '{"auth": Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB}';
  const described = describeJsonSyntax(text, parseError(text));
  assert.doesNotMatch(described.reason, /Bearer|ghp_/);
  assert.match(described.reason, /^Unexpected token 'B'/);
});

test('a position becomes an offset, and the reason drops it (both V8 wordings)', () => {
  const text = '{"a": 1,,}';
  assert.deepEqual(describeJsonSyntax(text, parseError(text)), { reason: 'Expected double-quoted property name', offset: 8 });
  // Node 22's V8 adds the line and column.
  assert.deepEqual(describeJsonSyntax(text, 'Expected double-quoted property name in JSON at position 8 (line 1 column 9)'), {
    reason: 'Expected double-quoted property name',
    offset: 8,
  });
});

test('text cut short ends early, at its last character', () => {
  for (const text of ['{"a": [1, 2', '{"a": "unterminated', '{"a":\n']) {
    assert.deepEqual(describeJsonSyntax(text, parseError(text)), { reason: 'it ends early (cut short?)', offset: text.trimEnd().length }, text);
  }
});

test('an unexpected token V8 names by an excerpt instead of a position is found by that excerpt', () => {
  // Node 20 to 24 quote 10 characters on each side of the token and give no position.
  const middle = '{\n  "resourceSpans": [\n    ,\n  ]\n}\n';
  assert.deepEqual(describeJsonSyntax(middle, parseError(middle)), { reason: "Unexpected token ','", offset: middle.indexOf(',') });
  const start = 'x{"resourceSpans": [1, 2, 3]}';
  assert.deepEqual(describeJsonSyntax(start, parseError(start)), { reason: "Unexpected token 'x'", offset: 0 });
  const secret = '{"resourceSpans": [ {"resource": {"password": ghp_SECRETSECRET}} ]}';
  const described = describeJsonSyntax(secret, parseError(secret));
  assert.deepEqual(described, { reason: "Unexpected token 'g'", offset: secret.indexOf('ghp_') });
  // An excerpt found twice says nothing of which one broke the parse; a short text is quoted whole.
  const twice = `[${'"abcdefghijkl", x, '.repeat(3)}]`;
  assert.equal(describeJsonSyntax(twice, parseError(twice)).offset, undefined);
  assert.equal(describeJsonSyntax('{"a": x}', parseError('{"a": x}')).offset, undefined);
});
