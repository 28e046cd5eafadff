// The offline commands: diff, show, lint, query and check work on files, with no trigger and no
// receiver. Each maps its flags to stage calls and prints; exit codes follow DESIGN.
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import { DEFAULT_DETECTOR_CONFIG, lintFailed, lintTrees, resolveDetectorConfig, type LintFailOn } from '../../detect/index.ts';
import { DEFAULT_TOLERANCES, diffTrees, hasBlockingDrift, resolveTolerances } from '../../diff/index.ts';
import { TbtError, type CanonicalTree, type NormalizeRules, type SpanTree, type TbtConfig, type Verdict } from '../../model/index.ts';
import { buildSpanTree, DEFAULT_NORMALIZE_RULES, knownSecretsOf, redactTrace, resolveNormalizeRules, secretRedactor } from '../../normalize/index.ts';
import { queryTree, selectCanonical, EMPTY_SCOPE } from '../../query/index.ts';
import { createStyle, findingsToJson, formatCheckReport, formatLintText, formatQueryMatches, lintFindingsToJson, renderVerdictPretty } from '../../report/index.ts';
import { canonicalTreeOf, readOfflineInput, snapshotOfInput, spanTreesOf, type OfflineInput } from '../../runner/index.ts';
import { renderCanonicalTree, renderSnapshot } from '../../snapshot/index.ts';
import { analyzeTestFile, checkTestFiles, loadVariableSet, type CheckProblem } from '../../testfile/index.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../errors.ts';
import { wantsColor, type CliIo } from '../io.ts';

async function configFor(io: CliIo, configPath: string | undefined): Promise<TbtConfig> {
  return loadConfig({ cwd: io.cwd, ...(configPath ? { configPath } : {}) });
}

function normalizeRulesOf(config: TbtConfig): NormalizeRules {
  return resolveNormalizeRules(config.normalize.value, DEFAULT_NORMALIZE_RULES, config.normalize.location);
}

export async function runDiff(
  a: string,
  b: string,
  flags: { json?: boolean; color?: boolean; verbose?: boolean; config?: string },
  io: CliIo,
): Promise<number> {
  const config = await configFor(io, flags.config);
  const rules = normalizeRulesOf(config);
  const tolerances = resolveTolerances(config.tolerances.value, DEFAULT_TOLERANCES, config.tolerances.location);
  // One input at a time, keeping only its canonical tree: the raw spans of A are garbage before B
  // is read, which halves what the heap holds (and the GC walks) on big traces.
  const goldenTree = await canonicalInput(a, rules, io);
  const currentTree = await canonicalInput(b, rules, io);
  const findings = diffTrees(goldenTree, currentTree, {
    tolerances,
    selectNodes: (selector, tree) => selectCanonical(selector, tree),
  });
  const drifted = hasBlockingDrift(findings);
  if (flags.json) {
    io.stdout.write(`${findingsToJson(findings)}\n`);
  } else {
    const verdict: Verdict = {
      testId: `${a} → ${b}`,
      name: `${a} → ${b}`,
      file: a,
      outcome: drifted ? 'failed' : 'passed',
      findings,
      assertions: [],
      snapshotAction: 'none',
      spanCount: 0,
      timings: {},
      golden: goldenTree,
      current: currentTree,
    };
    const style = createStyle(wantsColor(io, flags.color));
    io.stdout.write(renderVerdictPretty(verdict, { style, verbose: flags.verbose === true }));
    io.stdout.write(drifted ? `${findings.filter((f) => !f.suppressed).length} drift finding(s)\n` : 'no drift\n');
  }
  return drifted ? EXIT_FAILED : EXIT_OK;
}

/** A file's canonical tree, after its warnings are printed; nothing else of the input is kept. */
async function canonicalInput(file: string, rules: NormalizeRules, io: CliIo): Promise<CanonicalTree> {
  const input = await readOfflineInput(file, io.cwd);
  printWarnings(input, io);
  return canonicalTreeOf(input, rules);
}

/** What ingest repaired or could not place (clock skew, missing parents), on stderr. */
function printWarnings(input: OfflineInput, io: CliIo): void {
  if (input.kind !== 'trace') return;
  for (const trace of input.traces) for (const warning of trace.warnings) io.stderr.write(`${input.file}: warning: ${warning}\n`);
}

export async function runShow(file: string, flags: { config?: string; snapshot?: boolean }, io: CliIo): Promise<number> {
  const config = await configFor(io, flags.config);
  const input = await readOfflineInput(file, io.cwd);
  printWarnings(input, io);
  const rules = normalizeRulesOf(config);
  if (flags.snapshot) {
    const detectors = resolveDetectorConfig(config.detectors.value, DEFAULT_DETECTOR_CONFIG, config.detectors.location);
    io.stdout.write(renderSnapshot(snapshotOfInput(input, rules, detectors)));
  } else {
    io.stdout.write(renderCanonicalTree(canonicalTreeOf(input, rules)));
  }
  return EXIT_OK;
}

