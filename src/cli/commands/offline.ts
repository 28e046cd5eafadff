// The offline commands: diff, show, lint, query and check work on files, with no trigger and no
// receiver. Each maps its flags to the runner's library call, prints what it returns, and turns it
// into an exit code (DESIGN's contract).
import { lintFailed, type LintFailOn } from '../../detect/index.ts';
import { TbtError } from '../../model/index.ts';
import { createStyle, findingsToJson, formatCheckReport, formatLintText, formatQueryMatches, lintFindingsToJson, renderVerdictPretty } from '../../report/index.ts';
import { canonicalTreeOfFile, checkFiles, compareFiles, lintFiles, queryFile, snapshotOfFile, type OfflineOptions } from '../../runner/index.ts';
import { renderCanonicalTree, renderSnapshot } from '../../snapshot/index.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../errors.ts';
import type { CheckFlags, ConfigFlag, DiffFlags, LintFlags, QueryFlags, ShowFlags } from '../flags.ts';
import { wantsColor, type CliIo } from '../io.ts';

/** Where the command starts, its `-c`, and ingest's warnings (clock skew, missing parents) on stderr. */
function offlineOptions(io: CliIo, flags: ConfigFlag): OfflineOptions & { readonly env: CliIo['env'] } {
  return {
    cwd: io.cwd,
    ...(flags.config ? { configPath: flags.config } : {}),
    onWarning: (file, warning) => io.stderr.write(`${file}: warning: ${warning}\n`),
    env: io.env,
  };
}

export async function runDiff(a: string, b: string, flags: DiffFlags, io: CliIo): Promise<number> {
  const { findings, drifted, verdict } = await compareFiles(a, b, offlineOptions(io, flags));
  if (flags.json) {
    io.stdout.write(`${findingsToJson(findings)}\n`);
  } else {
    const style = createStyle(wantsColor(io, flags.color));
    io.stdout.write(renderVerdictPretty(verdict, { style, verbose: flags.verbose === true }));
    io.stdout.write(drifted ? `${findings.filter((f) => !f.suppressed).length} drift finding(s)\n` : 'no drift\n');
  }
  return drifted ? EXIT_FAILED : EXIT_OK;
}

export async function runShow(file: string, flags: ShowFlags, io: CliIo): Promise<number> {
  const options = offlineOptions(io, flags);
  io.stdout.write(flags.snapshot ? renderSnapshot(await snapshotOfFile(file, options)) : renderCanonicalTree(await canonicalTreeOfFile(file, options)));
  return EXIT_OK;
}

export async function runLint(files: readonly string[], flags: LintFlags, io: CliIo): Promise<number> {
  const minRepeats = flags.minRepeats === undefined ? undefined : Number(flags.minRepeats);
  if (minRepeats !== undefined && (!Number.isInteger(minRepeats) || minRepeats < 2)) {
    throw new TbtError('usage', `--min-repeats must be a whole number ≥ 2, not "${flags.minRepeats}"`);
  }
  const report = await lintFiles(files, { ...offlineOptions(io, flags), ...(minRepeats !== undefined ? { minRepeats } : {}) });
  io.stdout.write(flags.json ? `${JSON.stringify(lintFindingsToJson(report), null, 2)}\n` : formatLintText(report));
  return lintFailed(report, flags.failOn as LintFailOn) ? EXIT_FAILED : EXIT_OK;
}

export async function runQuery(selector: string, file: string, flags: QueryFlags, io: CliIo): Promise<number> {
  const matches = await queryFile(selector, file, offlineOptions(io, flags));
  io.stdout.write(formatQueryMatches(matches, { json: flags.json === true }));
  return EXIT_OK;
}

export async function runCheck(files: readonly string[], flags: CheckFlags, io: CliIo): Promise<number> {
  const report = await checkFiles(files, {
    cwd: io.cwd,
    env: io.env,
    ...(flags.trace !== undefined ? { traceFile: flags.trace } : {}),
    varsFiles: flags.vars ?? [],
  });
  const text = formatCheckReport(report);
  (report.problems.length > 0 ? io.stderr : io.stdout).write(text);
  if (report.problems.length > 0) return EXIT_USAGE;
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
