// The test-runner glue follows each runner's snapshot flags: vitest/jest's snapshotState
// (-u → all, --ci → none, else new) and node:test's --test-update-snapshots; the matcher passes
// the runner's mode to verify, answers with the CLI's text, and refuses .not and a missing system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError } from 'node:assert';
import { assertTraceSnapshot, nodeTestUpdateMode, toMatchTraceSnapshot } from '../../src/system/index.ts';
import { updateModeOf } from '../../src/system/matchers.ts';
import type { RunningSystem, TestReference, TraceTestResult, VerifyOptions } from '../../src/system/index.ts';
import { TbtError } from '../../src/model/index.ts';

/** A system that records each verify call and answers with a fixed result. */
function fakeSystem(passed: boolean): { system: RunningSystem; calls: { test: TestReference; options: VerifyOptions | undefined }[] } {
  const calls: { test: TestReference; options: VerifyOptions | undefined }[] = [];
  const result: TraceTestResult = { passed, text: passed ? '✓ ok\n' : '✗ drifted\n  api › GET /\n    ~ status\n', verdicts: [] };
  const system: RunningSystem = {
    config: undefined as never,
    testIds: ['checkout'],
    verify: async (test, options) => {
      calls.push({ test, options });
      return result;
    },
    record: async () => result,
    stop: async () => undefined,
  };
  return { system, calls };
}

test('the runner snapshot mode is read from snapshotState, and absent means tbt decides', () => {
  assert.equal(updateModeOf({ snapshotState: { _updateSnapshot: 'all' } }), 'all');
  assert.equal(updateModeOf({ snapshotState: { _updateSnapshot: 'none' } }), 'none');
  assert.equal(updateModeOf({ snapshotState: { _updateSnapshot: 'new' } }), 'new');
  assert.equal(updateModeOf({ snapshotState: null }), undefined);
  assert.equal(updateModeOf({ snapshotState: {} }), undefined);
  assert.equal(updateModeOf({ snapshotState: { _updateSnapshot: 'sometimes' } }), undefined);
  assert.equal(updateModeOf(undefined), undefined);
});

test('node:test: --test-update-snapshots rewrites, CI writes nothing, else only missing snapshots', () => {
  assert.equal(nodeTestUpdateMode(['--test-update-snapshots'], { CI: 'true' }), 'all');
  assert.equal(nodeTestUpdateMode([], { CI: 'true' }), 'none');
  assert.equal(nodeTestUpdateMode([], { CI: 'false' }), 'new');
  assert.equal(nodeTestUpdateMode([], {}), 'new');
});

test('toMatchTraceSnapshot passes the runner mode to verify and answers with the CLI text', async () => {
  const { system, calls } = fakeSystem(false);
  const result = await toMatchTraceSnapshot.call({ snapshotState: { _updateSnapshot: 'none' } }, 'checkout', system);
  assert.equal(result.pass, false);
  assert.match(result.message(), /api › GET \//);
  assert.deepEqual(calls, [{ test: 'checkout', options: { update: 'none' } }]);
  const passing = fakeSystem(true);
  assert.equal((await toMatchTraceSnapshot.call({}, 'checkout', passing.system)).pass, true);
  assert.deepEqual(passing.calls, [{ test: 'checkout', options: {} }]);
});

test('toMatchTraceSnapshot refuses .not, a missing system and a received value that names no test', async () => {
  const { system } = fakeSystem(true);
  await assert.rejects(toMatchTraceSnapshot.call({ isNot: true }, 'checkout', system), (error: unknown) => error instanceof TbtError && /cannot be negated/.test(error.message));
  await assert.rejects(toMatchTraceSnapshot.call({}, 'checkout', undefined as unknown as RunningSystem), /needs the running system/);
  await assert.rejects(toMatchTraceSnapshot.call({}, 42, system), /expects a test id/);
});

test('assertTraceSnapshot throws an AssertionError carrying the text when the trace drifted', async () => {
  const { system } = fakeSystem(false);
  await assert.rejects(assertTraceSnapshot(system, 'checkout', { update: 'none' }), (error: unknown) => error instanceof AssertionError && error.message.includes('~ status'));
  const ok = fakeSystem(true);
  assert.equal((await assertTraceSnapshot(ok.system, 'checkout', { update: 'new' })).passed, true);
  assert.deepEqual(ok.calls[0]?.options, { update: 'new' });
});
