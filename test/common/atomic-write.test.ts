// common's writeFileAtomic (async and sync): the file is replaced whole through a hidden temp file
// in its own directory, missing directories are made, and a failed write throws its own reason
// and leaves no temp file behind; directories are made one level at a time (never hanging on /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDirectory, makeDirectorySync, TEMP_FILE_NAME, writeFileAtomic, writeFileAtomicSync } from '../../src/common/index.ts';
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

test('a directory the kernel will not create (under /proc) fails at once with its error, sync and async', { skip: process.platform !== 'linux' ? 'needs /proc' : false }, async () => {
  // Node's own recursive mkdir retries ENOENT there forever; common's makes one level at a time.
  assert.throws(() => makeDirectorySync('/proc/tbt-no-such-dir/deeper'), { code: 'ENOENT' });
  await assert.rejects(makeDirectory('/proc/tbt-no-such-dir/deeper'), { code: 'ENOENT' });
  assert.throws(() => writeFileAtomicSync('/proc/tbt-no-such-dir/x.txt', 'x'), { code: 'ENOENT' });
  await assert.rejects(writeFileAtomic('/proc/tbt-no-such-dir/x.txt', 'x'), { code: 'ENOENT' });
});

test('makeDirectory makes every missing level and accepts one that exists', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tbt-mkdir-'));
  makeDirectorySync(path.join(root, 'a', 'b', 'c'));
  await makeDirectory(path.join(root, 'x', 'y'));
  await makeDirectory(path.join(root, 'x', 'y'));
  makeDirectorySync(path.join(root, 'a'));
  assert.deepEqual(readdirSync(root).sort(), ['a', 'x']);
  assert.deepEqual(readdirSync(path.join(root, 'a', 'b')), ['c']);
});
