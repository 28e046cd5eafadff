// Runs the real `bin/tbt.js` in a child process, as a user would, and captures what it printed.
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

export function runBin(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<BinResult> {
  ensureFreshBuild();
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: '', ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? projectRoot,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tbt ${args.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
