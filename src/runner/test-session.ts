// A long-lived run for test runners (node:test, vitest, jest): ports, receivers and services are
// started once, then any number of tests run against them, each with its own write mode, until
// `stop()`. The CLI's `runSuite` is the one-shot version of the same pieces.
import type { CollectDiagnostic } from '../collect/index.ts';
import type { TbtConfig, TestDefinition, Verdict } from '../model/index.ts';
import { FsSnapshotStore, type SnapshotStore } from '../snapshot/index.ts';
import { loadTestDefinitions, type LoadedTests } from './load-tests.ts';
import { assignPorts } from './ports.ts';
import { runTest } from './run-test.ts';
import { startSystemUnderTest } from './system-under-test.ts';
import { resolveRunSettings } from './run-settings.ts';
import { sharedTestContext } from './test-context.ts';
import type { UpdateMode } from './update-mode.ts';

export interface TestSessionOptions {
  readonly config: TbtConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars?: Readonly<Record<string, string>>;
  readonly store?: SnapshotStore;
  readonly onDiagnostic?: (diagnostic: CollectDiagnostic) => void;
}

export interface TestSession {
  /** The config with its `${port:NAME}` placeholders filled for this session. */
  readonly config: TbtConfig;
  /** The tests and suites the config's `tests:` globs define. */
  readonly loaded: LoadedTests;
  /**
   * Runs tests in order, as one suite run would: each test's outputs become `var:` values for the
   * tests after it. A test that cannot run is an 'error' verdict; bad input throws a TbtError.
   */
  run(tests: readonly TestDefinition[], options: { readonly mode: UpdateMode; readonly force?: boolean }): Promise<Verdict[]>;
  /** Stops the services and receivers and frees the ports. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startTestSession(options: TestSessionOptions): Promise<TestSession> {
  const { config, release } = await assignPorts(options.config);
  try {
    const settings = resolveRunSettings(config);
    const loaded = await loadTestDefinitions(config);
    const system = await startSystemUnderTest(config, {
      startServices: true,
      env: options.env,
      ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
    });
    const store = options.store ?? new FsSnapshotStore();
    const env = { ...options.env, ...config.env };
    let stopping: Promise<void> | undefined;
    return {
      config,
      loaded,
      async run(tests, { mode, force = false }) {
        const verdicts: Verdict[] = [];
        let vars = options.vars ?? {};
        for (const test of tests) {
          const context = sharedTestContext(config, system, settings, { store, mode, force, env, vars });
          const verdict = await runTest(test, context);
          verdicts.push(verdict);
          if (verdict.outputs) vars = { ...vars, ...verdict.outputs };
        }
        return verdicts;
      },
      stop: () =>
        (stopping ??= system.stop().finally(release)),
    };
  } catch (error) {
    release();
    throw error;
  }
}
