// Starts the system under test: each service in its own process group under a guardian (which
// ends the group if tbt dies, even by `kill -9`), its output kept in a log file and a short tail,
// readiness awaited, and everything stopped at the end, on failure or on Ctrl-C, so that no
// orphan process is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { GUARDIAN_SOURCE } from '../common/index.ts';
import { TbtError, type ServiceConfig } from '../model/index.ts';
import { LineRedactor } from './line-redactor.ts';
import { OutputTail } from './output-tail.ts';
import { waitUntilReady } from './readiness.ts';

const TAIL_LINES = 20;
const STOP_GRACE_MS = 3000;
/** Output still in the pipes arrives after the process exits; wait this long at most for it. */
const DRAIN_MS = 1000;

export interface StartServicesOptions {
  /** The environment every service starts from (tbt's own, passed in: services/ never reads process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Defaults laid over `env` for one service (OTel exporter settings, service name, the config's
   * `env:`); the service's own `env:` wins over them.
   */
  readonly envFor: (service: ServiceConfig) => Readonly<Record<string, string>>;
  /** Directory for `<service>.log` files. */
  readonly logDir: string;
  readonly onStarted?: (service: ServiceConfig, elapsedMs: number) => void;
  /** Aborted on Ctrl-C: readiness waits end at once, and every service is stopped. */
  readonly signal?: AbortSignal;
  /**
   * Redacts secrets from what the services print, line by line, before it reaches the log files
   * and the output tail that failures show (tbt writes no secret to any artifact). Without it the
   * output is kept as printed.
   */
  readonly redactOutput?: (text: string) => string;
}

export interface RunningServices {
  /** Log file of each service. */
  readonly logFiles: ReadonlyMap<string, string>;
  /**
   * Why the system under test is no longer whole: the first service that exited after it was
   * ready, with its last output; undefined while all are running.
   */
  problem(): string | undefined;
  /**
   * As problem(), but waits up to `boundMs` for a service's exit to be reported: a test whose
   * connection was cut learns of it a moment before tbt learns that the service died.
   */
  problemWithin(boundMs: number): Promise<string | undefined>;
  /** Aborted when a service exits before stop(): a test waiting for spans stops waiting. */
  readonly died: AbortSignal;
  /** Names of the services that tbt started (and are watched). */
  readonly names: readonly string[];
  /** Stops every service (SIGTERM to its process group, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

interface ManagedProcess {
  readonly service: ServiceConfig;
  readonly child: ChildProcess;
  readonly tail: OutputTail;
  readonly log: WriteStream;
  readonly exited: Promise<number | null>;
  /** Resolves once stdout and stderr are closed (everything the group printed was read). */
  readonly drained: Promise<void>;
  exitCode: number | null | undefined;
}

/**
 * Starts all services at once and waits until each is ready. A service that exits early or never
 * becomes ready stops them all and throws a TbtError with its last output lines.
 */
