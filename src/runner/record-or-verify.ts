// `record` and `verify` as a library call: typed options in (what the CLI parsed from its flags),
// the run's settings resolved here once (config, --port, variable sets, which arguments are test
// files), then runSuite. The CLI keeps only the flags and the exit code.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { CollectDiagnostic } from '../collect/index.ts';
import { loadConfig } from '../config/index.ts';
import type { RunSummary } from '../model/index.ts';
import type { Reporter } from '../report/index.ts';
import type { SnapshotStore } from '../snapshot/index.ts';
import { loadVariableSet } from '../testfile/index.ts';
import { runSuite } from './run-suite.ts';
import type { Shard } from './select-tests.ts';
import type { UpdateMode } from './update-mode.ts';

export interface RecordOrVerifyOptions {
  readonly command: 'record' | 'verify';
  /** Where relative paths (the config, test files named as arguments) start. */
  readonly cwd: string;
  /** The config file; default the nearest tbt.config.yaml from `cwd` upwards. */
  readonly configPath?: string;
  /** Test files (an existing `.yaml` path: run even outside the `tests:` globs), or filters on a test's id, name or file. */
  readonly filters: readonly string[];
  /** What the run may write, and whether it is a CI run: `updateModeFor(command, flags, env)`. */
  readonly mode: UpdateMode;
  readonly ci: boolean;
  /** `-f`: rewrite snapshots even without drift. */
  readonly force?: boolean;
  readonly concurrency?: number;
  readonly shard?: Shard;
  /** Tracetest VariableSet files for `${var:NAME}`; a later file wins. */
  readonly varsFiles?: readonly string[];
  /** The receiver's port, over the config's. */
  readonly port?: number;
  /** Runs a new snapshot is learned from, over the config's `record.runs`. */
  readonly recordRuns?: number;
  /** Confirm runs after a failure on durations alone, over `verify.confirm`. */
  readonly confirmRuns?: number;
  /** tbt's environment: `${env:X}`, CI detection, and what services start from. Never read from the process here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: the run stops starting tests and cleans up. */
  readonly signal?: AbortSignal;
  readonly onDiagnostic?: (diagnostic: CollectDiagnostic) => void;
  /** Makes the run's reporter, once the config says where the project's root is. */
  readonly reporter: (run: { readonly rootDir: string }) => Reporter;
  readonly store?: SnapshotStore;
}

export async function recordOrVerify(options: RecordOrVerifyOptions): Promise<RunSummary> {
  const { mode, ci } = options;
  let config = await loadConfig({ cwd: options.cwd, environment: options.env, ...(options.configPath ? { configPath: options.configPath } : {}) });
  if (options.port !== undefined) config = { ...config, receiver: { ...config.receiver, port: options.port } };
  const { testFiles, textFilters } = splitFilters(options.filters, options.cwd);
  const vars: Record<string, string> = {};
  for (const file of options.varsFiles ?? []) Object.assign(vars, await loadVariableSet(file));
  const reporter = options.reporter({ rootDir: config.rootDir });
  return runSuite({
    command: options.command,
    config,
    filters: textFilters,
    testFiles,
    mode,
    force: options.force === true,
    ci,
    concurrency: options.concurrency ?? 1,
    ...(options.shard ? { shard: options.shard } : {}),
    vars,
    env: options.env,
    reporter,
    ...(options.store ? { store: options.store } : {}),
    ...(options.recordRuns !== undefined ? { recordRuns: options.recordRuns } : {}),
    ...(options.confirmRuns !== undefined ? { confirmRuns: options.confirmRuns } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onDiagnostic ? { onDiagnostic: options.onDiagnostic } : {}),
  });
}

/**
 * `tbt verify path/to/test.tbt.yaml`: an argument naming an existing YAML file is a test file to
 * run (even outside the `tests:` globs); anything else filters by id, name or file.
 */
function splitFilters(filters: readonly string[], cwd: string): { testFiles: string[]; textFilters: string[] } {
  const testFiles: string[] = [];
  const textFilters: string[] = [];
  for (const filter of filters) {
    const file = path.resolve(cwd, filter);
    if (/\.ya?ml$/i.test(filter) && isFile(file)) testFiles.push(file);
    else textFilters.push(filter);
  }
  return { testFiles, textFilters };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
