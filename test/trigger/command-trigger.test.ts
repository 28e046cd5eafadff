// fireCommandTrigger around small Node scripts written to a temp dir: the trace context reaches
// the process as TRACEPARENT, and the exit code and output tail land on the root span.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isRunning } from '../services/service-scripts.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TbtError, type CommandTrigger } from '../../src/model/index.ts';
import { fireCommandTrigger } from '../../src/trigger/command-trigger.ts';
import { newSpanId, newTraceId } from '../../src/trigger/index.ts';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tbt-command-'));
  await writeFile(
    path.join(dir, 'echo-context.mjs'),
    [
      "console.log('traceparent=' + (process.env.TRACEPARENT ?? ''));",
      "console.error('tenant=' + (process.env.TENANT ?? '') + ' otel=' + (process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? ''));",
      'process.exitCode = Number(process.argv[2] ?? 0);',
    ].join('\n'),
  );
  // 'é' is two bytes; writing them apart makes a chunk boundary fall inside the character.
  await writeFile(
    path.join(dir, 'split-utf8.mjs'),
    "const bytes = Buffer.from('café ok\\n');\nprocess.stdout.write(bytes.subarray(0, 4), () => process.stdout.write(bytes.subarray(4)));\n",
  );
  await writeFile(path.join(dir, 'hang.mjs'), 'setInterval(() => {}, 1000);\n');
  await writeFile(path.join(dir, 'self-kill.mjs'), "process.kill(process.pid, 'SIGTERM');\nsetInterval(() => {}, 1000);\n");
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function command(script: string, args: string[], env: Record<string, string> = {}): CommandTrigger {
  return { kind: 'command', command: process.execPath, args: [path.join(dir, script), ...args], env };
}

const options = { timeoutMs: 10_000, cwd: '.', env: process.env, otelEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } };

function traceparentPrinted(output: unknown): string | undefined {
  return /traceparent=(\S*)/.exec(String(output))?.[1];
}

test('a failing command: exit code, output tail and error status on the root span', async () => {
  const context = { traceId: newTraceId(), rootSpanId: newSpanId() };
  const result = await fireCommandTrigger(command('echo-context.mjs', ['3'], { TENANT: 'acme' }), context, options);
  const span = result.rootSpan;
  assert.equal(span.traceId, context.traceId);
  assert.equal(span.spanId, context.rootSpanId);
  assert.equal(span.attributes['process.exit.code'], 3);
  assert.deepEqual(span.status, { code: 'error', message: 'exit code 3' });
  const output = String(span.attributes['tbt.command.output']);
  assert.equal(traceparentPrinted(output), `00-${context.traceId}-${context.rootSpanId}-01`);
  assert.match(output, /tenant=acme otel=http:\/\/127\.0\.0\.1:4318/);
  assert.equal(span.name, `trigger command ${path.basename(process.execPath)}`);
  assert.equal(span.kind, 'internal');
  assert.match(result.summary, / → exit 3$/);
  assert.ok(span.endTimeUnixNano >= span.startTimeUnixNano);
});

test('a succeeding command: exit 0 and an unset status', async () => {
  const context = { traceId: newTraceId(), rootSpanId: newSpanId() };
  const result = await fireCommandTrigger(command('echo-context.mjs', ['0']), context, options);
  assert.equal(result.rootSpan.attributes['process.exit.code'], 0);
  assert.deepEqual(result.rootSpan.status, { code: 'unset' });
  assert.equal(traceparentPrinted(result.rootSpan.attributes['tbt.command.output']), `00-${context.traceId}-${context.rootSpanId}-01`);
});

