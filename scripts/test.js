#!/usr/bin/env node
// Runs one part of the suite (scripts/test-files.js: unit, system or all) with node:test through
// tsx, four files at a time; with --typecheck, `tsc --noEmit` runs beside the tests instead of
// before them (it is single-threaded and needs no test to wait for it). Exits non-zero when
// either fails. Usage: node scripts/test.js unit|system|all [--typecheck]
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { testFiles } from './test-files.js';

/** How many test files run at once: the demo files spend much of their time waiting on services. */
const CONCURRENCY = 4;

const part = process.argv[2] ?? 'all';
const files = testFiles(part);
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

const runs = [run(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${CONCURRENCY}`, ...files])];
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
process.exit(codes.find((code) => code !== 0) ?? 0);
