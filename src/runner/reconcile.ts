// What one test's run means for its snapshot and its outcome, decided from values alone (in the
// spirit of vitest's SnapshotState): the golden file's state, the judgement, the update mode.
// Pure; run-test.ts does the writing this decides.
import type { SnapshotAction, TestOutcome } from '../model/index.ts';
import { decideSnapshotWrite, type UpdateMode } from './update-mode.ts';

export interface ReconcileInput {
  readonly mode: UpdateMode;
  readonly force: boolean;
  readonly snapshotExists: boolean;
  /** The run drifted from the golden tree beyond tolerances and what was learned. */
  readonly drifted: boolean;
  readonly assertionsFailed: boolean;
  /** Why this run must not become the golden one (a failed spec, an incomplete trace), if so. */
  readonly unfitToRecord?: string;
}

export interface Reconciliation {
  /** What to write: the snapshot, a `.trace.new.yaml` beside it, or nothing. */
  readonly write: 'snapshot' | 'pending' | 'nothing';
  /** Remove a pending file left by an earlier run: it is stale once this run matched or was written. */
  readonly removePending: boolean;
  readonly snapshotAction: SnapshotAction;
  readonly outcome: TestOutcome;
  /** The snapshot is missing where nothing may be written (CI): the test fails on that. */
  readonly missingFails: boolean;
  /** Set when a write was wanted and refused: the reason, for the verdict. */
  readonly notRecorded?: string;
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const decision = decideSnapshotWrite(input);
  // --force records a run whatever it looked like: the user has seen it and wants it.
  const refused = decision.write === 'snapshot' && input.unfitToRecord !== undefined && !input.force;
  const write = refused ? 'nothing' : decision.write;
  const missingFails = !input.snapshotExists && input.mode === 'none';
  // In record mode (and after -u) the new tree is the golden one; drift is reported, not failed.
  const driftFails = input.drifted && write !== 'snapshot';
  const snapshotAction: SnapshotAction = write === 'snapshot'
    ? (input.snapshotExists ? 'updated' : 'written')
    : write === 'pending'
      ? 'pending'
      : !input.snapshotExists
        ? (refused ? 'none' : 'missing')
        : input.drifted
          ? 'none'
          : 'matched';
  const failed = refused || missingFails || (driftFails && !refused) || input.assertionsFailed;
  return {
    write,
    removePending: input.mode !== 'none' && write !== 'pending' && !refused,
    snapshotAction,
    outcome: failed ? 'failed' : 'passed',
    missingFails,
    ...(refused ? { notRecorded: input.unfitToRecord } : {}),
  };
}
