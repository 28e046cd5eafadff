// Runs a process as the trigger, with the trace context in TRACEPARENT as OpenTelemetry's
// environment-variable carrier specifies, and records its exit code and output tail.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
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
  const child = spawn(trigger.command, [...trigger.args], {
    cwd: trigger.cwd ?? options.cwd,
    env: {
      ...options.env,
      ...options.otelEnv,
      ...trigger.env,
      TRACEPARENT: traceparentFor(context.traceId, context.rootSpanId),
      TRACESTATE: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: trigger.args.length === 0,
    // A group of its own, so a timeout also kills what the command started (`sh -c 'a; b'`).
    detached: true,
  });
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
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? `${trigger.command}: not found (ENOENT)` : code === 'EACCES' ? `${trigger.command}: not executable (EACCES)` : error.message;
      reject(new TbtError('unavailable', `the trigger command could not start: ${reason}`, {
        hint: `is ${JSON.stringify(trigger.command)} installed and on the PATH of the test's cwd?`,
      }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Killed by a signal: report 128 + its number, as shells do.
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
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
