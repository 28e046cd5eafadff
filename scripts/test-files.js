#!/usr/bin/env node
// Prints the test files of one part of the suite, one per line, for `node --test` (package.json's
// test scripts). The rule is by folder: the system tests are the folders whose files boot the
// checkout demo, run the bin on services or run the examples (test/e2e, test/system,
// test/fixtures); every other *.test.ts is a unit test. `all` lists the system tests first, so
// the long files start at once and the short ones fill the gaps beside them instead of leaving a
// long file to run alone at the end.
// Usage: node scripts/test-files.js unit|system|all
// Plain JavaScript on purpose: it runs before anything is compiled.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SYSTEM_FOLDERS = ['test/e2e', 'test/system', 'test/fixtures'];

/** Every *.test.ts under test/, as sorted paths relative to the project root. */
function allTestFiles() {
  return readdirSync(path.join(projectRoot, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.posix.join('test', name.split(path.sep).join('/')))
    .sort();
}

const isSystem = (file) => SYSTEM_FOLDERS.some((folder) => file.startsWith(`${folder}/`));

/**
 * The system and unit files of one part of the suite (`unit`, `system` or `all`), or undefined for
 * another name.
 */
export function testFilesOf(part) {
  const files = allTestFiles();
  const system = files.filter(isSystem);
  const unit = files.filter((file) => !isSystem(file));
  return { unit: { system: [], unit }, system: { system, unit: [] }, all: { system, unit } }[part];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const part = process.argv[2] ?? 'all';
  const chosen = testFilesOf(part);
  if (!chosen) {
    console.error(`usage: node scripts/test-files.js unit|system|all (got ${part})`);
    process.exit(2);
  }
  console.log([...chosen.system, ...chosen.unit].join('\n'));
}
