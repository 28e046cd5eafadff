// Tiny stand-in services for the supervisor tests, written to a temp dir, plus process checks that
// tell a finished process from a running one (an orphan nobody reaps stays a zombie here).
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `node idle.mjs LABEL [--listen] [--after OTHER] [--ignore-term]`: writes `$PID_DIR/LABEL.pid`,
 * optionally waits for OTHER's pid file, then optionally accepts TCP on $PORT; runs until killed.
 */
const IDLE = `
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
const [label = 'idle', ...flags] = process.argv.slice(2);
const dir = process.env.PID_DIR;
if (dir) {
  fs.writeFileSync(path.join(dir, label + '.pid.tmp'), String(process.pid));
  fs.renameSync(path.join(dir, label + '.pid.tmp'), path.join(dir, label + '.pid'));
}
console.log(label + ' pid=' + process.pid);
if (flags.includes('--ignore-term')) process.on('SIGTERM', () => console.log(label + ' ignoring SIGTERM'));
const after = flags.includes('--after') ? flags[flags.indexOf('--after') + 1] : undefined;
const listen = () => {
  if (flags.includes('--listen')) net.createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1');
};
const waitForSibling = () => {
  if (!after || fs.existsSync(path.join(dir, after + '.pid'))) listen();
  else setTimeout(waitForSibling, 10);
};
waitForSibling();
setInterval(() => {}, 1000);
`;

/** `node early.mjs COUNT CODE [AFTER]`: once AFTER's pid file exists, prints COUNT lines and exits CODE. */
const EARLY = `
import fs from 'node:fs';
import path from 'node:path';
const [count, code, after] = process.argv.slice(2);
const go = () => {
  if (after && !fs.existsSync(path.join(process.env.PID_DIR, after + '.pid'))) return setTimeout(go, 10);
  for (let i = 1; i <= Number(count); i++) console.log('line ' + i);
  process.exitCode = Number(code);
};
go();
`;

/** An HTTP service on $PORT: /health fails $FAIL_FIRST times with 503, /env shows its environment. */
const HTTP_SERVICE = `
import http from 'node:http';
let healthHits = 0;
const failFirst = Number(process.env.FAIL_FIRST ?? 0);
http.createServer((request, response) => {
  if (request.url === '/health') {
    healthHits += 1;
    response.statusCode = healthHits <= failFirst ? 503 : 200;
    response.end();
    return;
  }
  const { FROM_ENV_FOR, OWN, BOTH } = process.env;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ env: { FROM_ENV_FOR, OWN, BOTH }, healthHits, cwd: process.cwd() }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening on ' + process.env.PORT + ' as ' + process.env.OWN));
`;

/** Prints without pause and, on SIGTERM, prints more: output keeps coming while it is stopped. */
const CHATTY = `
import fs from 'node:fs';
import net from 'node:net';
const filler = 'y'.repeat(500);
let n = 0;
const spam = () => {
  for (let k = 0; k < 200; k++) fs.writeSync(1, 'chatty ' + n++ + ' ' + filler + '\\n');
  setImmediate(spam);
};
net.createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1', spam);
process.on('SIGTERM', () => {
  for (let k = 0; k < 2000; k++) fs.writeSync(1, 'bye ' + k + ' ' + filler + '\\n');
  process.exit(0);
});
`;

/**
 * Starts a printer in a process group of its own (as a daemon would), sharing this stdout, writes
 * its pid to `$PID_DIR/escaped.pid`, then accepts TCP on $PORT. Stopping the group misses it.
 */
const ESCAPER = `
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
const printer = "setInterval(() => process.stdout.write('escaped ' + Date.now() + String.fromCharCode(10)), 2)";
const child = spawn(process.execPath, ['-e', printer], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
child.unref();
fs.writeFileSync(path.join(process.env.PID_DIR, 'escaped.pid'), String(child.pid));
net.createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1');
`;

export interface ScriptDir {
  readonly dir: string;
  readonly idle: string;
  readonly early: string;
  readonly httpService: string;
  readonly chatty: string;
  readonly escaper: string;
}

export async function writeServiceScripts(): Promise<ScriptDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tbt-services-'));
  const files = { idle: IDLE, early: EARLY, httpService: HTTP_SERVICE, chatty: CHATTY, escaper: ESCAPER };
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    paths[name] = path.join(dir, `${name}.mjs`);
    await writeFile(paths[name], text);
  }
  return { dir, idle: paths.idle ?? '', early: paths.early ?? '', httpService: paths.httpService ?? '', chatty: paths.chatty ?? '', escaper: paths.escaper ?? '' };
}

/** The pid a script wrote to `<dir>/<label>.pid`. */
export async function readPid(dir: string, label: string): Promise<number> {
  return Number(await readFile(path.join(dir, `${label}.pid`), 'utf8'));
}

/** True while the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    // `pid (comm) STATE ...`; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Running processes whose command line contains `marker` (from /proc, so Linux only). For a
 * process that may be stopped before it could write anything down.
 */
export function runningWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes(marker) && isRunning(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}

/** Resolves once `condition` holds; rejects after `boundMs` (a SIGKILL is delivered, not instant). */
export async function waitFor(condition: () => boolean, what: string, boundMs = 3000): Promise<void> {
  const deadline = performance.now() + boundMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${boundMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
