// detect is pure core: no node I/O, no environment, no clock (CRAFT.md, "Pure core").
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../support/shared-traces.ts';

// normalize's face is allowed for the one id masker that the tree and the detectors share;
// common's face for the helpers every stage shares (its pure core rule is in architecture.test.ts).
test('src/detect imports only the model, normalize\'s face, common\'s face and itself, and reads no env or clock', () => {
  const dir = path.join(projectRoot, 'src', 'detect');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const match of source.matchAll(/from '([^']+)'/g)) {
      const target = match[1] ?? '';
      assert.ok(target.startsWith('./') || target === '../model/index.ts' || target === '../normalize/index.ts' || target === '../common/index.ts', `${file} imports ${target}`);
    }
    assert.doesNotMatch(source, /process\.env|Date\.now|performance\.now|new Date\(/, file);
  }
});
