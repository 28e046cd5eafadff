// The reconcile step as a table: the snapshot's state, the judgement and the update mode decide
// what is written, what the snapshot action is and whether the test fails (pure, no I/O).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, type ReconcileInput } from '../../src/runner/reconcile.ts';

const BAD = 'the test\'s own spec failed: span[name="pay"] attr:status = 200';

test('reconcile: every mode × snapshot state × judgement', () => {
  const rows: Array<[Partial<ReconcileInput> & Pick<ReconcileInput, 'mode'>, string]> = [
    // mode, exists, drifted, assertions, unfit, force       → write, action, outcome, removePending
    [{ mode: 'all', snapshotExists: false }, 'snapshot written passed remove'],
    [{ mode: 'all', snapshotExists: true }, 'nothing matched passed remove'],
    [{ mode: 'all', snapshotExists: true, drifted: true }, 'snapshot updated passed remove'],
    [{ mode: 'all', snapshotExists: true, force: true }, 'snapshot updated passed remove'],
    [{ mode: 'all', snapshotExists: false, unfitToRecord: BAD }, 'nothing none failed keep'],
    [{ mode: 'all', snapshotExists: true, drifted: true, unfitToRecord: BAD }, 'nothing none failed keep'],
    [{ mode: 'all', snapshotExists: false, unfitToRecord: BAD, force: true }, 'snapshot written passed remove'],
    [{ mode: 'all', snapshotExists: true, unfitToRecord: BAD }, 'nothing matched passed remove'],
    [{ mode: 'all', snapshotExists: false, assertionsFailed: true, force: true, unfitToRecord: BAD }, 'snapshot written failed remove'],
    [{ mode: 'new', snapshotExists: false }, 'snapshot written passed remove'],
    [{ mode: 'new', snapshotExists: false, unfitToRecord: BAD }, 'nothing none failed keep'],
    [{ mode: 'new', snapshotExists: true }, 'nothing matched passed remove'],
    [{ mode: 'new', snapshotExists: true, drifted: true }, 'pending pending failed keep'],
    [{ mode: 'new', snapshotExists: true, drifted: true, unfitToRecord: BAD }, 'pending pending failed keep'],
    [{ mode: 'new', snapshotExists: true, assertionsFailed: true }, 'nothing matched failed remove'],
    [{ mode: 'none', snapshotExists: false }, 'nothing missing failed keep'],
    [{ mode: 'none', snapshotExists: true }, 'nothing matched passed keep'],
    [{ mode: 'none', snapshotExists: true, drifted: true }, 'nothing none failed keep'],
    [{ mode: 'none', snapshotExists: true, force: true }, 'nothing matched passed keep'],
  ];
  for (const [given, expected] of rows) {
    const input: ReconcileInput = { force: false, snapshotExists: false, drifted: false, assertionsFailed: false, ...given };
    const result = reconcile(input);
    const got = `${result.write} ${result.snapshotAction} ${result.outcome} ${result.removePending ? 'remove' : 'keep'}`;
    assert.equal(got, expected, JSON.stringify(given));
    assert.equal(result.missingFails, input.mode === 'none' && !input.snapshotExists, JSON.stringify(given));
    const refused = result.write === 'nothing' && input.unfitToRecord !== undefined && !input.force && (!input.snapshotExists || input.drifted) && input.mode !== 'none';
    assert.equal(result.notRecorded, refused ? BAD : undefined, JSON.stringify(given));
  }
});
