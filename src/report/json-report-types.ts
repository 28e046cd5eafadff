// The TypeScript shape of the JSON report, kept in step with json-report.schema.json by the
// schema test; library users read reports through it.
import type { FindingKind, JsonValue, Severity, SnapshotAction, TestOutcome } from '../model/index.ts';

export interface JsonReportFinding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly path: ReadonlyArray<{ readonly service: string; readonly name: string }>;
  readonly pathText: string;
  readonly message: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly tolerance?: string;
  readonly suppressed: boolean;
  readonly diagnosis?: string;
  readonly key?: string;
  readonly learned?: string;
}

export interface JsonReportAssertion {
  readonly selector: string;
  readonly assertion: string;
  readonly passed: boolean;
  readonly message?: string;
  readonly file?: string;
  readonly line?: number;
  readonly spans: ReadonlyArray<{ readonly path: string; readonly passed: boolean; readonly observed?: JsonValue; readonly message?: string }>;
}

export interface JsonReportTest {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly outcome: TestOutcome;
  readonly error?: { readonly message: string; readonly hint?: string };
  readonly snapshot: { readonly file?: string; readonly action: SnapshotAction };
  readonly spanCount: number;
  readonly durationMs: number;
  readonly timings: Readonly<Record<string, number>>;
  readonly findings: readonly JsonReportFinding[];
  readonly assertions: readonly JsonReportAssertion[];
  readonly confirm?: { readonly runs: number; readonly passed: boolean; readonly summary: string };
  readonly learnedFrom?: number;
  readonly notRecorded?: string;
}

export interface JsonReport {
  readonly schemaVersion: 1;
  readonly tool: 'tbt';
  readonly startedAt?: string;
  readonly durationMs: number;
  readonly servicesStartMs?: number;
  readonly summary: {
    readonly total: number;
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    /** Stopped by Ctrl-C while running. */
    readonly interrupted: number;
    /** Never started (Ctrl-C, or the run stopped before them). */
    readonly skipped: number;
  };
  readonly obsoleteSnapshots: readonly string[];
  readonly writtenFiles: readonly string[];
  readonly tests: readonly JsonReportTest[];
}
