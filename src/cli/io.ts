// What the CLI touches of its process: streams, environment, working directory and signals, so
// that the wiring can be tested with an argv table and captured output. Only processIo reads the
// process; everything below the CLI is handed these values.
import { knownSecretsOf, redactSecretShapes } from '../normalize/index.ts';
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The signals that stop a run or `tbt receive`. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Where the CLI hears Ctrl-C and kill (the process; a test may pass its own, or none). */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  /** A second Ctrl-C quits at once. */
  exit(code: number): void;
}

export interface CliIo {
  /** For the interactive commands (`tbt review`); absent in tests that drive the CLI. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Absent in tests that drive the CLI: nothing then listens for signals. */
  readonly signals?: SignalSource;
}

export function processIo(): CliIo {
  const signals: SignalSource = {
    on: (signal, listener) => process.on(signal, listener),
    off: (signal, listener) => process.off(signal, listener),
    exit: (code) => process.exit(code),
  };
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signals };
}

/** Colour only on a TTY, never with NO_COLOR or --no-color. */
export function wantsColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

/**
 * The same io, with every text it prints passed through credential-shape redaction and with the
 * values of credential-named environment variables hidden: the last line of defence for `show`,
 * `diff`, `query`, `lint`, `check`, the terminal reporter and every error message. Shapes only
 * (never crossing a quote), so `--json` output stays valid JSON.
 */
export function redactingIo(io: CliIo): CliIo {
  const known = knownSecretsOf(io.env).sort((a, b) => b.length - a.length);
  const redact = (text: string): string => {
    let out = redactSecretShapes(text);
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
    return out;
  };
  const wrap = (stream: OutputStream): OutputStream => ({
    write: (text: string) => stream.write(typeof text === 'string' ? redact(text) : text),
    get isTTY() {
      return stream.isTTY;
    },
    // The progress line fits itself to the terminal's width.
    get columns() {
      return (stream as { readonly columns?: number }).columns;
    },
  } as OutputStream);
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}
