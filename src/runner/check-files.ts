// `tbt check FILE…` as a library call: every located problem of the test files, their own
// normalize and tolerances sections validated as a run would (run-settings.ts), every `${env:X}`
// their triggers use that a run from here would find unset, and with a trace file, their specs'
// results on it.
import path from 'node:path';
import { loadConfig } from '../config/index.ts';
import { TbtError, type NormalizeRules, type SpanTree, type TbtConfig } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, knownSecretsOf, secretRedactor } from '../normalize/index.ts';
import { analyzeTestFile, checkTestFiles, loadVariableSet, resolveTemplates, toProblem, unsetVariables, type CheckProblem, type CheckReport } from '../testfile/index.ts';
import type { EvaluationScope } from '../query/index.ts';
import { readOfflineInput, spanTreesOf } from './offline-inputs.ts';
import { normalizeRulesOf, testNormalizeRulesOf, testTolerancesOf } from './run-settings.ts';
import { checkTriggerUrl, outputPlaceholder } from './trigger-url.ts';

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
  // A run's `${env:X}` reads tbt's environment with the config's `env:` over it (test-context.ts).
  const config = await configOf(cwd, env);
  // Specs are judged on the raw trace; what they print of it is redacted like a run's messages:
  // by the config's rules, and hiding the credential-named values of both environments.
  const shown = secretRedactor(config.rules, knownSecretsOf(env, config.env, vars));
  const checked = await checkTestFiles(files, { rootDir: cwd, ...(tree ? { tree } : {}), scope: { env, vars }, shown });
  const runProblems = [...config.problems, ...(await runProblemsOf(files, cwd, { env: { ...env, ...config.env }, vars }))];
  return { ...checked, problems: [...checked.problems, ...runProblems], ok: checked.ok && runProblems.length === 0 };
}

/**
 * The `env:` and normalize rules of the config a run from `cwd` would use; a config that cannot
 * load (bad YAML, an unset `${env:X}` of its own, a bad normalize section) is a problem of the
 * check, as it would stop the run, and the built-in rules stand in for its own.
 */
async function configOf(cwd: string, env: EvaluationScope['env']): Promise<{ env: Readonly<Record<string, string>>; rules: NormalizeRules; problems: CheckProblem[] }> {
  const problem = (error: unknown): CheckProblem => {
    if (!(error instanceof TbtError)) throw error;
    return toProblem(error, 'tbt.config.yaml');
  };
  let config: TbtConfig;
  try {
    config = await loadConfig({ cwd, environment: env });
  } catch (error) {
    return { env: {}, rules: DEFAULT_NORMALIZE_RULES, problems: [problem(error)] };
  }
  try {
    return { env: config.env, rules: normalizeRulesOf(config), problems: [] };
  } catch (error) {
    return { env: config.env, rules: DEFAULT_NORMALIZE_RULES, problems: [problem(error)] };
  }
}

/**
 * What a run would refuse before it fires anything, beyond what the test-file loader knows: a
 * test's own tolerances and normalize sections (they belong to the diff and normalize stages),
 * validated as the runner would; the unset `${env:X}` and `${var:X}` of its trigger (the outputs
 * of the checked files' suite steps count as set, as a run's earlier steps set them); and, once
 * every variable is known, its trigger URL.
 */
async function runProblemsOf(files: readonly string[], cwd: string, scope: EvaluationScope): Promise<CheckProblem[]> {
  const problems: CheckProblem[] = [];
  const tests = [];
  for (const file of files) tests.push(...((await analyzeTestFile(path.resolve(cwd, file), { rootDir: cwd })).loaded?.tests ?? []));
  const outputs = Object.fromEntries(tests.flatMap((test) => test.outputs.map((output) => [output.name, outputPlaceholder(output.name)])));
  const known: EvaluationScope = { env: scope.env, vars: { ...outputs, ...scope.vars } };
  for (const test of tests) {
    const problem = (error: unknown): void => {
      if (!(error instanceof TbtError)) throw error;
      problems.push(toProblem(error, test.file));
    };
    // Each section on its own, so that a bad one does not hide a bad other.
    for (const resolve of [testNormalizeRulesOf, testTolerancesOf]) {
      try {
        resolve(test);
      } catch (error) {
        problem(error);
      }
    }
    const where = test.triggerLocation ?? { file: test.file };
    const unset = unsetVariables(test.trigger, known, where);
    unset.forEach(problem);
    if (unset.length > 0) continue;
    try {
      const trigger = resolveTemplates(test.trigger, known, where);
      // A `${port:NAME}` is a free port a run picks as it starts the services.
      if (trigger.kind === 'http' && !trigger.url.includes('${port:')) checkTriggerUrl(trigger.url, test);
    } catch (error) {
      problem(error);
    }
  }
  return problems;
}
