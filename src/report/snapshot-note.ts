// What a run did with a test's snapshot, in the words every reporter uses, so that no report calls
// a drifted snapshot "matched" or prints the bare enum.
import type { Verdict } from '../model/index.ts';
import { PENDING_SUFFIX } from '../snapshot/index.ts';

/** Where a drifted tree waits for review: the name the runner put on the verdict. */
function pendingSnapshotName(verdict: Verdict): string {
  return verdict.pendingFile ?? `a ${PENDING_SUFFIX} file`;
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
      return `new tree saved as ${pendingSnapshotName(verdict)}`;
    case 'none':
      return verdict.outcome !== 'failed' || verdict.snapshotFile === undefined ? '' : 'not updated (drift)';
  }
}
