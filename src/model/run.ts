// The outcome of one whole run (many tests), which reporters render at the end and the CLI
// turns into an exit code. Counting is done by whoever builds it; reporters only read it.
import type { Verdict } from './verdict.ts';

export interface RunSummary {
  readonly verdicts: readonly Verdict[];
  /** Tests whose outcome is 'passed'. */
  readonly passed: number;
  /** Tests whose outcome is 'failed' (drift, a detector, or a failed assertion). */
  readonly failed: number;
  /** Tests whose outcome is 'error': they could not run. Summary lines count them as failed. */
  readonly errored: number;
  /** Tests selected but never started (Ctrl-C, or the run stopped before them). */
  readonly skipped?: number;
  /** Tests that Ctrl-C stopped while they ran. */
  readonly interrupted?: number;
  /** Wall time of the whole run, in milliseconds. */
  readonly durationMs: number;
  /** When the run started, ISO-8601; reports that carry a timestamp (JUnit) use it. */
  readonly startedAt?: string;
  /** Time spent starting the services once for the run, in milliseconds. */
  readonly servicesStartMs?: number;
  /** Snapshot files that no selected test owns any more. */
  readonly obsoleteSnapshots: readonly string[];
  /** Snapshot files this run wrote or rewrote, and those it deleted (marked ` (deleted)`). */
  readonly writtenFiles: readonly string[];
}
