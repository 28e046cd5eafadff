// Review of the trees a failed local verify left as `<id>.trace.new.yaml`, the way
// `cargo insta accept|reject` works: list them, promote them over the snapshot, or drop them.
import { parseSnapshot, PENDING_SUFFIX, snapshotPathFor, testIdForSnapshotPath, type SnapshotStore } from '../snapshot/index.ts';

export interface PendingSnapshot {
  readonly testId: string;
  /** Absolute path of the `.trace.new.yaml` file. */
  readonly file: string;
  /** Absolute path of the snapshot it would replace. */
  readonly target: string;
}

/** Pending snapshots whose test id contains any filter (all of them without filters), by id. */
export async function listPendingSnapshots(store: SnapshotStore, snapshotDir: string, filters: readonly string[]): Promise<PendingSnapshot[]> {
  const files = await store.list(snapshotDir, PENDING_SUFFIX);
  const pending: PendingSnapshot[] = [];
  for (const file of files) {
    const testId = testIdForSnapshotPath(snapshotDir, file);
    if (testId === undefined) continue;
    if (filters.length > 0 && !filters.some((filter) => testId.includes(filter))) continue;
    pending.push({ testId, file, target: snapshotPathFor(snapshotDir, testId) });
  }
  return pending.sort((a, b) => (a.testId < b.testId ? -1 : a.testId > b.testId ? 1 : 0));
}

/** Promotes a pending tree over its snapshot. A file that does not parse is never promoted. */
export async function acceptPendingSnapshot(store: SnapshotStore, pending: PendingSnapshot, displayName: string): Promise<void> {
  const text = (await store.read(pending.file)) ?? '';
  parseSnapshot(text, displayName);
  await store.write(pending.target, text);
  await store.remove(pending.file);
}

/** Drops a pending tree. */
export async function rejectPendingSnapshot(store: SnapshotStore, pending: PendingSnapshot): Promise<void> {
  await store.remove(pending.file);
}
