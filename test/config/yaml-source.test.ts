// parseYamlSource: values, positions of values and keys through maps and lists, and YAML
// mistakes as syntax errors with line:column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlSource } from '../../src/config/yaml-source.ts';
import { TbtError, type SourceLocation } from '../../src/model/index.ts';

const TEXT = [
  'receiver:', //                 1
  '  port: 4318', //              2
  'services:', //                 3
  '  - name: api', //             4
  '    ready: { http: "x" }', //  5
  '  - name: db', //              6
  '    command: ./db', //         7
  'flow: [a, b]', //              8
].join('\n');

const at = (line: number, column: number): SourceLocation => ({ file: 'cfg.yaml', line, column });

test('the value, and where each value was written', () => {
  const source = parseYamlSource(TEXT, 'cfg.yaml');
  assert.deepEqual(source.value, {
    receiver: { port: 4318 },
    services: [{ name: 'api', ready: { http: 'x' } }, { name: 'db', command: './db' }],
    flow: ['a', 'b'],
  });
  assert.deepEqual(source.locate([]), at(1, 1));
  assert.deepEqual(source.locate(['receiver', 'port']), at(2, 9));
  assert.deepEqual(source.locate(['services', 1, 'command']), at(7, 14));
  assert.deepEqual(source.locate(['services', 0, 'ready', 'http']), at(5, 20));
  assert.deepEqual(source.locate(['flow', 1]), at(8, 11));
  // A missing key points at the nearest thing that exists: the map that lacks it.
  assert.deepEqual(source.locate(['services', 1, 'ready']), at(6, 5));
  assert.deepEqual(source.locate(['nothing', 'here']), at(1, 1));
});

test('where a key was written, through lists too', () => {
  const source = parseYamlSource(TEXT, 'cfg.yaml');
  assert.deepEqual(source.locateKey(['receiver']), at(1, 1));
  assert.deepEqual(source.locateKey(['receiver', 'port']), at(2, 3));
  assert.deepEqual(source.locateKey(['services', 1, 'command']), at(7, 5));
  assert.deepEqual(source.locateKey(['services', 0, 'ready', 'http']), at(5, 14));
});

test('an empty document is null, located at the file alone', () => {
  const source = parseYamlSource('', 'cfg.yaml');
  assert.equal(source.value, null);
  assert.deepEqual(source.locate(['receiver']), { file: 'cfg.yaml' });
});

function syntaxError(text: string): SourceLocation | undefined {
  let caught: unknown;
  try {
    parseYamlSource(text, 'cfg.yaml');
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TbtError, `expected a TbtError for ${JSON.stringify(text)}, got ${String(caught)}`);
  assert.equal(caught.kind, 'syntax');
  assert.match(caught.message, /^invalid YAML: /);
  return caught.location;
}

test('YAML mistakes are syntax errors at line:column', () => {
  assert.deepEqual(syntaxError('receiver:\n  port: [1, 2\n'), at(3, 1));
  assert.deepEqual(syntaxError('tests: a\ntests: b\n'), at(2, 1));
  assert.deepEqual(syntaxError('a: b\n  c: d\n'), at(1, 4));
  assert.deepEqual(syntaxError('key: "unterminated\n'), at(2, 1));
  assert.deepEqual(syntaxError('\t- x\n'), at(1, 1));
  assert.deepEqual(syntaxError('a: 1\n---\nb: 2\n'), at(2, 1));
});

test('an unknown alias and an alias bomb are syntax errors, not crashes', () => {
  assert.deepEqual(syntaxError('a: *nope\n'), { file: 'cfg.yaml' });
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'];
  assert.deepEqual(syntaxError(bomb.join('\n')), { file: 'cfg.yaml' });
  // A few aliases are fine.
  assert.deepEqual(parseYamlSource('base: &b { x: 1 }\ncopy: *b\n', 'cfg.yaml').value, { base: { x: 1 }, copy: { x: 1 } });
});