export async function runLint(
  files: readonly string[],
  flags: { failOn: string; minRepeats?: string; json?: boolean; config?: string },
  io: CliIo,
): Promise<number> {
  const config = await configFor(io, flags.config);
  let detectors = resolveDetectorConfig(config.detectors.value, DEFAULT_DETECTOR_CONFIG, config.detectors.location);
  if (flags.minRepeats !== undefined) {
    const minRepeats = Number(flags.minRepeats);
    if (!Number.isInteger(minRepeats) || minRepeats < 2) throw new TbtError('usage', `--min-repeats must be a whole number ≥ 2, not "${flags.minRepeats}"`);
    detectors = resolveDetectorConfig({ nPlusOne: { minRepeats } }, detectors, { file: '--min-repeats' });
  }
  const shown = secretRedactor(normalizeRulesOf(config), knownSecretsOf(io.env));
  const inputs = [];
  for (const file of files) {
    const input = await readOfflineInput(file, io.cwd);
    printWarnings(input, io);
    if (input.kind === 'snapshot') {
      throw new TbtError('usage', `${file} is a snapshot; lint needs a trace file with timings (OTLP, Jaeger or Zipkin)`);
    }
    // Findings quote spans after masking their ids, which would break a secret's shape apart:
    // lint reads a redacted copy of each trace.
    for (const trace of input.traces) inputs.push({ file, tree: buildSpanTree(redactTrace(trace, shown)) });
  }
  const report = lintTrees(inputs, detectors);
  io.stdout.write(flags.json ? `${JSON.stringify(lintFindingsToJson(report), null, 2)}\n` : formatLintText(report));
  return lintFailed(report, flags.failOn as LintFailOn) ? EXIT_FAILED : EXIT_OK;
}

export async function runQuery(selector: string, file: string, flags: { json?: boolean }, io: CliIo): Promise<number> {
  const input = await readOfflineInput(file, io.cwd);
  const trees = input.kind === 'trace' ? spanTreesOf(input) : [input.canonical];
  // `${env:X}` in the selector reads tbt's own environment, as it does in test files.
  const scope = { ...EMPTY_SCOPE, env: io.env };
  // Selection runs on the raw spans; what is printed of them is redacted (credential keys too).
  const shown = secretRedactor(DEFAULT_NORMALIZE_RULES, knownSecretsOf(io.env));
  const matches = trees.flatMap((tree) => queryTree(selector, tree, scope)).map((match) => ({
    ...match,
    name: shown.text(match.name),
    path: shown.text(match.path),
    attributes: Object.fromEntries(Object.entries(match.attributes).map(([key, value]) => [key, shown.value(key, value)])),
  }));
  io.stdout.write(formatQueryMatches(matches, { json: flags.json === true }));
  return EXIT_OK;
}


export async function runCheck(files: readonly string[], flags: { trace?: string; vars?: string[] }, io: CliIo): Promise<number> {
  const vars: Record<string, string> = {};
  for (const file of flags.vars ?? []) Object.assign(vars, await loadVariableSet(path.resolve(io.cwd, file)));
  let tree: SpanTree | undefined;
  if (flags.trace !== undefined) {
    const input = await readOfflineInput(flags.trace, io.cwd);
    const trees = spanTreesOf(input);
    if (trees.length !== 1) {
      throw new TbtError('usage', `--trace needs a trace file holding exactly one trace; ${flags.trace} holds ${trees.length === 0 ? 'a snapshot (no raw spans)' : `${trees.length} traces`}`);
    }
    tree = trees[0];
  }
  // Specs are judged on the raw trace; what they print of it is redacted like a run's messages.
  const shown = secretRedactor(DEFAULT_NORMALIZE_RULES, knownSecretsOf(io.env, vars));
  const checked = await checkTestFiles(files, { rootDir: io.cwd, ...(tree ? { tree } : {}), scope: { env: io.env, vars }, shown });
  // A test's own tolerances and normalize sections belong to the diff and normalize stages, which
  // the test-file loader does not know; they are validated here, as the runner would.
  const sectionProblems: CheckProblem[] = [];
  for (const file of files) {
    const analyzed = await analyzeTestFile(path.resolve(io.cwd, file), { rootDir: io.cwd });
    for (const test of analyzed.loaded?.tests ?? []) {
      try {
        if (test.tolerances !== undefined) resolveTolerances(test.tolerances, DEFAULT_TOLERANCES, test.sectionLocations?.tolerances ?? { file: test.file });
        if (test.normalize !== undefined) resolveNormalizeRules(test.normalize, DEFAULT_NORMALIZE_RULES, test.sectionLocations?.normalize ?? { file: test.file });
      } catch (error) {
        if (!(error instanceof TbtError)) throw error;
        const at = error.location ?? { file: test.file };
        sectionProblems.push({
          file: at.file,
          ...(at.line !== undefined ? { line: at.line } : {}),
          ...(at.column !== undefined ? { column: at.column } : {}),
          kind: error.kind,
          message: error.message,
          ...(error.hint ? { hint: error.hint } : {}),
        });
      }
    }
  }
  const report = { ...checked, problems: [...checked.problems, ...sectionProblems], ok: checked.ok && sectionProblems.length === 0 };
  const text = formatCheckReport(report);
  (report.problems.length > 0 ? io.stderr : io.stdout).write(text);
  if (report.problems.length > 0) return EXIT_USAGE;
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
