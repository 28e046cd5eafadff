// OutputTail: lines split across chunks, CRLF, the bound, and an unterminated last line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail } from '../../src/services/output-tail.ts';

test('joins lines split across chunks and reads CRLF as a line end', () => {
  const tail = new OutputTail(10);
  tail.push('al');
  tail.push('pha\nbe');
  tail.push('ta\r\ngamma\n');
  assert.deepEqual(tail.tail(), ['alpha', 'beta', 'gamma']);
});

test('keeps only the last lines, the unterminated one included in the bound', () => {
  const tail = new OutputTail(3);
  tail.push('1\n2\n3\n4\n5\n');
  assert.deepEqual(tail.tail(), ['3', '4', '5']);
  tail.push('partial');
  assert.deepEqual(tail.tail(), ['4', '5', 'partial']);
  tail.push(' line\n');
  assert.deepEqual(tail.tail(), ['4', '5', 'partial line']);
});

test('empty output, and empty lines kept as printed', () => {
  const tail = new OutputTail(5);
  assert.deepEqual(tail.tail(), []);
  tail.push('\n\nlast');
  assert.deepEqual(tail.tail(), ['', '', 'last']);
});
