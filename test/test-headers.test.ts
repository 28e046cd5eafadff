// Every test file opens with a comment line saying what it proves (a project ground rule, kept here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/shared-traces.ts';

test('every *.test.ts under test/ starts with a // or /* comment', () => {
  const testDir = path.join(projectRoot, 'test');
  const names = readdirSync(testDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts'));
  assert.ok(names.length > 50);
  const bare = names.filter((name) => !/^(\/\/|\/\*)/.test(readFileSync(path.join(testDir, name), 'utf8'))).sort();
  assert.deepEqual(bare, []);
});
