// Turns `--reporter NAME[=PATH]` values into reporters, from the registry of named reporters.
import path from 'node:path';
import { TbtError } from '../model/index.ts';
import type { Reporter } from './reporter.ts';
import { EndOfRunReporter } from './reporter-definition.ts';
import type { ReporterContext, ReporterDefinition } from './reporter-definition.ts';
import { prettyReporter } from './reporters/pretty.ts';
import { junitReporter } from './reporters/junit.ts';
import { jsonReporter } from './reporters/json.ts';
import { markdownReporter } from './reporters/markdown.ts';
import { githubReporter } from './reporters/github.ts';
import { htmlReporter } from './reporters/html.ts';
import { WrittenReports } from './written-reports.ts';
import { checkReportPath } from './io.ts';
import { renderSummaryLine } from './summary-line.ts';
import type { RunSummary } from '../model/index.ts';

/** Every reporter `--reporter` accepts, by name. */
export const REPORTERS: readonly ReporterDefinition[] = [
  prettyReporter,
  junitReporter,
  jsonReporter,
  markdownReporter,
  githubReporter,
  htmlReporter,
];

export interface ReporterSpec {
  readonly name: string;
  /** As written by the user; resolved against the cwd when the reporter is created. */
  readonly path?: string;
}

/** `junit=out/junit.xml` → { name: 'junit', path: 'out/junit.xml' }; throws 'usage' when malformed. */
export function parseReporterSpec(spec: string): ReporterSpec {
  const equals = spec.indexOf('=');
  const name = (equals === -1 ? spec : spec.slice(0, equals)).trim();
  const known = REPORTERS.map((r) => r.name).join(', ');
  if (!REPORTERS.some((r) => r.name === name)) {
    throw new TbtError('usage', `unknown reporter "${name}" in --reporter ${spec}`, { hint: `known reporters: ${known}` });
  }
  if (equals === -1) return { name };
  const file = spec.slice(equals + 1).trim();
  if (file === '') {
    throw new TbtError('usage', `--reporter ${spec} names no file`, { hint: `write --reporter ${name}=PATH, or just --reporter ${name}` });
  }
  return { name, path: file };
}

function writesToStdout(reporter: Reporter, spec: ReporterSpec): boolean {
  if (spec.path !== undefined) return false;
  return !(reporter instanceof EndOfRunReporter) || reporter.target.kind === 'stream';
}

/**
 * Creates the reporters for `--reporter` values (default: `pretty` on stdout). Reports written to
 * stdout at run end come before the terminal reporter's, so the run still ends with its summary line;
 * report files are written first too, so that the terminal reporter can say where they went.
 */
export function createReporters(specs: readonly string[], given: ReporterContext): Reporter[] {
  // One list per run: file reporters end first and record their files; the terminal one names them.
  const context: ReporterContext = { ...given, writtenReports: given.writtenReports ?? new WrittenReports(given.cwd) };
  const parsed = (specs.length === 0 ? ['pretty'] : specs).map(parseReporterSpec);
  const created = parsed.map((spec) => {
    const definition = REPORTERS.find((r) => r.name === spec.name);
    if (!definition) throw new TbtError('usage', `unknown reporter "${spec.name}"`);
    const file = spec.path === undefined ? undefined : path.resolve(context.cwd, spec.path);
    if (file !== undefined && spec.path !== undefined) checkReportPath(file, spec.path);
    return { spec, reporter: definition.create(file, context) };
  });
  const terminal = created.filter((c) => c.spec.name === 'pretty' && writesToStdout(c.reporter, c.spec));
  const others = created.filter((c) => !terminal.includes(c));
  const reporters = [...others, ...terminal].map((c) => c.reporter);
  // Only report files were asked for: the terminal still learns where they went and how it ended.
  if (!created.some((c) => writesToStdout(c.reporter, c.spec))) reporters.push(new SummaryLineReporter(context.stdout, context.writtenReports));
  return reporters;
}

/** The last lines of a run alone (report files written, then `N passed, N failed`). */
class SummaryLineReporter implements Reporter {
  constructor(
    private readonly stdout: ReporterContext['stdout'],
    private readonly written: WrittenReports | undefined,
  ) {}

  onRunEnd(summary: RunSummary): void {
    const lines = [...(this.written?.files ?? []).map((file) => `wrote report ${file}`), renderSummaryLine(summary)];
    this.stdout.write(`${lines.join('\n')}\n`);
  }
}
