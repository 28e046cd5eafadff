#!/usr/bin/env node
// Runs one part of the suite (scripts/test-files.js: unit, system or all) with node:test through
// tsx, four processes at a time; with --typecheck, `tsc --noEmit` runs beside the tests instead of
// before them (it is single-threaded and needs no test to wait for it). Exits non-zero when
// either fails. Usage: node scripts/test.js unit|system|all [--typecheck]
//
// The unit files share a few processes (unitGroups below) instead of one each: starting node and
// tsx and loading the same modules again cost four times the CPU of the unit tests themselves
// (82 CPU-s for 123 processes, 19 for one). So a unit test must undo what it changes in its
// process (environment, globals, timers, servers), as each already does. The system files keep a
// process each: they boot services and run the bin, and their time is not start-up.
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot, testFilesOf } from './test-files.js';

/** How many test processes run at once: the demo files spend much of their time waiting on services. */
const CONCURRENCY = 4;
/** How many processes the unit files share: enough to keep both cores busy while one waits. */
const UNIT_PROCESSES = 3;

const part = process.argv[2] ?? 'all';
const files = testFilesOf(part);
if (!files) {
  console.error(`usage: node scripts/test.js unit|system|all [--typecheck] (got ${part})`);
  process.exit(2);
}

/** Runs a command with inherited output; resolves with its exit code (1 when killed by a signal). */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Writes UNIT_PROCESSES entry files into `dir`, each importing its share of the unit files (dealt
 * round-robin, so slow neighbours spread out) inside a suite named after the file, so the report
 * still says which file a test is in. Returns their paths.
 */
function unitGroups(unitFiles, dir) {
  const groups = Array.from({ length: Math.min(UNIT_PROCESSES, unitFiles.length) }, () => []);
  unitFiles.forEach((file, index) => groups[index % groups.length].push(file));
  return groups.map((group, index) => {
    const entry = path.join(dir, `unit-${index + 1}-of-${groups.length}.test.mjs`);
    const imports = group.map((file) => `describe(${JSON.stringify(file)}, async () => { await import(${JSON.stringify(pathToFileURL(path.join(projectRoot, file)).href)}); });`);
    writeFileSync(entry, [`// ${group.length} unit test files of tbt, in one process (scripts/test.js).`, "import { describe } from 'node:test';", ...imports, ''].join('\n'));
    return entry;
  });
}

const groupDir = files.unit.length > 0 ? mkdtempSync(path.join(os.tmpdir(), 'tbt-unit-groups-')) : undefined;
const entries = [...files.system, ...(groupDir ? unitGroups(files.unit, groupDir) : [])];
const runs = [run(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${CONCURRENCY}`, ...entries])];
if (process.argv.includes('--typecheck')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  runs.push(
    run(process.execPath, [tsc, '--noEmit', '-p', '.']).then((code) => {
      if (code !== 0) console.error(`\ntypecheck failed (tsc exit ${code})`);
      return code;
    }),
  );
}
const codes = await Promise.all(runs);
if (groupDir) rmSync(groupDir, { recursive: true, force: true });
process.exit(codes.find((code) => code !== 0) ?? 0);
