// The query stage is pure core: no I/O modules, no environment, no clock, and no other stage
// but the model (through its index) and common's helpers. The grammar layer does not even import the model.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { projectRoot } from '../support/shared-traces.ts';

const dir = path.join(projectRoot, 'src', 'query');
const sources = readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));

it('imports no node: module, reads no process state and calls no clock', () => {
  for (const { name, text } of sources) {
    assert.doesNotMatch(text, /from ['"]node:/, name);
    assert.doesNotMatch(text, /\bprocess\.(env|argv|cwd)|Date\.now\(|performance\.now\(/, name);
  }
});

it('reaches other stages only through the model index and common\'s face', () => {
  for (const { name, text } of sources) {
    for (const match of text.matchAll(/from ['"](\.\.\/[^'"]+)['"]/g)) assert.match(match[1] ?? '', /^\.\.\/(model|common)\/index\.ts$/, `${name} imports ${match[1]}`);
  }
});

it('keeps the grammar layer free of the model and the evaluator', () => {
  for (const name of ['parse.ts', 'parse-selector.ts', 'parse-expression.ts', 'scanner.ts', 'ast.ts']) {
    const text = sources.find((source) => source.name === name)?.text ?? '';
    assert.doesNotMatch(text, /model\/|evaluate|select\.ts|lookup|source\.ts/, name);
  }
});
