// What the CLI touches of its process: streams, environment and working directory, so that the
// wiring can be tested with an argv table and captured output.
import { knownSecretsOf, redactSecretShapes } from '../normalize/index.ts';
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  /** For the interactive commands (`tbt review`); absent in tests that drive the CLI. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Colour only on a TTY, never with NO_COLOR or --no-color. */
export function wantsColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

/** `--ci` was given, or CI=true in the environment. */
export function isCi(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  const ci = io.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
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
