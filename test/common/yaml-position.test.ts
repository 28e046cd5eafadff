// common's YAML positions: a node's start and a document's first error become file:line:column,
// and a node without a range (or no node) locates at the file alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { firstYamlError, locationAt, locationOf } from '../../src/common/index.ts';
import type { SourceLocation } from '../../src/model/index.ts';

test('a node locates at its first character, 1-based', () => {
  const lines = new LineCounter();
  const doc = parseDocument('collect:\n  settle: 250ms\n', { lineCounter: lines });
  const collect = doc.get('collect', true);
  assert.ok(isMap(collect));
  const settle = collect.get('settle', true);
  assert.ok(isScalar(settle));
  assert.deepEqual(locationOf(lines, 'tbt.config.yaml', settle), { file: 'tbt.config.yaml', line: 2, column: 11 });
  assert.deepEqual(locationAt(lines, 'f.yaml', 0), { file: 'f.yaml', line: 1, column: 1 });
  assert.deepEqual(locationOf(lines, 'f.yaml', undefined), { file: 'f.yaml' });
  assert.deepEqual(locationOf(lines, 'f.yaml', {}), { file: 'f.yaml' });
});

test('the first parse error gives the first line of its message and where it is', () => {
  const lines = new LineCounter();
  const doc = parseDocument('a: 1\nb: [unclosed\n', { lineCounter: lines, prettyErrors: false });
  const error = firstYamlError(doc, lines, 'bad.yaml', 'a: 1\nb: [unclosed\n');
  assert.ok(error !== undefined);
  assert.equal(error.location.file, 'bad.yaml');
  assert.equal(typeof error.location.line, 'number');
  assert.ok(!error.reason.includes('\n'));
  assert.equal(firstYamlError(parseDocument('a: 1\n', { lineCounter: new LineCounter() }), lines, 'ok.yaml', 'a: 1\n'), undefined);
});

test('a key indented out of line is placed at the key, not at the blank before it; a tab used as indentation at the tab', () => {
  const placed = (text: string): SourceLocation | undefined => {
    const lines = new LineCounter();
    return firstYamlError(parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines, 'f.yaml', text)?.location;
  };
  assert.deepEqual(placed('trigger:\n  http:\n    url: http://x/\n   method: GET\n'), { file: 'f.yaml', line: 4, column: 4 });
  assert.deepEqual(placed('a: [1, 2\nb: 3\n'), { file: 'f.yaml', line: 2, column: 1 });
  assert.deepEqual(placed('a:\n\tb: 1\n'), { file: 'f.yaml', line: 2, column: 1 });
});
