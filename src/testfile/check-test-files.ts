// `tbt check`: validates test files without firing anything, listing every problem with
// file:line:column; given a recorded trace, also evaluates their specs against it.
import path from 'node:path';
import { TbtError, type AssertionResult, type SpanTree, type TbtErrorKind } from '../model/index.ts';
import { EMPTY_SCOPE, evaluateSpecs, RAW_VALUES, type EvaluationScope, type ShownValues } from '../query/index.ts';
import { analyzeTestFile } from './load-test-file.ts';

export interface CheckOptions {
  readonly rootDir: string;
  /** A recorded trace (already built by ingest and normalize) to evaluate the specs on. */
  readonly tree?: SpanTree;
  readonly scope?: EvaluationScope;
  /** How results show observed values and messages (the CLI passes the secret redactor). */
  readonly shown?: ShownValues;
}

export interface CheckProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly kind: TbtErrorKind;
  readonly message: string;
  readonly hint?: string;
}

export interface CheckedTest {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  /** Empty unless a trace was given. */
  readonly assertions: readonly AssertionResult[];
}

export interface CheckReport {
  readonly files: number;
  readonly tests: readonly CheckedTest[];
  readonly problems: readonly CheckProblem[];
  /** No problem, and (with a trace) every assertion passed. */
  readonly ok: boolean;
}

/** A user error as a check problem, placed at its own location or else in `file`. */
export function toProblem(error: TbtError, file: string): CheckProblem {
  const location = error.location ?? { file };
  return {
    file: location.file,
    ...(location.line !== undefined ? { line: location.line } : {}),
    ...(location.column !== undefined ? { column: location.column } : {}),
    kind: error.kind,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
  };
}

/** Checks each file (paths absolute or relative to `rootDir`), in the order given. */
export async function checkTestFiles(files: readonly string[], options: CheckOptions): Promise<CheckReport> {
  const problems: CheckProblem[] = [];
  const tests: CheckedTest[] = [];
  for (const given of files) {
    const absPath = path.resolve(options.rootDir, given);
    const relative = path.relative(options.rootDir, absPath).split(path.sep).join('/');
    const analyzed = await analyzeTestFile(absPath, { rootDir: options.rootDir });
    problems.push(...analyzed.problems.map((error) => toProblem(error, relative)));
    for (const test of analyzed.loaded?.tests ?? []) {
      let assertions: AssertionResult[] = [];
      if (options.tree) {
        try {
          assertions = evaluateSpecs(test.specs, test.flows, options.tree, options.scope ?? EMPTY_SCOPE, options.shown ?? RAW_VALUES);
        } catch (error) {
          if (!(error instanceof TbtError)) throw error;
          problems.push(toProblem(error, test.file));
        }
      }
      tests.push({ id: test.id, name: test.name, file: test.file, assertions });
    }
  }
  const failed = tests.some((test) => test.assertions.some((assertion) => !assertion.passed));
  return { files: files.length, tests, problems, ok: problems.length === 0 && !failed };
}
