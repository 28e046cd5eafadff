// `tbt record` and `tbt verify`: flags to typed options, then the runner; the exit code follows
// DESIGN's contract. What the options mean (the config, the test files, the run) is the runner's.
import type { CollectDiagnostic } from '../../collect/index.ts';
import { TbtError, type RunSummary } from '../../model/index.ts';
import { createReporters, MultiReporter } from '../../report/index.ts';
import { parseShard, recordOrVerify, updateModeFor, type RecordOrVerifyOptions } from '../../runner/index.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from '../errors.ts';
import type { RunCommandFlags } from '../flags.ts';
import { wantsColor, type CliIo } from '../io.ts';

/**
 * The runner's options for these flags, the environment and Ctrl-C's signal; a bad flag is a
 * usage error (exit 2) before anything runs.
 */
export function recordOrVerifyOptions(
  command: 'record' | 'verify',
  filters: readonly string[],
  flags: RunCommandFlags,
  io: CliIo,
  signal?: AbortSignal,
): RecordOrVerifyOptions {
  const { mode, ci } = updateModeFor(command, flags, io.env);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TbtError('usage', `--concurrency must be a whole number ≥ 1, not "${flags.concurrency}"`);
  }
  const recordRuns = countFlag('--runs', flags.runs, 1);
  const confirmRuns = countFlag('--confirm', flags.confirm, 0);
  const port = portFlag(flags.port);
  return {
    command,
    cwd: io.cwd,
    ...(flags.config ? { configPath: flags.config } : {}),
    filters,
    mode,
    ci,
    force: flags.force === true,
    concurrency,
    ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
    varsFiles: flags.vars ?? [],
    ...(port !== undefined ? { port } : {}),
    ...(recordRuns !== undefined ? { recordRuns } : {}),
    ...(confirmRuns !== undefined ? { confirmRuns } : {}),
    env: io.env,
    ...(signal ? { signal } : {}),
    // A refused export or a late span explains an incomplete trace; shown when asked for.
    ...(flags.verbose ? { onDiagnostic: (d: CollectDiagnostic) => io.stderr.write(`tbt: ${d.source}: ${d.message}\n`) } : {}),
    reporter: ({ rootDir }) =>
      new MultiReporter(
        createReporters(flags.reporter ?? ['pretty'], {
          stdout: io.stdout,
          color: wantsColor(io, flags.color),
          verbose: flags.verbose === true,
          ci,
          cwd: rootDir,
          ...(io.env.GITHUB_STEP_SUMMARY ? { githubStepSummary: io.env.GITHUB_STEP_SUMMARY } : {}),
        }),
      ),
  };
}

export async function runRecordOrVerify(
  command: 'record' | 'verify',
  filters: readonly string[],
  flags: RunCommandFlags,
  io: CliIo,
): Promise<number> {
  // The first Ctrl-C stops starting tests and ends the waits; the runner's finally then stops every
  // service. A second one exits at once (the supervisor's exit hook still kills the services).
  const interrupt = new AbortController();
  const options = recordOrVerifyOptions(command, filters, flags, io, interrupt.signal);
  const onSignal = (): void => {
    if (interrupt.signal.aborted) io.signals?.exit(EXIT_INTERRUPTED);
    io.stderr.write('tbt: interrupted: stopping the services and writing the reports (Ctrl-C again to quit at once)\n');
    interrupt.abort('interrupted');
  };
  io.signals?.on('SIGINT', onSignal);
  io.signals?.on('SIGTERM', onSignal);
  let summary: RunSummary;
  try {
    summary = await recordOrVerify(options);
  } finally {
    io.signals?.off('SIGINT', onSignal);
    io.signals?.off('SIGTERM', onSignal);
  }
  if (interrupt.signal.aborted) return EXIT_INTERRUPTED;
  // A record fails when a test could not run, or was not recorded (its specs failed, its trace
  // looked incomplete): nothing was written for it.
  if (command === 'record') return summary.errored > 0 || summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
  const obsoleteFails = options.ci && summary.obsoleteSnapshots.length > 0;
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

/** `--port 4318`: the receiver's port over the config's, or undefined when not given. */
function portFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TbtError('usage', `--port must be 0..65535, not "${value}"`);
  return port;
}
