// Snapshots that no test produces any more: listed, failed in CI, deleted by --update.
import type { TestDefinition } from '../model/index.ts';
import { PENDING_SUFFIX, snapshotPathFor, type SnapshotStore } from '../snapshot/index.ts';

export async function listObsoleteSnapshots(
  store: SnapshotStore,
  snapshotDir: string,
  tests: readonly TestDefinition[],
): Promise<string[]> {
  const owned = new Set(tests.map((test) => snapshotPathFor(snapshotDir, test.id)));
  const present = await store.list(snapshotDir, '.trace.yaml');
  return present.filter((file) => !owned.has(file) && !file.endsWith(PENDING_SUFFIX)).sort();
}
