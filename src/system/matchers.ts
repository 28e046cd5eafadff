// `toMatchTraceSnapshot` for vitest and jest (registered by src/vitest.ts and src/jest.ts), and
// `assertTraceSnapshot` for node:test. Each follows its runner's snapshot flags: `-u` rewrites
// drifted snapshots, a plain run writes only missing ones, CI writes nothing.
import { AssertionError } from 'node:assert';
import { TbtError } from '../model/index.ts';
import { isCiEnvironment, type UpdateMode } from '../runner/index.ts';
import type { RunningSystem, TestReference, TraceTestResult } from './start-system.ts';

/**
 * The part of vitest's and jest's matcher context this matcher reads. Both keep the run's
 * snapshot mode in `snapshotState._updateSnapshot`: 'all' with -u, 'none' in CI (--ci), else 'new'.
 * That field is private in both runners' types, so the state is typed as any object and the field
 * is looked up at run time: their matcher contexts must be assignable to this one for
 * `expect.extend` to typecheck.
 */
export interface SnapshotMatcherContext {
  readonly isNot?: boolean;
  readonly snapshotState?: object | null;
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

const MODES: readonly string[] = ['all', 'new', 'none'];

/** The runner's snapshot mode, or undefined when the context has none (then tbt's default holds). */
export function updateModeOf(context: SnapshotMatcherContext | undefined): UpdateMode | undefined {
  const state = context?.snapshotState;
  const mode = state !== undefined && state !== null && '_updateSnapshot' in state ? state._updateSnapshot : undefined;
  return typeof mode === 'string' && MODES.includes(mode) ? (mode as UpdateMode) : undefined;
}

/**
 * `await expect('checkout-two-items').toMatchTraceSnapshot(system)`: runs the test against the
 * running system and passes when its trace matches the snapshot (and its specs hold).
 */
export async function toMatchTraceSnapshot(this: SnapshotMatcherContext | undefined, received: unknown, system: RunningSystem): Promise<MatcherResult> {
  if (this?.isNot === true) {
    throw new TbtError('usage', 'toMatchTraceSnapshot cannot be negated: a trace either matches its snapshot or shows how it drifted');
  }
  if (system === undefined || typeof system.verify !== 'function') {
    throw new TbtError('usage', 'toMatchTraceSnapshot needs the running system: expect(testId).toMatchTraceSnapshot(system), with system = await startSystem(...)');
  }
  if (typeof received !== 'string' && (typeof received !== 'object' || received === null)) {
    throw new TbtError('usage', `toMatchTraceSnapshot expects a test id, a test file path or a TestDefinition, not ${typeof received}`);
  }
  const mode = updateModeOf(this);
  const result = await system.verify(received as TestReference, mode ? { update: mode } : {});
  return { pass: result.passed, message: () => result.text };
}

/** The node:test snapshot mode: `--test-update-snapshots` (Node 22.3+) rewrites, CI never writes. */
export function nodeTestUpdateMode(
  execArgv: readonly string[] = process.execArgv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): UpdateMode {
  if (execArgv.includes('--test-update-snapshots')) return 'all';
  return isCiEnvironment(env) ? 'none' : 'new';
}

/**
 * For node:test: runs the test and throws an AssertionError whose message is the CLI's text
 * block when the trace drifted or a spec failed. Resolves to the result when it passed.
 */
export async function assertTraceSnapshot(system: RunningSystem, test: TestReference, options: { readonly update?: UpdateMode } = {}): Promise<TraceTestResult> {
  const result = await system.verify(test, { update: options.update ?? nodeTestUpdateMode() });
  if (!result.passed) throw new AssertionError({ message: result.text, actual: result.verdicts.map((verdict) => verdict.outcome), expected: 'passed', operator: 'toMatchTraceSnapshot' });
  return result;
}
