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
