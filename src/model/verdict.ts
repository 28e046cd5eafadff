// The outcome of one test, which reporters render and the CLI turns into an exit code.
import type { Finding, JsonValue } from './finding.ts';
import type { CanonicalTree } from './tree.ts';

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
  readonly spanCount: number;
  readonly timings: PhaseTimings;
  /** Things worth knowing that are not drift (the snapshot was normalized with other rules). */
  readonly notes?: readonly string[];
  /** Values of the test's Tracetest `outputs`, passed to later steps of a suite as `var:`. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** The two trees, kept for reports that draw them. */
  readonly golden?: CanonicalTree;
  readonly current?: CanonicalTree;
}
