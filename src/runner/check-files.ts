// `tbt check FILE…` as a library call: every located problem of the test files, their own
// normalize and tolerances sections validated as a run would (run-settings.ts), and with a trace
// file, their specs' results on it.
import path from 'node:path';
import { TbtError, type SpanTree } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, knownSecretsOf, secretRedactor } from '../normalize/index.ts';
import { analyzeTestFile, checkTestFiles, loadVariableSet, toProblem, type CheckProblem, type CheckReport } from '../testfile/index.ts';
import { readOfflineInput, spanTreesOf } from './offline-inputs.ts';
import { testSettingsOf } from './run-settings.ts';

export interface CheckFilesOptions {
  /** Where relative paths start; also the project root the test files' ids are taken from. */
  readonly cwd: string;
  /** A trace file holding one trace, to evaluate the specs on. */
  readonly traceFile?: string;
  /** Tracetest VariableSet files for `${var:NAME}`; a later file wins. */
  readonly varsFiles?: readonly string[];
  /** What `${env:X}` reads, and whose credential-named values never show. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function checkFiles(files: readonly string[], options: CheckFilesOptions): Promise<CheckReport> {
  const { cwd, env } = options;
  const vars: Record<string, string> = {};
  for (const file of options.varsFiles ?? []) Object.assign(vars, await loadVariableSet(path.resolve(cwd, file)));
  let tree: SpanTree | undefined;
  if (options.traceFile !== undefined) {
    const trees = spanTreesOf(await readOfflineInput(options.traceFile, cwd));
    if (trees.length !== 1) {
      throw new TbtError('usage', `--trace needs a trace file holding exactly one trace; ${options.traceFile} holds ${trees.length === 0 ? 'a snapshot (no raw spans)' : `${trees.length} traces`}`);
    }
    tree = trees[0];
  }
  // Specs are judged on the raw trace; what they print of it is redacted like a run's messages.
  const shown = secretRedactor(DEFAULT_NORMALIZE_RULES, knownSecretsOf(env, vars));
  const checked = await checkTestFiles(files, { rootDir: cwd, ...(tree ? { tree } : {}), scope: { env, vars }, shown });
  const sectionProblems = await sectionProblemsOf(files, cwd);
  return { ...checked, problems: [...checked.problems, ...sectionProblems], ok: checked.ok && sectionProblems.length === 0 };
}

/**
 * A test's own tolerances and normalize sections belong to the diff and normalize stages, which
 * the test-file loader does not know: they are validated here, as the runner would, one problem
 * per test at most.
 */
async function sectionProblemsOf(files: readonly string[], cwd: string): Promise<CheckProblem[]> {
  const problems: CheckProblem[] = [];
  for (const file of files) {
    const analyzed = await analyzeTestFile(path.resolve(cwd, file), { rootDir: cwd });
    for (const test of analyzed.loaded?.tests ?? []) {
      try {
        testSettingsOf(test);
      } catch (error) {
        if (!(error instanceof TbtError)) throw error;
        problems.push(toProblem(error, test.file));
      }
    }
  }
  return problems;
}
