// The snapshot store: atomic, write-if-changed writes with no temp files left, sorted listing, located io errors, snapshot paths, and the guarded load and save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FsSnapshotStore,
  InMemorySnapshotStore,
  loadSnapshot,
  pendingSnapshotPathFor,
  renderSnapshot,
  saveSnapshot,
  snapshotPathFor,
  testIdForSnapshotPath,
} from '../../src/snapshot/index.ts';
import { SNAPSHOT_SUFFIX } from '../../src/snapshot/snapshot-path.ts';
import { TbtError, type Snapshot } from '../../src/model/index.ts';
import { leaf } from './snapshot-fixtures.ts';

const snapshot: Snapshot = {
  id: 'checkout',
  test: 'checkout',
  file: 't.tbt.yaml',
  trigger: 'POST /checkout',
  normalize: '0123456789abcdef',
  detectorFindings: [],
  tree: { roots: [leaf('root')] },
};

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tbt-snapshot-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('fs store: creates folders, writes atomically, leaves no temp files', () =>
  withTempDir(async (dir) => {
    const store = new FsSnapshotStore();
    const file = snapshotPathFor(path.join(dir, 'snapshots'), 'group/checkout');
    assert.equal(await store.read(file), undefined);
    assert.equal(await store.write(file, 'one\n'), 'written');
    assert.equal(await store.read(file), 'one\n');
    assert.equal(await store.write(file, 'two\n'), 'written');
    assert.equal(await store.read(file), 'two\n');
    assert.deepEqual(await readdir(path.dirname(file)), ['checkout.trace.yaml']);
  }));

test('fs store: equal bytes are not rewritten (the mtime stays)', () =>
  withTempDir(async (dir) => {
    const store = new FsSnapshotStore();
    const file = path.join(dir, 'a.trace.yaml');
    await store.write(file, 'same\n');
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    assert.equal(await store.write(file, 'same\n'), 'unchanged');
    assert.equal((await stat(file)).mtime.getTime(), past.getTime());
  }));

test('fs store: list finds snapshots recursively, sorted, skipping temp and other files', () =>
  withTempDir(async (dir) => {
    const store = new FsSnapshotStore();
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    for (const name of ['b.trace.yaml', 'a.trace.yaml', 'sub/c.trace.yaml', 'a.trace.new.yaml', 'notes.md', '.a.trace.yaml.1.ff.tmp']) {
      await writeFile(path.join(dir, name), 'x');
    }
    assert.deepEqual(await store.list(dir, SNAPSHOT_SUFFIX), ['a.trace.yaml', 'b.trace.yaml', 'sub/c.trace.yaml'].map((name) => path.join(dir, name)));
    assert.deepEqual(await store.list(path.join(dir, 'absent'), SNAPSHOT_SUFFIX), []);
    await store.remove(path.join(dir, 'b.trace.yaml'));
    await store.remove(path.join(dir, 'b.trace.yaml'));
    assert.equal(await store.read(path.join(dir, 'b.trace.yaml')), undefined);
  }));

test('fs store: a failed write is a located io error and leaves no temp file', () =>
  withTempDir(async (dir) => {
    const store = new FsSnapshotStore();
    const target = path.join(dir, 'taken.trace.yaml');
    await mkdir(target); // a directory where the file should go: rename fails
    await assert.rejects(store.write(target, 'x'), (error: unknown) => error instanceof TbtError && error.kind === 'io' && error.location?.file === target);
    assert.deepEqual(await readdir(dir), ['taken.trace.yaml']);
  }));

test('paths: snapshot and pending names, ids with groups, and bad ids refused', () => {
  assert.equal(snapshotPathFor('/p/snapshots', 'checkout'), path.join('/p/snapshots', 'checkout.trace.yaml'));
  assert.equal(pendingSnapshotPathFor('/p/snapshots', 'a/b'), path.join('/p/snapshots', 'a', 'b.trace.new.yaml'));
  assert.equal(testIdForSnapshotPath('/p/snapshots', path.join('/p/snapshots', 'a', 'b.trace.yaml')), 'a/b');
  assert.equal(testIdForSnapshotPath('/p/snapshots', path.join('/p/snapshots', 'b.trace.new.yaml')), 'b');
  assert.equal(testIdForSnapshotPath('/p/snapshots', '/elsewhere/x.trace.yaml'), undefined);
  for (const bad of ['', '../escape', 'a/../../b', '/abs', 'a//b', 'a\\b']) {
    assert.throws(() => snapshotPathFor('/p', bad), (error: unknown) => error instanceof TbtError && error.kind === 'config', bad);
  }
});

test('load/save: a missing file is written; re-saving the same tree writes nothing', async () => {
  const store = new InMemorySnapshotStore();
  const file = '/s/checkout.trace.yaml';
  const missing = await loadSnapshot(store, file);
  assert.equal(missing.status, 'missing');
  assert.equal(await saveSnapshot(store, missing, snapshot), 'written');
  const loaded = await loadSnapshot(store, file);
  assert.equal(loaded.status, 'ok');
  assert.equal(await saveSnapshot(store, loaded, snapshot), 'unchanged');
  assert.deepEqual(store.operations, [
    `read ${file}`,
    `read ${file}`,
    `write ${file} written`,
    `read ${file}`,
    `read ${file}`,
    `write ${file} unchanged`,
  ]);
});

test('load/save: a corrupt snapshot is a value, and is never overwritten without force', async () => {
  const file = '/s/checkout.trace.yaml';
  const store = new InMemorySnapshotStore({ [file]: 'tbt_snapshot: 1\ntree: [\n' });
  const loaded = await loadSnapshot(store, file);
  assert.equal(loaded.status, 'corrupt');
  await assert.rejects(saveSnapshot(store, loaded, snapshot), (error: unknown) => error instanceof TbtError && error.kind === 'snapshot' && /--force/.test(error.hint ?? ''));
  assert.equal(store.files.get(file), 'tbt_snapshot: 1\ntree: [\n');
  assert.equal(await saveSnapshot(store, loaded, snapshot, { force: true }), 'written');
  assert.equal(store.files.get(file), renderSnapshot(snapshot));
});

test('load/save: a file changed on disk since it was read is not overwritten', async () => {
  const file = '/s/checkout.trace.yaml';
  const store = new InMemorySnapshotStore();
  const missing = await loadSnapshot(store, file);
  store.files.set(file, 'someone else wrote this');
  await assert.rejects(saveSnapshot(store, missing, snapshot), /changed on disk/);
  assert.equal(store.files.get(file), 'someone else wrote this');
});
