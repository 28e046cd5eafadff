// Claims keep two tbt runs on one machine off the same port; a dead owner's claim is taken over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimPort, releasePorts } from '../../src/runner/port-claims.ts';

const claims = path.join(os.tmpdir(), 'tbt-port-claims');

test('a claimed port cannot be claimed again until it is released', () => {
  const port = 40_000 + Math.floor(Math.random() * 1000);
  assert.equal(claimPort(port), true);
  assert.equal(claimPort(port), false, 'a live owner (this process) keeps its claim');
  releasePorts([port]);
  assert.equal(claimPort(port), true);
  releasePorts([port]);
});

test("a dead process's claim is taken over", () => {
  const port = 41_000 + Math.floor(Math.random() * 1000);
  mkdirSync(claims, { recursive: true });
  // pid 2^22 + 1 is above Linux's pid_max limit, so no process can have it.
  writeFileSync(path.join(claims, String(port)), String(4_194_305));
  assert.equal(claimPort(port), true);
  releasePorts([port]);
});

test("releasing never removes another process's claim", () => {
  const port = 42_000 + Math.floor(Math.random() * 1000);
  mkdirSync(claims, { recursive: true });
  writeFileSync(path.join(claims, String(port)), String(process.ppid));
  releasePorts([port]);
  assert.equal(claimPort(port), false, 'the parent process is alive and still holds it');
  rmSync(path.join(claims, String(port)), { force: true });
});
