// What a named reporter is (a small object in reporters/), what it is given, and the one
// reporter shape most of them share: render the whole run at its end, then write it somewhere.
import type { RunSummary } from '../model/index.ts';
import { redactSecretShapes } from '../normalize/index.ts';
import type { Reporter } from './reporter.ts';
import type { OutputStream } from './progress.ts';
import { appendFileText, writeFileAtomic } from './io.ts';
import type { WrittenReports } from './written-reports.ts';

/** Everything a reporter may need from its caller; reporters never read process.env. */
export interface ReporterContext {
  readonly stdout: OutputStream;
  /** Colour in terminal output: the cli decides (TTY, NO_COLOR, --no-color). */
  readonly color: boolean;
  /** Also show findings that a tolerance suppressed. */
  readonly verbose: boolean;
  /** Running in CI: no progress line. */
  readonly ci: boolean;
  /** The value of $GITHUB_STEP_SUMMARY, when set. */
  readonly githubStepSummary?: string;
  /** Report paths and snapshot paths are resolved against it. */
  readonly cwd: string;
  /** Reads a snapshot file for annotation lines; defaults to the file system. */
  readonly readText?: (file: string) => string | undefined;
  /** Monotonic milliseconds for the progress line; defaults to performance.now. */
  readonly now?: () => number;
  /**
   * Where file reporters record what they wrote, for the terminal reporter to name before the
   * summary line. createReporters makes one per run; callers leave it out.
   */
  readonly writtenReports?: WrittenReports;
}

/** Where a finished report goes. */
export type OutputTarget =
  | { readonly kind: 'stream'; readonly stream: OutputStream }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'append'; readonly path: string };

/** A reporter by name, as `--reporter NAME[=PATH]` selects it. */
export interface ReporterDefinition {
  readonly name: string;
  /** One line for `--help`: what it writes, and where without a PATH. */
  readonly description: string;
  /** `path` is absolute when given. */
  create(path: string | undefined, context: ReporterContext): Reporter;
}

export function writeToTarget(target: OutputTarget, text: string): void {
  // Verdicts arrive redacted; this is the last line of defence for anything a renderer added.
  // Shapes only: they never cross a quote, so JSON, XML and HTML stay well-formed.
  const safe = redactSecretShapes(text);
  if (target.kind === 'stream') target.stream.write(safe);
  else if (target.kind === 'file') writeFileAtomic(target.path, safe);
  else appendFileText(target.path, safe);
}

/** Renders the whole run once it has ended, and writes the text to its target. */
export class EndOfRunReporter implements Reporter {
  readonly name: string;
  readonly target: OutputTarget;
  private readonly render: (summary: RunSummary) => string;
  private readonly written: WrittenReports | undefined;

  constructor(name: string, render: (summary: RunSummary) => string, target: OutputTarget, written?: WrittenReports) {
    this.name = name;
    this.render = render;
    this.target = target;
    this.written = written;
  }

  onRunEnd(summary: RunSummary): void {
    writeToTarget(this.target, this.render(summary));
    // Appending to $GITHUB_STEP_SUMMARY is GitHub's business; a report file the user named is announced.
    if (this.target.kind === 'file') this.written?.record(this.target.path);
  }
}

/** A file when a path was given, else the caller's stdout. */
export function fileOrStdout(path: string | undefined, context: ReporterContext): OutputTarget {
  return path !== undefined ? { kind: 'file', path } : { kind: 'stream', stream: context.stdout };
}
