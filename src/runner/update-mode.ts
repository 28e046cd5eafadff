// What a run may write, decided once from the command and its flags (CRAFT: the mode is a value
// the CLI decides, never something a stage infers).

/**
 * - `all`: write missing and drifted snapshots (record, verify -u);
 * - `new`: write missing snapshots; a drifted one gets a `.trace.new.yaml` beside it (local verify);
 * - `none`: write nothing; a missing snapshot fails (verify --ci).
 */
export type UpdateMode = 'all' | 'new' | 'none';

export type SnapshotDecision =
  | { readonly write: 'snapshot' }
  | { readonly write: 'pending' }
  | { readonly write: 'nothing' };

export function decideSnapshotWrite(options: {
  mode: UpdateMode;
  force: boolean;
  snapshotExists: boolean;
  drifted: boolean;
}): SnapshotDecision {
  const { mode, force, snapshotExists, drifted } = options;
  if (mode === 'none') return { write: 'nothing' };
  if (!snapshotExists) return { write: 'snapshot' };
  if (mode === 'all' && (drifted || force)) return { write: 'snapshot' };
  if (mode === 'new' && drifted) return { write: 'pending' };
  return { write: 'nothing' };
}
