// The update mode of `tbt record` and `tbt verify`, worked out once from the command, its flags and
// the CI environment (CRAFT: the mode is a value decided at the edge, as vitest and insta do: CI
// means `none`). The CLI maps its flags here; a stage is only ever handed the result.
import { TbtError } from '../model/index.ts';
import type { UpdateMode } from './update-mode.ts';

/** The flags that choose what a run may write; `ci` is undefined when neither --ci nor --no-ci was given. */
export interface UpdateFlags {
  readonly update?: boolean;
  readonly ci?: boolean;
}

export interface RunWriteMode {
  readonly mode: UpdateMode;
  /** A CI run: it never writes, and a missing or obsolete snapshot fails it. Never true for record. */
  readonly ci: boolean;
}

/** True for CI=true and the like (any value but empty, 0 or false), as CI services set it. */
export function isCiEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * - `record`: 'all' (it writes what is new or drifted), whatever CI says;
 * - `verify -u`: 'all'; a CI verify (`--ci`, or CI=true without `--no-ci`): 'none'; else 'new'.
 * `--update` with CI is a usage error: CI mode never writes snapshots.
 */
export function updateModeFor(command: 'record' | 'verify', flags: UpdateFlags, env: Readonly<Record<string, string | undefined>>): RunWriteMode {
  if (command === 'record') return { mode: 'all', ci: false };
  const ci = flags.ci ?? isCiEnvironment(env);
  if (ci && flags.update === true) {
    throw new TbtError('usage', '--update and --ci cannot be used together: CI mode never writes snapshots');
  }
  return { mode: flags.update === true ? 'all' : ci ? 'none' : 'new', ci };
}
