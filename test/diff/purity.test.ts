// diff is part of the pure core: no node: I/O, no environment, clock or randomness, and it reaches
// other stages only through their index.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../support/shared-traces.ts';

test('diff imports no node: modules and reads no environment, clock or randomness', () => {
  const dir = path.join(projectRoot, 'src', 'diff');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const forbidden of [/from ['"]node:/, /import\(['"]node:/, /process\./, /Date\.now\(/, /new Date\(/, /Math\.random\(/, /performance\./, /console\./]) {
      assert.doesNotMatch(text, forbidden, `${file} must stay pure`);
    }
    for (const match of text.matchAll(/from '(\.\.\/[^']+)'/g)) {
      assert.match(match[1] ?? '', /^\.\.\/(model|normalize|common)\/index\.ts$/, `${file} reaches other stages only through index.ts`);
    }
    assert.ok(text.split('\n').length <= 300, `${file} stays under ~300 lines`);
  }
});
