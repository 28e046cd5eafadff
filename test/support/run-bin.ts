// Runs the real `bin/tbt.js` (or any command) in a child process, as a user would, and captures
// what it printed.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './shared-traces.ts';

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const binPath = path.join(projectRoot, 'bin', 'tbt.js');

/**
 * The bin runs the compiled dist/: build it when it is older than src/ (once per test process;
 * parallel test files share a lock), so that no test ever runs stale JavaScript.
 */
export function ensureFreshBuild(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.js'), '--if-stale'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  built = true;
}
let built = false;

export interface CommandOptions {
  readonly cwd?: string;
  /** The child's whole environment; a key set to undefined is left out. */
  readonly env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed; without it stdin is ignored. */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs `command` in a child process and captures what it printed. Rejects, with the output so
 * far, when it runs past `timeoutMs` (120 s by default): a hung child fails its test, it never
 * hangs the suite.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<BinResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env ?? process.env)) if (value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? projectRoot, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(command)} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** The real bin, as a user runs it: no colour, not in CI unless `env` says so. */
export function runBin(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<BinResult> {
  ensureFreshBuild();
  return runCommand(process.execPath, [binPath, ...args], {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    env: { ...process.env, NO_COLOR: '1', CI: '', ...options.env },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}