export async function startServices(
  services: readonly ServiceConfig[],
  options: StartServicesOptions,
): Promise<RunningServices> {
  mkdirSync(options.logDir, { recursive: true });
  const processes = services.map((service) => launch(service, options));
  let stopping = false;
  const died = new AbortController();
  for (const managed of processes) {
    void managed.exited.then((code) => {
      if (!stopping) died.abort(`service "${managed.service.name}" exited with code ${code}`);
    });
  }
  // If tbt itself exits without stopping them (a second Ctrl-C, a crash), the services' process
  // groups are killed on the way out: they run detached and would outlive us.
  const killOnExit = (): void => {
    for (const managed of processes) signalGroup(managed.child, 'SIGKILL');
  };
  process.on('exit', killOnExit);
  const running: RunningServices = {
    logFiles: new Map(processes.map((p) => [p.service.name, logPath(options.logDir, p.service)])),
    names: processes.map((p) => p.service.name),
    died: died.signal,
    problemWithin: async (boundMs) => {
      if (running.problem() !== undefined || stopping) return running.problem();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([...processes.map((managed) => managed.exited), new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)))]);
      clearTimeout(timer);
      const gone = processes.find((managed) => managed.exitCode !== undefined);
      // Its last lines may still be in the pipe.
      if (gone) await drain(gone);
      return running.problem();
    },
    problem: () => {
      if (stopping) return undefined;
      const gone = processes.find((managed) => managed.exitCode !== undefined);
      if (!gone) return undefined;
      return serviceFailure(gone, `exited with code ${gone.exitCode} during the run`, options.logDir).message;
    },
    stop: async () => {
      stopping = true;
      await stopAll(processes);
      process.off('exit', killOnExit);
    },
  };
  const started = performance.now();
  try {
    await Promise.all(
      processes.map(async (managed) => {
        const abort = new AbortController();
        void managed.exited.then((code) => abort.abort(`exited with code ${code}`));
        const signal = options.signal ? AbortSignal.any([abort.signal, options.signal]) : abort.signal;
        try {
          await waitUntilReady(managed.service.ready, signal);
        } catch (error) {
          if (options.signal?.aborted) {
            throw new TbtError('unavailable', `interrupted while waiting for service "${managed.service.name}" to be ready`);
          }
          if (managed.exitCode !== undefined) await drain(managed);
          const reason = managed.exitCode !== undefined
            ? `exited with code ${managed.exitCode} before it was ready`
            : (error as Error).message;
          throw serviceFailure(managed, reason, options.logDir);
        }
        if (managed.exitCode !== undefined) {
          await drain(managed);
          throw serviceFailure(managed, `exited with code ${managed.exitCode}`, options.logDir);
        }
        options.onStarted?.(managed.service, performance.now() - started);
      }),
    );
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

function launch(service: ServiceConfig, options: StartServicesOptions): ManagedProcess {
  const log = createWriteStream(logPath(options.logDir, service), { flags: 'w' });
  // A log that cannot be written (disk full, a directory in the way) must not crash the run; the
  // tail in memory still holds the last lines.
  log.on('error', () => undefined);
  const tail = new OutputTail(TAIL_LINES);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...options.env, ...options.envFor(service), ...service.env })) {
    if (value !== undefined) env[key] = value;
  }
  // The guardian runs the command through the shell; its stdin is the pipe whose end tells it
  // that tbt is gone.
  const child = spawn(process.execPath, ['-e', GUARDIAN_SOURCE, service.command], {
    cwd: service.cwd,
    env,
    // A group of its own, so that stopping it also stops what the shell started.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // tbt never writes to it; a write error on a pipe whose reader left is not ours to crash on.
  child.stdin?.on('error', () => undefined);
  const managed: ManagedProcess = {
    service,
    child,
    tail,
    log,
    exitCode: undefined,
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        managed.exitCode = code ?? (signal ? 128 : null);
        resolve(managed.exitCode);
      });
      child.once('error', (error) => {
        tail.push(`failed to start: ${error.message}\n`);
        managed.exitCode = 127;
        resolve(127);
      });
    }),
    drained: new Promise((resolve) => child.once('close', () => resolve())),
  };
  const keep = (text: string): void => {
    tail.push(text);
    // A process that left the group can hold the pipe open past stop(); a write after end()
    // would throw out of this callback and crash the run.
    if (!log.writableEnded) log.write(text);
  };
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    stream.setEncoding('utf8');
    const redactOutput = options.redactOutput;
    if (redactOutput === undefined) {
      stream.on('data', keep);
      continue;
    }
    // One per stream: stdout and stderr interleave, and each holds its own unfinished line.
    const lines = new LineRedactor(redactOutput, keep);
    stream.on('data', (chunk: string) => lines.push(chunk));
    stream.on('end', () => lines.flush());
  }
  return managed;
}

function serviceFailure(managed: ManagedProcess, reason: string, logDir: string): TbtError {
  const lines = managed.tail.tail();
  const output = lines.length > 0 ? lines.map((line) => `  │ ${line}`).join('\n') : '  │ (no output)';
  return new TbtError('config', `service "${managed.service.name}" ${reason}\n  last output:\n${output}`, {
    hint: `full log: ${logPath(logDir, managed.service)}; command: ${managed.service.command}`,
  });
}

async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
  await Promise.all(processes.map(stopOne));
}

async function stopOne(managed: ManagedProcess): Promise<void> {
  if (managed.exitCode === undefined) {
    signalGroup(managed.child, 'SIGTERM');
    // Wait for the service itself, not only for its shell: a shell that did not `exec` dies at
    // SIGTERM at once, while the service it started is still flushing its spans or cleaning up.
    // The output pipes close when every process holding them is gone, so `drained` is the
    // service's own end; a group that ignores SIGTERM is killed when the grace period is over.
    let killTimer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([managed.exited, managed.drained]),
      new Promise<void>((resolve) => (killTimer = setTimeout(resolve, STOP_GRACE_MS))),
    ]);
    clearTimeout(killTimer);
    signalGroup(managed.child, 'SIGKILL');
    await managed.exited;
  }
  // The shell may be gone while a grandchild lingers in the group; make sure the group is empty.
  signalGroup(managed.child, 'SIGKILL');
  managed.child.stdin?.destroy();
  await drain(managed);
  await new Promise<void>((resolve) => managed.log.end(resolve));
}

/** Waits (bounded) until the output that was still in the pipes when the process exited is read. */
async function drain(managed: ManagedProcess): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([managed.drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}

function logPath(logDir: string, service: ServiceConfig): string {
  return path.join(logDir, `${service.name.replace(/[^\w.-]+/g, '_')}.log`);
}
