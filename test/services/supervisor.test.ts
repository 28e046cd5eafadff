// startServices on real child processes: readiness over HTTP and TCP, env and log files, early
// exits and timeouts with the output tail, problem() during the run, and stop() leaving nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TbtError, type ReadinessCheck, type ServiceConfig } from '../../src/model/index.ts';
import { freePort } from '../../src/runner/ports.ts';
import { startServices } from '../../src/services/index.ts';
import { isRunning, readPid, runningWithMarker, waitFor, writeServiceScripts, type ScriptDir } from './service-scripts.ts';

let scripts: ScriptDir;

before(async () => {
  scripts = await writeServiceScripts();
});

after(async () => {
  await rm(scripts.dir, { recursive: true, force: true });
});

/** A fresh directory per test for pid files and logs, so tests never read each other's files. */
async function freshDir(): Promise<string> {
  return mkdtemp(path.join(scripts.dir, 'run-'));
}

function service(name: string, command: string, ready: ReadinessCheck, env: Record<string, string> = {}): ServiceConfig {
  return { name, command, cwd: scripts.dir, env, ready };
}

const tcp = (port: number, timeoutMs = 10_000): ReadinessCheck => ({ kind: 'tcp', target: `127.0.0.1:${port}`, timeoutMs });

async function startExpectingFailure(services: ServiceConfig[], dir: string): Promise<TbtError> {
  const error = await startServices(services, { env: process.env, envFor: () => ({ PID_DIR: dir }), logDir: path.join(dir, 'logs') }).then(
    () => assert.fail('startServices should have rejected'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof TbtError, `expected a TbtError, got ${String(error)}`);
  return error;
}


// Independent (own directories, ports and processes), so they run side by side: the SIGTERM grace
// period and the drain bound then cost their time once.
describe('startServices', { concurrency: true }, () => {
  test('an HTTP service: ready once /health answers under 500, its own env over the defaults from envFor, output in its log', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const seen: string[] = [];
    const started: string[] = [];
    const api = service('api', `node ${JSON.stringify(scripts.httpService)}`, { kind: 'http', url: `http://127.0.0.1:${port}/health`, timeoutMs: 10_000 }, {
      OWN: 'own-value',
      BOTH: 'from-service',
      FAIL_FIRST: '2',
    });
    const running = await startServices([api], {
      env: process.env,
      envFor: (s) => {
        seen.push(s.name);
        return { PORT: String(port), FROM_ENV_FOR: 'from-env-for', BOTH: 'from-env-for' };
      },
      logDir: path.join(dir, 'logs'),
      onStarted: (s, elapsedMs) => {
        assert.ok(elapsedMs >= 0);
        started.push(s.name);
      },
    });
    try {
      assert.deepEqual(seen, ['api']);
      assert.deepEqual(started, ['api']);
      const answer = (await (await fetch(`http://127.0.0.1:${port}/env`)).json()) as {
        env: Record<string, string>;
        healthHits: number;
        cwd: string;
      };
      // A service's own env: wins over tbt's defaults (issue 12: it set a value and saw tbt's).
      assert.deepEqual(answer.env, { FROM_ENV_FOR: 'from-env-for', OWN: 'own-value', BOTH: 'from-service' });
      // Two 503s were retried; the third answer (200) made it ready.
      assert.equal(answer.healthHits, 3);
      assert.equal(answer.cwd, scripts.dir);
      assert.equal(running.problem(), undefined);
      assert.deepEqual([...running.logFiles], [['api', path.join(dir, 'logs', 'api.log')]]);
    } finally {
      await running.stop();
    }
    const log = await readFile(path.join(dir, 'logs', 'api.log'), 'utf8');
    assert.match(log, new RegExp(`listening on ${port} as own-value`));
  });

  test('a TCP service is ready once its port accepts; a service without a check is ready at once', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const db = `db-${path.basename(dir)}`;
    const running = await startServices(
      [
        service('db', `node ${JSON.stringify(scripts.idle)} ${db} --listen`, tcp(port), { PORT: String(port) }),
        service('worker', `node ${JSON.stringify(scripts.idle)} worker`, { kind: 'none' }),
      ],
      { env: process.env, envFor: () => ({ PID_DIR: dir }), logDir: path.join(dir, 'logs') },
    );
    const pid = await readPid(dir, db);
    try {
      assert.ok(isRunning(pid));
      assert.ok(runningWithMarker(db).includes(pid));
      assert.equal(running.problem(), undefined);
    } finally {
      await running.stop();
    }
    await waitFor(() => runningWithMarker(db).length === 0, 'db is stopped');
    assert.match(await readFile(path.join(dir, 'logs', 'db.log'), 'utf8'), new RegExp(`^${db} pid=${pid}$`, 'm'));
  });

  test('a service that exits before it is ready: exit code, its last 20 lines, and the others stopped', async () => {
    const dir = await freshDir();
    const never = await freePort();
    const error = await startExpectingFailure(
      [
        // It prints only once the sibling has written its pid, so the test can check the sibling is gone.
        service('early', `node ${JSON.stringify(scripts.early)} 50 3 sibling`, tcp(never)),
        service('sibling', `node ${JSON.stringify(scripts.idle)} sibling`, { kind: 'none' }),
      ],
      dir,
    );
    assert.equal(error.kind, 'config');
    assert.match(error.message, /service "early" exited with code 3/);
    const shown = error.message.split('\n').filter((line) => line.includes('│'));
    assert.deepEqual(
      shown.map((line) => line.replace(/^\s*│ /, '')),
      Array.from({ length: 20 }, (_, i) => `line ${31 + i}`),
    );
    assert.match(error.hint ?? '', /early\.log/);
    const sibling = await readPid(dir, 'sibling');
    await waitFor(() => !isRunning(sibling), 'the sibling service is stopped');
    // The log keeps everything, not just the tail.
    const log = await readFile(path.join(dir, 'logs', 'early.log'), 'utf8');
    assert.equal(log.split('\n').filter((line) => line.startsWith('line ')).length, 50);
  });

  test('a short failing output is shown whole', async () => {
    const dir = await freshDir();
    const error = await startExpectingFailure([service('brief', `node ${JSON.stringify(scripts.early)} 3 7`, tcp(await freePort()))], dir);
    assert.match(error.message, /service "brief" exited with code 7/);
    assert.match(error.message, /│ line 1\n\s*│ line 2\n\s*│ line 3/);
  });

  test('an abort (Ctrl-C) ends a 60 s readiness wait at once: rejects as interrupted, the services stopped', { timeout: 20_000 }, async () => {
    const dir = await freshDir();
    const marker = `interrupted-${path.basename(dir)}`;
    const abort = new AbortController();
    const starting = startServices(
      [service('waiting', `node ${JSON.stringify(scripts.idle)} ${marker}`, tcp(await freePort(), 60_000))],
      { env: process.env, envFor: () => ({ PID_DIR: dir }), logDir: path.join(dir, 'logs'), signal: abort.signal },
    );
    await waitFor(() => existsSync(path.join(dir, `${marker}.pid`)), 'the service runs', 10_000);
    abort.abort();
    const error = await starting.then(() => assert.fail('expected a rejection'), (caught: unknown) => caught);
    assert.ok(error instanceof TbtError);
    assert.equal(error.kind, 'unavailable');
    assert.match(error.message, /interrupted while waiting for service "waiting" to be ready/);
    await waitFor(() => runningWithMarker(marker).length === 0, 'the interrupted service is stopped');
  });

  test('a service that is never ready: rejects naming the check, and the service is stopped', async () => {
    const dir = await freshDir();
    const port = await freePort();
    // Under load it may be stopped before it starts, so it is found by a marker, not a pid file.
    const marker = `never-ready-${path.basename(dir)}`;
    const error = await startExpectingFailure(
      [service('slow', `node ${JSON.stringify(scripts.idle)} ${marker}`, { kind: 'http', url: `http://127.0.0.1:${port}/ready`, timeoutMs: 300 })],
      dir,
    );
    assert.equal(error.kind, 'config');
    assert.match(error.message, /service "slow" not ready after 300 ms/);
    assert.ok(error.message.includes(`GET http://127.0.0.1:${port}/ready`), error.message);
    await waitFor(() => runningWithMarker(marker).length === 0, 'the never-ready service is stopped');
  });

  test('problem(): undefined while running, names a service that died, undefined once stopping', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const running = await startServices(
      [
        service('api', `echo $$ > "$PID_DIR/api-group.pid"; node ${JSON.stringify(scripts.idle)} api --listen`, tcp(port), { PORT: String(port) }),
        service('other', `node ${JSON.stringify(scripts.idle)} other`, { kind: 'none' }),
      ],
      { env: process.env, envFor: () => ({ PID_DIR: dir }), logDir: path.join(dir, 'logs') },
    );
    let stopping: Promise<void> | undefined;
    try {
      assert.equal(running.problem(), undefined);
      assert.equal(running.died.aborted, false);
      // The shell (the guardian's child) dies; the guardian reports its exit.
      const shell = await readPid(dir, 'api-group');
      process.kill(shell, 'SIGKILL');
      await waitFor(() => running.problem() !== undefined, 'problem() reports the killed service');
      const problem = running.problem() ?? '';
      assert.match(problem, /service "api" exited with code \d+ during the run/);
      assert.match(problem, /api pid=\d+/);
      // Tests waiting for spans hear of it through this signal, and stop waiting.
      assert.equal(running.died.aborted, true);
      stopping = running.stop();
      assert.equal(running.problem(), undefined);
    } finally {
      await (stopping ?? running.stop());
    }
    assert.equal(running.problem(), undefined);
  });

  test('stop() leaves no process behind: the shell and both processes it started', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const command = `echo $$ > "$PID_DIR/shell.pid"; node ${JSON.stringify(scripts.idle)} first & node ${JSON.stringify(scripts.idle)} second --listen --after first; wait`;
    const running = await startServices([service('pair', command, tcp(port), { PORT: String(port) })], {
      env: process.env,
      envFor: () => ({ PID_DIR: dir }),
      logDir: path.join(dir, 'logs'),
    });
    const pids = { shell: await readPid(dir, 'shell'), first: await readPid(dir, 'first'), second: await readPid(dir, 'second') };
    for (const [label, pid] of Object.entries(pids)) assert.ok(isRunning(pid), `${label} runs before stop()`);
    await running.stop();
    for (const [label, pid] of Object.entries(pids)) await waitFor(() => !isRunning(pid), `${label} (${pid}) is gone`);
    const log = await readFile(path.join(dir, 'logs', 'pair.log'), 'utf8');
    assert.match(log, /first pid=/);
    assert.match(log, /second pid=/);
    // Stopping twice is harmless.
    await running.stop();
  });

  test('stop() kills a group that ignores SIGTERM once the grace period is over', { timeout: 15_000 }, async () => {
    const dir = await freshDir();
    const port = await freePort();
    const command = `trap '' TERM; node ${JSON.stringify(scripts.idle)} stubborn --listen --ignore-term; echo unreachable`;
    const running = await startServices([service('stubborn', command, tcp(port), { PORT: String(port) })], {
      env: process.env,
      envFor: () => ({ PID_DIR: dir }),
      logDir: path.join(dir, 'logs'),
    });
    const pid = await readPid(dir, 'stubborn');
    await running.stop();
    await waitFor(() => !isRunning(pid), 'the stubborn process is gone');
    // It was asked first.
    assert.match(await readFile(path.join(dir, 'logs', 'stubborn.log'), 'utf8'), /stubborn ignoring SIGTERM/);
  });

  test('stop() waits for the service, not its shell: a command without exec still gets to finish its SIGTERM work', { timeout: 15_000 }, async () => {
    // The shell (no `exec`) dies at SIGTERM at once; the service behind it needs a moment to flush.
    // Before the fix the group was SIGKILLed as soon as the shell was gone, and "flushed" never came.
    const dir = await freshDir();
    const port = await freePort();
    const flusher = path.join(dir, 'flusher.mjs');
    await writeFile(
      flusher,
      `import fs from 'node:fs';
import net from 'node:net';
net.createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => setTimeout(() => { fs.writeFileSync(${JSON.stringify(path.join(dir, 'flushed'))}, 'yes'); console.log('flushed'); process.exit(0); }, 300));
`,
    );
    const running = await startServices([service('flusher', `node ${JSON.stringify(flusher)}; echo shell-done`, tcp(port), { PORT: String(port) })], {
      env: process.env,
      envFor: () => ({}),
      logDir: path.join(dir, 'logs'),
    });
    await running.stop();
    assert.equal(await readFile(path.join(dir, 'flushed'), 'utf8'), 'yes');
    assert.match(await readFile(path.join(dir, 'logs', 'flusher.log'), 'utf8'), /^flushed$/m, 'its last output reached the log');
  });

  test('output that keeps coming while services stop does not crash the run (write after end)', async () => {
    // The shell dies at SIGTERM while its child still prints. Before the fix, chunks read after the
    // shell's exit went to an ended log stream and threw out of the data callback (in about half of
    // these runs; it cannot be forced).
    for (let round = 0; round < 8; round += 1) {
      const dir = await freshDir();
      const port = await freePort();
      const running = await startServices(
        [service('chatty', `node ${JSON.stringify(scripts.chatty)}`, tcp(port), { PORT: String(port) })],
        { env: process.env, envFor: () => ({}), logDir: path.join(dir, 'logs') },
      );
      // Let a backlog of log writes build up, as in a real run, so the log cannot end at once.
      const logFile = path.join(dir, 'logs', 'chatty.log');
      await waitFor(() => existsSync(logFile) && statSync(logFile).size > 1_000_000, 'the log has grown');
      await running.stop();
      const log = await readFile(path.join(dir, 'logs', 'chatty.log'), 'utf8');
      assert.match(log, /^chatty 0 y+$/m);
    }
  });

  test('a process that left the group keeps the pipe open: stop() still ends, and its later output is dropped', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const running = await startServices([service('daemon', `node ${JSON.stringify(scripts.escaper)}`, tcp(port), { PORT: String(port) })], {
      env: process.env,
      envFor: () => ({ PID_DIR: dir }),
      logDir: path.join(dir, 'logs'),
    });
    const escaped = await readPid(dir, 'escaped');
    try {
      await waitFor(() => existsSync(path.join(dir, 'logs', 'daemon.log')) && statSync(path.join(dir, 'logs', 'daemon.log')).size > 0, 'the daemon printed');
      // The pipe never closes, so stop() ends after its bounded wait for the output to drain.
      await running.stop();
      // A process group cannot reach it: this is the limit of what stop() promises.
      assert.ok(isRunning(escaped));
      assert.match(await readFile(path.join(dir, 'logs', 'daemon.log'), 'utf8'), /^escaped \d+$/m);
    } finally {
      process.kill(escaped, 'SIGKILL');
    }
    await waitFor(() => !isRunning(escaped), 'the escaped printer is gone');
  });

  test('a command that cannot start (missing cwd) fails with the reason', async () => {
    const dir = await freshDir();
    const error = await startExpectingFailure(
      [{ name: 'lost', command: 'true', cwd: path.join(dir, 'no-such-dir'), env: {}, ready: tcp(await freePort()) }],
      dir,
    );
    assert.match(error.message, /service "lost" exited with code 127/);
    assert.match(error.message, /failed to start: .*ENOENT/);
  });
});
