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
  options: { timeoutMs: number; cwd: string; otelEnv: Readonly<Record<string, string>> },
): Promise<TriggerResult> {
  const start = nowUnixNano();
  const child = spawn(trigger.command, [...trigger.args], {
    cwd: trigger.cwd ?? options.cwd,
    env: {
      ...process.env,
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
  const exitCode = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(new TbtError('unavailable', `the trigger command did not finish within ${options.timeoutMs} ms: ${trigger.command}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new TbtError('unavailable', `the trigger command could not start: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // Killed by a signal: report 128 + its number, as shells do.
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
  const program = trigger.command.split(/\s+/)[0] ?? trigger.command;
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
