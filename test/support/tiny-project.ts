// A throwaway project in a temp dir for CLI tests that need a real run but not the demo: a
// config, test files, and tiny node scripts standing in for services and triggers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { binPath, runBin, type BinResult } from './run-bin.ts';

/**
 * `node export-span.mjs SERVICE`: a trigger command that exports one child span of $TRACEPARENT
 * to $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as SERVICE, then exits 0.
 */
const EXPORT_SPAN = `
const service = process.argv[2] ?? 'tiny';
const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-/.exec(process.env.TRACEPARENT ?? '');
if (!match) { console.error('no TRACEPARENT'); process.exit(1); }
const now = BigInt(Date.now()) * 1000000n;
const span = {
  traceId: match[1], spanId: '00000000000000a1', parentSpanId: match[2], name: 'work ' + service, kind: 1,
  startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1000000n), attributes: [],
};
const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans: [span] }] }] };
const response = await fetch(process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
if (!response.ok) { console.error('export failed ' + response.status); process.exit(1); }
`;

/** `node mark.mjs FILE`: a trigger command that only writes FILE (so a test knows tbt is collecting). */
const MARK = `
import fs from 'node:fs';
fs.writeFileSync(process.argv[2], String(process.pid));
`;

/**
 * `node service.mjs LABEL`: a service. Writes \`$PID_DIR/LABEL.pid\` and \`$PID_DIR/LABEL.env.json\`
 * (its whole environment), and, with $PORT, answers HTTP: /health 200; /status/N answers N;
 * /die exits with code 3 after printing a last line. Without $PORT it just idles.
 */
const SERVICE = `
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const label = process.argv[2] ?? 'service';
const dir = process.env.PID_DIR;
if (dir) {
  fs.writeFileSync(path.join(dir, label + '.env.json'), JSON.stringify(process.env));
  fs.writeFileSync(path.join(dir, label + '.pid.tmp'), String(process.pid));
  fs.renameSync(path.join(dir, label + '.pid.tmp'), path.join(dir, label + '.pid'));
}
console.log(label + ' started pid=' + process.pid);
if (process.env.PORT) {
  http.createServer((request, response) => {
    if (request.url === '/die') {
      console.log(label + ': dying on purpose');
      process.exit(3);
    }
    const status = /^\\/status\\/(\\d+)/.exec(request.url ?? '');
    response.statusCode = status ? Number(status[1]) : 200;
    response.end(status ? 'refused on purpose' : 'ok');
  }).listen(Number(process.env.PORT), '127.0.0.1');
}
setInterval(() => {}, 1000);
`;

export interface TinyProject {
  readonly dir: string;
  /** Where services write their pid and env files. */
  readonly pidDir: string;
  /** `node <script>` for each helper script, quoted for a YAML string or a shell. */
  readonly scripts: { readonly exportSpan: string; readonly mark: string; readonly service: string };
  write(file: string, text: string): Promise<void>;
  read(file: string): Promise<string>;
  exists(file: string): boolean;
  run(args: readonly string[], options?: { env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<BinResult>;
  /** Starts the bin and hands back the child, for tests that signal it. */
  spawn(args: readonly string[]): RunningBin;
  cleanup(): Promise<void>;
}

export interface RunningBin {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) and the output once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; at: number }>;
  output(): { stdout: string; stderr: string };
}

export async function createTinyProject(files: Record<string, string> = {}): Promise<TinyProject> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tbt-tiny-')));
  const pidDir = path.join(dir, 'pids');
  await mkdir(pidDir);
  await mkdir(path.join(dir, 'scripts'));
  const scriptFiles = { exportSpan: 'export-span.mjs', mark: 'mark.mjs', service: 'service.mjs' };
  await writeFile(path.join(dir, 'scripts', scriptFiles.exportSpan), EXPORT_SPAN);
  await writeFile(path.join(dir, 'scripts', scriptFiles.mark), MARK);
  await writeFile(path.join(dir, 'scripts', scriptFiles.service), SERVICE);
  const node = (file: string): string => `node ${path.join(dir, 'scripts', file)}`;
  const project: TinyProject = {
    dir,
    pidDir,
    scripts: { exportSpan: node(scriptFiles.exportSpan), mark: node(scriptFiles.mark), service: node(scriptFiles.service) },
    async write(file, text) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    },
    read: (file) => readFile(path.join(dir, file), 'utf8'),
    exists: (file) => existsSync(path.join(dir, file)),
    run: (args, options = {}) => runBin(args, { cwd: dir, env: { PID_DIR: pidDir, ...options.env }, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }),
    spawn: (args) => spawnBin(args, dir, { PID_DIR: pidDir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  for (const [file, text] of Object.entries(files)) await project.write(file, text);
  return project;
}

function spawnBin(args: readonly string[], cwd: string, extraEnv: Record<string, string>): RunningBin {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: '', ...extraEnv };
  const child = spawn(process.execPath, [binPath, ...args], { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      const at = performance.now();
      // The pipes may still hold the last lines; they close right after.
      child.once('close', () => resolve({ code, signal, stdout, stderr, at }));
    });
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Resolves once `condition` holds; rejects after `boundMs`, naming what it waited for. */
export async function waitUntil(condition: () => boolean, what: string, boundMs: number, output?: () => unknown): Promise<void> {
  const deadline = performance.now() + boundMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${boundMs} ms waiting until ${what}\n${output ? JSON.stringify(output()) : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
