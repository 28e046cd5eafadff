// What a run did with a test's snapshot, in the words every reporter uses, so that no report calls
// a drifted snapshot "matched" or prints the bare enum.
import type { Verdict } from '../model/index.ts';
import { PENDING_SUFFIX, SNAPSHOT_SUFFIX } from '../snapshot/index.ts';

/** `snapshots/x.trace.yaml` → `snapshots/x.trace.new.yaml`: where a drifted tree waits for review. */
export function pendingSnapshotName(snapshotFile: string | undefined): string {
  if (snapshotFile === undefined) return `a ${PENDING_SUFFIX} file`;
  return snapshotFile.endsWith(SNAPSHOT_SUFFIX) ? snapshotFile.slice(0, -SNAPSHOT_SUFFIX.length) + PENDING_SUFFIX : snapshotFile;
}

/**
 * A few words on the snapshot's fate, or '' when there is nothing to say: a test that could not
 * run never reached its snapshot. 'none' otherwise means the tree drifted and nothing was written
 * (verify --ci), which must never read as "matched".
 */
export function snapshotNote(verdict: Verdict): string {
  switch (verdict.snapshotAction) {
    case 'matched':
      return 'matched';
    case 'written':
      return 'written';
    case 'updated':
      return 'updated';
    case 'missing':
      return 'missing';
    case 'pending':
      return `new tree saved as ${pendingSnapshotName(verdict.snapshotFile)}`;
    case 'none':
      return verdict.outcome !== 'failed' || verdict.snapshotFile === undefined ? '' : 'not updated (drift)';
  }
}
