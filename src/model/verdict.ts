// The outcome of one test, which reporters render and the CLI turns into an exit code.
import type { Finding, JsonValue } from './finding.ts';
import type { CanonicalTree } from './tree.ts';
import type { SpanMatching } from './span-matching.ts';

/**
 * `error`: the test could not run (no trace, a bad snapshot file); `interrupted`: Ctrl-C stopped it
 * while it ran; `skipped`: it never started (Ctrl-C, or the run stopped before it).
 */
export type TestOutcome = 'passed' | 'failed' | 'error' | 'interrupted' | 'skipped';

/** What happened to the snapshot file in this run. */
export type SnapshotAction =
  | 'matched'
  | 'written'
  | 'updated'
  | 'pending'
  | 'missing'
  | 'none';

export interface SpanAssertionResult {
  readonly path: string;
  readonly observed?: JsonValue;
  readonly passed: boolean;
  readonly message?: string;
}

export interface AssertionResult {
  /** The spec's `name:`, when it has one. */
  readonly specName?: string;
  readonly selector: string;
  readonly assertion: string;
  readonly passed: boolean;
  /** Why it failed when no span was to blame: "no span matched …". */
  readonly message?: string;
  readonly spans: readonly SpanAssertionResult[];
  readonly file?: string;
  readonly line?: number;
}

/** Milliseconds spent per phase of one test: trigger, collect, judge (and services, once). */
export type PhaseTimings = Readonly<Record<string, number>>;

/** A test that failed on durations alone is run again and judged on its fastest run. */
export interface ConfirmRuns {
  /** How many more runs were made. */
  readonly runs: number;
  /** True when the run it was judged on passed. */
  readonly passed: boolean;
  /** One line for reports: `confirmed: 2 more runs, fastest passed`. */
  readonly summary: string;
}

export interface Verdict {
  readonly testId: string;
  readonly name: string;
  readonly file: string;
  readonly outcome: TestOutcome;
  readonly findings: readonly Finding[];
  readonly assertions: readonly AssertionResult[];
  /** Set when outcome is 'error', 'interrupted' or 'skipped': why the test did not run to its end. */
  readonly error?: { readonly message: string; readonly hint?: string };
  readonly snapshotFile?: string;
  readonly snapshotAction: SnapshotAction;
  /**
   * Where this run left the drifted tree for review (`snapshots/<id>.trace.new.yaml`, relative like
   * `snapshotFile`): set by the runner when `snapshotAction` is 'pending', so that no reporter
   * works the name out again.
   */
  readonly pendingFile?: string;
  readonly spanCount: number;
  readonly timings: PhaseTimings;
  /** Set when verify re-ran the test because it failed on durations alone. */
  readonly confirm?: ConfirmRuns;
  /** How many runs the snapshot (or pending tree) written in this run was learned from. */
  readonly learnedFrom?: number;
  /** Why nothing was recorded although recording was asked for (a failed spec, an incomplete trace). */
  readonly notRecorded?: string;
  /** Things worth knowing that are not drift (the snapshot was normalized with other rules). */
  readonly notes?: readonly string[];
  /** Values of the test's Tracetest `outputs`, passed to later steps of a suite as `var:`. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** The two trees, kept for reports that draw them. */
  readonly golden?: CanonicalTree;
  readonly current?: CanonicalTree;
  /** How the diff paired the spans of the two trees, so that reports align them as the findings do. */
  readonly matching?: SpanMatching;
}
