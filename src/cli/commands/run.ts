// `tbt record` and `tbt verify`: flags to run options, then the runner; the exit code follows
// DESIGN's contract.
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import type { CollectDiagnostic } from '../../collect/index.ts';
import { TbtError, type RunSummary } from '../../model/index.ts';
import { createReporters, MultiReporter } from '../../report/index.ts';
import { parseShard, runSuite, type UpdateMode } from '../../runner/index.ts';
import { loadVariableSet } from '../../testfile/index.ts';
import { EXIT_FAILED, EXIT_OK } from '../errors.ts';
import { isCi, wantsColor, type CliIo } from '../io.ts';
import type { RunCommandFlags } from '../program.ts';

export async function runRecordOrVerify(
  command: 'record' | 'verify',
  filters: string[],
  flags: RunCommandFlags,
  io: CliIo,
): Promise<number> {
  const ci = command === 'verify' && isCi(io, flags.ci);
  if (ci && flags.update) {
    throw new TbtError('usage', '--update and --ci cannot be used together: CI mode never writes snapshots');
  }
  const mode: UpdateMode = command === 'record' || flags.update ? 'all' : ci ? 'none' : 'new';
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TbtError('usage', `--concurrency must be a whole number ≥ 1, not "${flags.concurrency}"`);
  }
  const recordRuns = countFlag('--runs', flags.runs, 1);
  const confirmRuns = countFlag('--confirm', flags.confirm, 0);
  let config = await loadConfig({ cwd: io.cwd, environment: io.env, ...(flags.config ? { configPath: flags.config } : {}) });
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TbtError('usage', `--port must be 0..65535, not "${flags.port}"`);
    config = { ...config, receiver: { ...config.receiver, port } };
  }
  const { testFiles, textFilters } = splitFilters(filters, io.cwd);
  const vars: Record<string, string> = {};
  for (const file of flags.vars ?? []) Object.assign(vars, await loadVariableSet(file));

  const reporter = new MultiReporter(
    createReporters(flags.reporter ?? ['pretty'], {
      stdout: io.stdout,
      color: wantsColor(io, flags.color),
      verbose: flags.verbose === true,
      ci,
      cwd: config.rootDir,
      ...(io.env.GITHUB_STEP_SUMMARY ? { githubStepSummary: io.env.GITHUB_STEP_SUMMARY } : {}),
    }),
  );

  // The first Ctrl-C stops starting tests and ends the waits; the runner's finally then stops every
  // service. A second one exits at once (the supervisor's exit hook still kills the services).
  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    io.stderr.write('tbt: interrupted: stopping the services and writing the reports (Ctrl-C again to quit at once)\n');
    interrupt.abort('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: RunSummary;
  try {
    summary = await runSuite({
      command,
      config,
      filters: textFilters,
      testFiles,
      mode,
      force: flags.force === true,
      ci,
      concurrency,
      ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
      vars,
      env: io.env,
      reporter,
      ...(recordRuns !== undefined ? { recordRuns } : {}),
      ...(confirmRuns !== undefined ? { confirmRuns } : {}),
      signal: interrupt.signal,
      // A refused export or a late span explains an incomplete trace; shown when asked for.
      ...(flags.verbose ? { onDiagnostic: (d: CollectDiagnostic) => io.stderr.write(`tbt: ${d.source}: ${d.message}\n`) } : {}),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupt.signal.aborted) return 130;
  // A record fails when a test could not run, or was not recorded (its specs failed, its trace
  // looked incomplete): nothing was written for it.
  if (command === 'record') return summary.errored > 0 || summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
  const obsoleteFails = ci && summary.obsoleteSnapshots.length > 0;
  return summary.failed > 0 || summary.errored > 0 || obsoleteFails ? EXIT_FAILED : EXIT_OK;
}

/** `--runs 3`, `--confirm 0`: a whole number from `min` to 100, or undefined when not given. */
function countFlag(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count) || count < min || count > 100) {
    throw new TbtError('usage', `${flag} must be a whole number from ${min} to 100, not "${value}"`);
  }
  return count;
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
