// common's writeFileAtomic (async and sync): the file is replaced whole through a hidden temp file
// in its own directory, missing directories are made, and a failed write throws its own reason
// and leaves no temp file behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMP_FILE_NAME, writeFileAtomic, writeFileAtomicSync } from '../../src/common/index.ts';
import { tempFileFor } from '../../src/common/atomic-write.ts';

const writers = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', writeFileAtomicSync],
] as const;

for (const [name, write] of writers) {
  test(`${name} creates, then replaces, a file and leaves only that file`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-atomic-'));
    const file = path.join(dir, 'deeper', 'out.json');
    await write(file, 'first\n');
    assert.equal(readFileSync(file, 'utf8'), 'first\n');
    await write(file, new TextEncoder().encode('second\n'), { fsync: true });
    assert.equal(readFileSync(file, 'utf8'), 'second\n');
    assert.deepEqual(readdirSync(path.dirname(file)), ['out.json']);
  });

  test(`${name} under a file throws the write's own error (from mkdir), not the cleanup's (ENOTDIR from rm)`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-atomic-'));
    writeFileSync(path.join(dir, 'blocker'), 'a file\n');
    await assert.rejects(async () => write(path.join(dir, 'blocker', 'out.json'), 'x'), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal((error as NodeJS.ErrnoException).syscall, 'mkdir');
      return true;
    });
    assert.deepEqual(readdirSync(dir), ['blocker']);
  });
}

test('temp files sit beside the target, hidden, unique, and named after the writing pid', () => {
  const file = path.join('snapshots', 'checkout.trace.yaml');
  const first = tempFileFor(file);
  assert.equal(path.dirname(first), 'snapshots');
  assert.notEqual(first, tempFileFor(file));
  const match = TEMP_FILE_NAME.exec(path.basename(first));
  assert.equal(match?.[1], String(process.pid));
  assert.ok(path.basename(first).startsWith('.checkout.trace.yaml.'));
});