test('a command line without args runs through the shell', async () => {
  const context = { traceId: newTraceId(), rootSpanId: newSpanId() };
  const line = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(dir, 'echo-context.mjs'))} 0`;
  const result = await fireCommandTrigger({ kind: 'command', command: line, args: [], env: {} }, context, options);
  assert.equal(result.rootSpan.attributes['process.exit.code'], 0);
  assert.equal(traceparentPrinted(result.rootSpan.attributes['tbt.command.output']), `00-${context.traceId}-${context.rootSpanId}-01`);
});

test('output split inside a multi-byte character is kept intact', async () => {
  const result = await fireCommandTrigger(command('split-utf8.mjs', []), { traceId: newTraceId(), rootSpanId: newSpanId() }, options);
  assert.equal(result.rootSpan.attributes['tbt.command.output'], 'café ok\n');
});

test('a command killed by a signal reports 128 + the signal number, as shells do', async () => {
  const result = await fireCommandTrigger(command('self-kill.mjs', []), { traceId: newTraceId(), rootSpanId: newSpanId() }, options);
  assert.equal(result.rootSpan.attributes['process.exit.code'], 143);
  assert.equal(result.rootSpan.status.code, 'error');
});

test('a command that does not finish in time is an unavailable error', async () => {
  const error = await fireCommandTrigger(command('hang.mjs', []), { traceId: newTraceId(), rootSpanId: newSpanId() }, { ...options, timeoutMs: 300 }).then(
    () => assert.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TbtError);
  assert.equal(error.kind, 'unavailable');
});

test('a program that does not exist is an unavailable error', async () => {
  const trigger: CommandTrigger = { kind: 'command', command: path.join(dir, 'no-such-program'), args: ['x'], env: {} };
  const error = await fireCommandTrigger(trigger, { traceId: newTraceId(), rootSpanId: newSpanId() }, options).then(
    () => assert.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TbtError);
  assert.equal(error.kind, 'unavailable');
});

test('a timeout kills what the command started too, not only its shell', async () => {
  const pidFile = path.join(dir, 'grandchild.pid');
  const trigger: CommandTrigger = { kind: 'command', command: `sleep 30 & echo $! > '${pidFile}'; wait`, args: [], env: {} };
  // The timeout must leave time for the guardian, the shell and `sleep` to start on a busy machine.
  await assert.rejects(fireCommandTrigger(trigger, { traceId: newTraceId(), rootSpanId: newSpanId() }, { ...options, timeoutMs: 3000 }), TbtError);
  const pid = Number(await readFile(pidFile, 'utf8'));
  assert.ok(pid > 0);
  // The kernel finishes a SIGKILLed process a moment after kill() returns: wait for that, bounded.
  const deadline = Date.now() + 2000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(isRunning(pid), false, `sleep (${pid}) outlived the timeout`);
});

test('a shell command that is not found (exit 127) could not start: the trigger never ran', async () => {
  const trigger: CommandTrigger = { kind: 'command', command: 'no-such-program-tbt --flag', args: [], env: {} };
  const error = await fireCommandTrigger(trigger, { traceId: newTraceId(), rootSpanId: newSpanId() }, options).then(
    () => assert.fail('expected a rejection'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TbtError);
  assert.equal(error.kind, 'unavailable');
  assert.match(error.message, /could not start: no-such-program-tbt: not found \(exit 127\)/);
});

test('the environment is the one passed in, not tbt\'s own', async () => {
  const result = await fireCommandTrigger(command('echo-context.mjs', ['0']), { traceId: newTraceId(), rootSpanId: newSpanId() }, {
    ...options,
    env: { PATH: process.env.PATH, TENANT: 'from-passed-env' },
  });
  assert.match(String(result.rootSpan.attributes['tbt.command.output']), /tenant=from-passed-env/);
});

test('an abort (Ctrl-C) kills the command at once and rejects', async () => {
  const abort = new AbortController();
  const fired = fireCommandTrigger(command('hang.mjs', []), { traceId: newTraceId(), rootSpanId: newSpanId() }, { ...options, signal: abort.signal });
  abort.abort();
  const error = await fired.then(() => assert.fail('expected a rejection'), (reason: unknown) => reason);
  assert.ok(error instanceof TbtError);
  assert.match(error.message, /interrupted/);
});
