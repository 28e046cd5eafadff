// `startSystem`: tbt inside a test runner. The receiver and the services start once; each
// `verify` runs one test (by id, by file path, or as a TestDefinition) and answers with a
// pass/fail and the same text block the CLI prints, findings under their span paths.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.ts';
import { TbtError, type TbtConfig, type TestDefinition, type Verdict } from '../model/index.ts';
import { createStyle, renderVerdictPretty } from '../report/index.ts';
import { isCiEnvironment, startTestSession, type UpdateMode } from '../runner/index.ts';
import type { SnapshotStore } from '../snapshot/index.ts';
import { loadTestFile } from '../testfile/index.ts';

export interface StartSystemOptions {
  /**
   * The config: a path to tbt.config.yaml (relative to `cwd`), or an already loaded config.
   * Default: the nearest tbt.config.yaml from `cwd` upwards.
   */
  readonly config?: string | TbtConfig;
  /** Where relative paths start; default process.cwd(). */
  readonly cwd?: string;
  /** The environment `${env:NAME}` reads and CI is detected from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values for `${var:NAME}`. */
  readonly vars?: Readonly<Record<string, string>>;
  /** `result.text` also lists drift hidden by tolerances. */
  readonly verbose?: boolean;
  /** Where snapshots are read and written; default the files under the config's `snapshots:`. */
  readonly store?: SnapshotStore;
}

/** A test to run: its id (or a suite's), the path of its file, or a definition built in code. */
export type TestReference = string | TestDefinition;

export interface VerifyOptions {
  /**
   * What may be written: 'all' rewrites drifted snapshots (like `verify -u`), 'new' writes missing
   * ones and leaves a `.trace.new.yaml` beside a drifted one (local `verify`), 'none' writes
   * nothing and a missing snapshot fails (CI). Default: 'none' when CI is set, else 'new'.
   */
  readonly update?: UpdateMode;
  /** With update 'all', rewrite snapshots even without drift. */
  readonly force?: boolean;
}

export interface TraceTestResult {
  /** Every test ran and matched its snapshot and specs. */
  readonly passed: boolean;
  /** What the CLI prints for these tests: status lines, findings by span path, failed specs. */
  readonly text: string;
  /** One per test run (a suite or a file with several tests gives several). */
  readonly verdicts: readonly Verdict[];
}

export interface RunningSystem {
  /** The config with this system's ports filled in. */
  readonly config: TbtConfig;
  /** The ids of the tests the config's `tests:` globs define. */
  readonly testIds: readonly string[];
  /** Runs a test and compares its trace with the snapshot. */
  verify(test: TestReference, options?: VerifyOptions): Promise<TraceTestResult>;
  /** Runs a test and writes its snapshot when it is new or drifted (like `tbt record`). */
  record(test: TestReference, options?: { readonly force?: boolean }): Promise<TraceTestResult>;
  /** Stops the services and the receiver. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the receiver and the config's services once; stop them with `stop()`. */
export async function startSystem(options: StartSystemOptions = {}): Promise<RunningSystem> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loadedConfig =
    typeof options.config === 'object' ? options.config : await loadConfig({ cwd, ...(options.config !== undefined ? { configPath: options.config } : {}) });
  const session = await startTestSession({
    config: loadedConfig,
    env,
    ...(options.vars ? { vars: options.vars } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  const { config, loaded } = session;
  const style = createStyle(false);
  const defaultMode: UpdateMode = isCiEnvironment(env) ? 'none' : 'new';

  const resolve = async (reference: TestReference): Promise<readonly TestDefinition[]> => {
    if (typeof reference !== 'string') return [reference];
    const byId = loaded.tests.find((test) => test.id === reference);
    if (byId) return [byId];
    const suite = loaded.suites.find((candidate) => candidate.id === reference);
    if (suite) return suite.steps.map((id) => loaded.tests.find((test) => test.id === id)).filter((test): test is TestDefinition => test !== undefined);
    const file = path.resolve(cwd, reference);
    if (/\.ya?ml$/.test(reference) && existsSync(file)) {
      const fromFile = await loadTestFile(file, { rootDir: config.rootDir });
      return fromFile.tests;
    }
    const byName = loaded.tests.filter((test) => test.name === reference);
    if (byName.length === 1) return byName;
    throw new TbtError('usage', `no test has the id "${reference}", and no test file is at ${file}`, {
      hint: `the config's tests are: ${loaded.tests.map((test) => test.id).join(', ') || '(none)'}`,
    });
  };

  const run = async (reference: TestReference, mode: UpdateMode, force: boolean): Promise<TraceTestResult> => {
    const tests = await resolve(reference);
    const verdicts = await session.run(tests, { mode, force });
    return {
      passed: verdicts.length > 0 && verdicts.every((verdict) => verdict.outcome === 'passed'),
      text: verdicts.map((verdict) => renderVerdictPretty(verdict, { style, verbose: options.verbose === true })).join(''),
      verdicts,
    };
  };

  return {
    config,
    testIds: loaded.tests.map((test) => test.id),
    verify: (test, verifyOptions = {}) => run(test, verifyOptions.update ?? defaultMode, verifyOptions.force === true),
    record: (test, recordOptions = {}) => run(test, 'all', recordOptions.force === true),
    stop: () => session.stop(),
  };
}
