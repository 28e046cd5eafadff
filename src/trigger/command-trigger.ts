// Runs a process as the trigger, with the trace context in TRACEPARENT as OpenTelemetry's
// environment-variable carrier specifies, and records its exit code and output tail.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { GUARDIAN_SOURCE } from '../common/index.ts';
import { TbtError, type CommandTrigger } from '../model/index.ts';
import { traceparentFor } from './ids.ts';
import { makeRootSpan, nowUnixNano, type TriggerContext } from './root-span.ts';
import type { TriggerResult } from './http-trigger.ts';

const OUTPUT_TAIL_CHARS = 4096;

export async function fireCommandTrigger(
  trigger: CommandTrigger,
  context: TriggerContext,
  options: {
    timeoutMs: number;
    cwd: string;
    otelEnv: Readonly<Record<string, string>>;
    /** The environment the command starts from; tbt's own, passed in by the caller. */
    env: Readonly<Record<string, string | undefined>>;
    signal?: AbortSignal;
  },
): Promise<TriggerResult> {
  const start = nowUnixNano();
  // Under the guardian (common/process-guardian.ts), as services are: if tbt is killed, even by
  // `kill -9`, a long-running command and what it started end with it instead of living on.
  const child = spawn(process.execPath, ['-e', GUARDIAN_SOURCE, trigger.command, ...trigger.args], {
    cwd: trigger.cwd ?? options.cwd,
    env: {
      ...options.env,
      ...options.otelEnv,
      ...trigger.env,
      TRACEPARENT: traceparentFor(context.traceId, context.rootSpanId),
      TRACESTATE: '',
    },
    // stdin is the guardian's lifeline: tbt holds its write end and never writes.
    stdio: ['pipe', 'pipe', 'pipe'],
    // A group of its own, so a timeout also kills what the command started (`sh -c 'a; b'`).
    detached: true,
  });
  child.stdin?.on('error', () => undefined);
  let output = '';
  const keep = (chunk: string): void => {
    output = (output + chunk).slice(-OUTPUT_TAIL_CHARS);
  };
  // Decoding per stream, not per chunk, so a character split across two reads stays whole.
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const exitCode = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup();
      reject(new TbtError('unavailable', `the trigger command did not finish within ${options.timeoutMs} ms: ${trigger.command}`));
    }, options.timeoutMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      killGroup();
      reject(new TbtError('unavailable', `the trigger command was interrupted: ${trigger.command}`));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(new TbtError('unavailable', `the trigger command could not start: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Killed by a signal: report 128 + its number, as shells do.
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
  child.stdin?.destroy();
  // A program (with args) that could not be spawned: the guardian says why and exits 127.
  const spawnError = exitCode === 127 ? /failed to start: .*\b(ENOENT|EACCES)\b/.exec(output)?.[1] : undefined;
  if (trigger.args.length > 0 && spawnError !== undefined) {
    const reason = spawnError === 'ENOENT' ? 'not found' : 'not executable';
    throw new TbtError('unavailable', `the trigger command could not start: ${trigger.command}: ${reason} (${spawnError})`, {
      hint: `is ${JSON.stringify(trigger.command)} installed and on the PATH of the test's cwd?`,
    });
  }
  const program = trigger.command.split(/\s+/)[0] ?? trigger.command;
  // Through the shell, a missing or non-executable program is exit 127 or 126 (POSIX), not a
  // spawn error: the command never ran, so there is no trace to wait for.
  if (trigger.args.length === 0 && (exitCode === 127 || exitCode === 126)) {
    const why = exitCode === 127 ? 'not found' : 'not executable';
    const tail = output.trim().split('\n').slice(-3).join('\n').trim();
    throw new TbtError('unavailable', `the trigger command could not start: ${program}: ${why} (exit ${exitCode})${tail ? `: ${tail}` : ''}`, {
      hint: `is ${JSON.stringify(program)} installed and on the PATH of the test's cwd?`,
    });
  }
  return {
    summary: `${program} → exit ${exitCode}`,
    rootSpan: makeRootSpan(context, {
      name: `trigger command ${program.split('/').pop() ?? program}`,
      kind: 'internal',
      startTimeUnixNano: start,
      endTimeUnixNano: nowUnixNano(),
      attributes: {
        'process.command': program,
        'process.exit.code': exitCode,
        'tbt.command.output': output,
      },
      status: exitCode === 0 ? { code: 'unset' } : { code: 'error', message: `exit code ${exitCode}` },
    }),
  };
}
