// The CLI contract from DESIGN: help, exit codes, and user errors printed without a stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runBin } from '../support/run-bin.ts';

async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-cli-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

test('--help lists every command and exits 0', async () => {
  const result = await runBin(['--help']);
  assert.equal(result.code, 0);
  for (const command of ['record', 'verify', 'diff', 'show', 'lint', 'query', 'check', 'accept', 'reject', 'receive']) {
    assert.match(result.stdout, new RegExp(`\\b${command}\\b`), `help mentions ${command}`);
  }
});

test('an unknown flag exits 2 with a message and no stack', async () => {
  const result = await runBin(['verify', '--no-such-flag']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--no-such-flag'/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('a syntax error in tbt.config.yaml exits 2 with file:line:column and no stack', async () => {
  const dir = await tempProject({ 'tbt.config.yaml': 'tests:\n  - "a.tbt.yaml"\nreceiver: { port: 4318\n' });
  const result = await runBin(['verify'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /tbt\.config\.yaml:\d+:\d+: invalid YAML/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('an unknown config key is named with its location', async () => {
  const dir = await tempProject({ 'tbt.config.yaml': 'tests: []\nsnapshot: snaps\n' });
  const result = await runBin(['verify'], { cwd: dir });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /tbt\.config\.yaml:2:1: unknown key "snapshot"/);
});

test('show on a missing file exits 2 and names the file', async () => {
  const result = await runBin(['show', 'no/such/trace.json']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no\/such\/trace\.json/);
});

test('verify with a tests: glob that matches nothing is exit 2 naming the glob, never "0 passed, 0 failed"', async () => {
  const dir = await tempProject({ 'tbt.config.yaml': 'tests: ["tests/*.tbt.yaml"]\nreceiver: { port: 0 }\n' });
  const result = await runBin(['verify', '--ci'], { cwd: dir });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /tests: "tests\/\*\.tbt\.yaml" matches no test file/);
  assert.doesNotMatch(result.stdout, /0 passed, 0 failed/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
