// `tbt check FILE…` as a library call: every located problem of the test files, their own
// normalize and tolerances sections validated as a run would (run-settings.ts), every `${env:X}`
// their triggers use that a run from here would find unset, and with a trace file, their specs'
// results on it.
import path from 'node:path';
import { loadConfig } from '../config/index.ts';
import { TbtError, type SpanTree } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, knownSecretsOf, secretRedactor } from '../normalize/index.ts';
import { analyzeTestFile, checkTestFiles, loadVariableSet, toProblem, unsetEnvironmentVariables, type CheckProblem, type CheckReport } from '../testfile/index.ts';
import type { EvaluationScope } from '../query/index.ts';
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
  // A run's `${env:X}` reads tbt's environment with the config's `env:` over it (test-context.ts).
  const config = await configEnvOf(cwd, env);
  const runProblems = [...config.problems, ...(await runProblemsOf(files, cwd, { env: { ...env, ...config.env }, vars }))];
  return { ...checked, problems: [...checked.problems, ...runProblems], ok: checked.ok && runProblems.length === 0 };
}

/**
 * The `env:` of the config a run from `cwd` would use; a config that cannot load (bad YAML, an
 * unset `${env:X}` of its own) is a problem of the check, as it would stop the run.
 */
async function configEnvOf(cwd: string, env: EvaluationScope['env']): Promise<{ env: Readonly<Record<string, string>>; problems: CheckProblem[] }> {
  try {
    return { env: (await loadConfig({ cwd, environment: env })).env, problems: [] };
  } catch (error) {
    if (!(error instanceof TbtError)) throw error;
    return { env: {}, problems: [toProblem(error, 'tbt.config.yaml')] };
  }
}

/**
 * What a run would refuse before it fires anything, beyond what the test-file loader knows: a
 * test's own tolerances and normalize sections (they belong to the diff and normalize stages),
 * validated as the runner would, and the unset `${env:X}` of its trigger.
 */
async function runProblemsOf(files: readonly string[], cwd: string, scope: EvaluationScope): Promise<CheckProblem[]> {
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
      for (const unset of unsetEnvironmentVariables(test.trigger, scope, test.triggerLocation ?? { file: test.file })) {
        problems.push(toProblem(unset, test.file));
      }
    }
  }
  return problems;
}
