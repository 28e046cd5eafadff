// normalize is pure core: no node: imports, environment, clock or randomness, and no other stage
// but the model and common's pure helpers (the architecture test keeps common's file writes out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/shared-traces.ts';

test('normalize imports no node: modules and reads no environment, clock or randomness', () => {
  const dir = path.join(projectRoot, 'src', 'normalize');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const forbidden of [/from ['"]node:/, /import\(['"]node:/, /process\.env/, /Date\.now\(/, /new Date\(/, /Math\.random\(/, /performance\./]) {
      assert.doesNotMatch(text, forbidden, `${file} must stay pure`);
    }
    for (const match of text.matchAll(/from '(\.\.\/[^']+)'/g)) {
      assert.match(match[1] ?? '', /^\.\.\/(?:model|common)\/index\.ts$/, `${file} imports only the model and common from outside its stage`);
    }
  }
});
