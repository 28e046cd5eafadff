// The default reporter: a progress line on a TTY, each test's verdict as it ends, and the run's
// summary line. It writes to the stream it is given, never to process.stdout directly.
import type { RunSummary, Verdict } from '../model/index.ts';
import type { PhaseDetail, Reporter, RunPhase, TestRef } from './reporter.ts';
import { ProgressLine, describePhase } from './progress.ts';
import type { OutputStream } from './progress.ts';
import { renderRunEndPretty, renderVerdictPretty } from './render-pretty.ts';
import { createStyle } from './style.ts';
import type { Style } from './style.ts';
import type { WrittenReports } from './written-reports.ts';

export interface PrettyReporterOptions {
  readonly stream: OutputStream;
  readonly color: boolean;
  readonly verbose: boolean;
  /** Show the progress line: the caller passes `isTTY && !ci`. */
  readonly progress: boolean;
  readonly now?: () => number;
  readonly refreshMs?: number;
  /** Report files other reporters wrote before this one ended, named before the summary line. */
  readonly writtenReports?: WrittenReports;
}

export class PrettyReporter implements Reporter {
  private readonly stream: OutputStream;
  private readonly style: Style;
  private readonly verbose: boolean;
  private readonly progress: ProgressLine | undefined;
  private readonly writtenReports: WrittenReports | undefined;

  constructor(options: PrettyReporterOptions) {
    this.stream = options.stream;
    this.style = createStyle(options.color);
    this.verbose = options.verbose;
    this.writtenReports = options.writtenReports;
    this.progress = options.progress
      ? new ProgressLine({
          stream: options.stream,
          now: options.now ?? (() => performance.now()),
          refreshMs: options.refreshMs ?? 100,
        })
      : undefined;
  }

  onTestStart(test: TestRef): void {
    this.progress?.start(test.name, 'starting');
  }

  onPhase(testId: string | undefined, phase: RunPhase, detail?: PhaseDetail): void {
    if (!this.progress) return;
    if (testId === undefined) this.progress.start('services', describePhase(phase, detail));
    else this.progress.setPhase(describePhase(phase, detail));
  }

  onTestEnd(verdict: Verdict): void {
    this.progress?.clear();
    this.stream.write(renderVerdictPretty(verdict, { style: this.style, verbose: this.verbose }));
  }

  onRunEnd(summary: RunSummary): void {
    this.progress?.stop();
    this.stream.write(renderRunEndPretty(summary, { style: this.style, verbose: this.verbose }, this.writtenReports?.files));
  }
}
