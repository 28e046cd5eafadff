// The Reporter contract the runner drives, and MultiReporter, which fans one run out to many.
// Reporters render; they never decide pass or fail.
import type { RunSummary, Verdict } from '../model/index.ts';

/** What a run is about to do, told once before the first test. */
export interface RunStartInfo {
  readonly command: string;
  readonly testCount: number;
}

/** A test the runner is about to run. */
export interface TestRef {
  readonly id: string;
  readonly name: string;
}

/** The phases the progress line names: starting services, triggering, collecting, judging. */
export type RunPhase = 'services' | 'trigger' | 'collect' | 'judge';

/** Extra facts about a phase: how many spans have arrived so far while collecting. */
export interface PhaseDetail {
  readonly spans?: number;
}

/**
 * One output of a run. Every hook but `onRunEnd` is optional; a reporter that writes a file does
 * it in `onRunEnd`, once, from the verdicts it was given.
 */
export interface Reporter {
  onRunStart?(info: RunStartInfo): void;
  onTestStart?(test: TestRef): void;
  /** `testId` is undefined for run-wide phases (starting the services). */
  onPhase?(testId: string | undefined, phase: RunPhase, detail?: PhaseDetail): void;
  onTestEnd?(verdict: Verdict): void;
  onRunEnd(summary: RunSummary): Promise<void> | void;
}

/** Sends every event to each reporter, in order; run end waits for all of them. */
export class MultiReporter implements Reporter {
  readonly reporters: readonly Reporter[];

  constructor(reporters: readonly Reporter[]) {
    this.reporters = reporters;
  }

  onRunStart(info: RunStartInfo): void {
    for (const reporter of this.reporters) reporter.onRunStart?.(info);
  }

  onTestStart(test: TestRef): void {
    for (const reporter of this.reporters) reporter.onTestStart?.(test);
  }

  onPhase(testId: string | undefined, phase: RunPhase, detail?: PhaseDetail): void {
    for (const reporter of this.reporters) reporter.onPhase?.(testId, phase, detail);
  }

  onTestEnd(verdict: Verdict): void {
    for (const reporter of this.reporters) reporter.onTestEnd?.(verdict);
  }

  /**
   * Ends every reporter, one after the other so that output to a shared stream keeps its order,
   * even when one fails; then rethrows the first failure.
   */
  async onRunEnd(summary: RunSummary): Promise<void> {
    const failures: unknown[] = [];
    for (const reporter of this.reporters) {
      try {
        await reporter.onRunEnd(summary);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

/** A reporter that ignores everything (for library users who only want the verdicts). */
export class NoopReporter implements Reporter {
  onRunEnd(): void {}
}
