// What a killed tbt leaves behind is cleared at the next start: snapshot temp files of dead
// writers (a live writer's stay) and port claims of dead owners (a live owner's stay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeDeadClaims } from '../../src/runner/port-claims.ts';
import { removeStaleTempFiles } from '../../src/runner/stale-temp-files.ts';

// Above Linux's pid_max limit (2^22), so no process can have it.
const DEAD_PID = 4_194_305;

test('stale .tmp files of dead writers are removed from snapshots/; a live writer\'s and real snapshots stay', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-stale-'));
  const dead = `.checkout.trace.yaml.${DEAD_PID}.a1b2c3d4.tmp`;
  const live = `.checkout.trace.yaml.${process.pid}.a1b2c3d4.tmp`;
  for (const name of [dead, live, 'checkout.trace.yaml', 'notes.tmp']) writeFileSync(path.join(dir, name), 'x');
  assert.deepEqual(await removeStaleTempFiles(dir), [path.join(dir, dead)]);
  assert.equal(existsSync(path.join(dir, dead)), false);
  for (const name of [live, 'checkout.trace.yaml', 'notes.tmp']) assert.ok(existsSync(path.join(dir, name)), `${name} stays`);
  assert.deepEqual(await removeStaleTempFiles(path.join(dir, 'no-such-dir')), []);
});

test('port claims of dead owners are removed; a live owner\'s claim stays', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-claims-'));
  writeFileSync(path.join(dir, '20001'), String(DEAD_PID));
  writeFileSync(path.join(dir, '20002'), String(process.pid));
  writeFileSync(path.join(dir, '20003'), 'garbage');
  assert.deepEqual(removeDeadClaims(dir).sort(), [path.join(dir, '20001'), path.join(dir, '20003')]);
  assert.ok(existsSync(path.join(dir, '20002')));
});
