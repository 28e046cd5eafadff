#!/usr/bin/env node
// Builds the published package: src/ to dist/ (JavaScript, declarations, source maps) with tsc,
// then copies the non-TypeScript files dist needs beside the modules that use them, and leaves a
// stamp that tells tests whether dist is older than the sources. Run by `npm run build`, by
// `prepare` (npm ci, npm install from git) and, when stale, by the tests that run bin/tbt.js.
// Plain JavaScript on purpose: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');
/** Written last: its mtime is when dist last matched src. */
export const STAMP = path.join(distDir, '.build-stamp');
/** Files under src/ that are not TypeScript but ship (the JSON report schema). */
const ASSETS = ['report/json-report.schema.json'];

/** The newest modification time of any file under src/, in ms. */
function newestSourceMtime(dir = srcDir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or older than some file under src/ (or than the build config). */
export function isStale() {
  let stamp;
  try {
    stamp = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const configs = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.js'].map((file) => statSync(path.join(root, file)).mtimeMs);
  return Math.max(newestSourceMtime(), ...configs) > stamp;
}

export function build() {
  // From scratch, so that a module deleted from src/ does not live on in dist/.
  rmSync(distDir, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('tbt build: tsc failed (see above)\n');
    return result.status ?? 1;
  }
  for (const asset of ASSETS) {
    mkdirSync(path.dirname(path.join(distDir, asset)), { recursive: true });
    copyFileSync(path.join(srcDir, asset), path.join(distDir, asset));
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return 0;
}

/**
 * Builds only when dist/ is stale, holding a lock so that test files started in parallel build
 * once and never read a half-written dist/. A lock left by a build that died is taken over.
 */
export function buildIfStale({ waitMs = 300_000 } = {}) {
  if (!isStale()) return 0;
  const lock = path.join(root, '.tbt', 'build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (lockHolderIsGone(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      process.stderr.write(`tbt build: another build has held ${lock} for ${waitMs} ms; remove it if no build is running\n`);
      return 1;
    }
    Atomics.wait(pause, 0, 0, 100);
  }
  try {
    writeFileSync(path.join(lock, 'pid'), String(process.pid));
    return isStale() ? build() : 0;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolderIsGone(lock) {
  let pid;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just created: its holder has not written its pid yet
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = process.argv.includes('--if-stale') ? buildIfStale() : build();
}
