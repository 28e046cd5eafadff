// common's YAML positions: a node's start and a document's first error become file:line:column,
// and a node without a range (or no node) locates at the file alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { firstYamlError, locationAt, locationOf } from '../../src/common/index.ts';

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
  const error = firstYamlError(doc, lines, 'bad.yaml');
  assert.ok(error !== undefined);
  assert.equal(error.location.file, 'bad.yaml');
  assert.equal(typeof error.location.line, 'number');
  assert.ok(!error.reason.includes('\n'));
  assert.equal(firstYamlError(parseDocument('a: 1\n', { lineCounter: new LineCounter() }), lines, 'ok.yaml'), undefined);
});
