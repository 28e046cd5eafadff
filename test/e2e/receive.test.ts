// `tbt receive` end to end: the real bin on port 0, an OTLP/JSON export posted to it, the tree it
// prints, the file it saves (read back by ingest), late spans joining that file, and a clean exit
// on SIGINT / SIGTERM, and secrets redacted from what it saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { binPath, runBin } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';
import { CORPUS_SECRETS, leakedSecrets } from '../normalize/secret-corpus.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const BOUND_MS = 30_000;

function otlpSpan(spanId: string, name: string, kind: number, parentSpanId?: string, attributes: Record<string, string> = {}) {
  return {
    traceId: TRACE,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name,
    kind,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000050000000',
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
  };
}

function exportOf(service: string, spans: unknown[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'e2e' }, spans }],
      },
    ],
  });
}

/** A running `tbt receive`, whose stdout can be awaited line pattern by line pattern. */
function startReceive(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [binPath, 'receive', ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1', CI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let notify: (() => void) | undefined;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify?.();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  /** Resolves with the first match of `pattern` in stdout, waiting for more output up to a bound. */
  async function waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    const deadline = Date.now() + BOUND_MS;
    for (;;) {
      const match = pattern.exec(stdout);
      if (match !== null) return match;
      const left = deadline - Date.now();
      if (left <= 0 || child.exitCode !== null) {
        throw new Error(`tbt receive never printed ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        notify = () => {
          clearTimeout(timer);
          resolve();
        };
        void exited.then(() => notify?.());
      });
      notify = undefined;
    }
  }

  /** The exit code, killing the process if it has not ended within the bound. */
  async function exit(): Promise<number | null> {
    const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  function stop(signal: NodeJS.Signals): Promise<number | null> {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exit();
  }

  return { waitFor, stop, exit, output: () => ({ stdout, stderr }) };
}

test('tbt receive prints a posted trace, saves it as OTLP JSON, and exits 0 on SIGINT', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'tbt-receive-'));
  const receive = startReceive(['--port', '0', '--out', out]);
  try {
    const [, tracesUrl] = await receive.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/);
    assert.ok(tracesUrl);
    const response = await fetch(tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exportOf('api', [
        otlpSpan('eee19b7ec3c1b174', 'GET /users/42', 2, undefined, { 'http.request.method': 'GET', 'http.route': '/users/:id' }),
        otlpSpan('0000000000000002', 'SELECT users', 3, 'eee19b7ec3c1b174', { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM users WHERE id = 42' }),
        otlpSpan('0000000000000003', 'GET', 3, 'eee19b7ec3c1b174'),
      ]),
    });
    assert.equal(response.status, 200);

    const [header] = await receive.waitFor(new RegExp(`trace ${TRACE}: 3 spans, services: api`));
    assert.ok(header);
    const [, savedPath] = await receive.waitFor(/saved (\S+\.otlp\.json)/);
    const { stdout } = receive.output();
    const tree = stdout.slice(stdout.indexOf(header), stdout.indexOf('saved '));
    assert.match(tree, /- span: GET \/users\/\{id\}\n\s+service: api\n\s+kind: server/);
    assert.match(tree, /- span: SELECT users/);
    assert.match(tree, /db\.statement: SELECT \* FROM users WHERE id = \?/);

    assert.equal(savedPath, path.join(out, `${TRACE}.otlp.json`));
    const { traces } = decodeTraceFile(await readFile(savedPath ?? ''), savedPath);
    assert.equal(traces.length, 1);
    assert.equal(traces[0]?.traceId, TRACE);
    assert.deepEqual(traces[0]?.spans.map((s) => s.name).sort(), ['GET', 'GET /users/42', 'SELECT users']);
    assert.ok(traces[0]?.spans.every((s) => s.service === 'api'));

    assert.equal(await receive.stop('SIGINT'), 0, receive.output().stderr);
  } finally {
    await receive.stop('SIGKILL');
    await rm(out, { recursive: true, force: true });
  }
});

test('on SIGTERM, a trace still waiting for a parent is printed and saved with a warning', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'tbt-receive-'));
  const receive = startReceive(['--port', '0', '--out', out]);
  try {
    const [, tracesUrl] = await receive.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/);
    // Span 3's parent (0000000000000002) never comes: the trace waits for the 10 s max wait.
    const response = await fetch(tracesUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exportOf('worker', [otlpSpan('eee19b7ec3c1b174', 'consume', 5), otlpSpan('0000000000000003', 'write', 3, '0000000000000002')]),
    });
    assert.equal(response.status, 200);
    assert.equal(await receive.stop('SIGTERM'), 0, receive.output().stderr);
    const { stdout } = receive.output();
    assert.match(stdout, new RegExp(`trace ${TRACE}: 2 spans, services: worker`));
    assert.match(receive.output().stderr, /warning: incomplete when the receiver stopped: .*0000000000000002/);
    assert.doesNotMatch(stdout, /warning:/);
    assert.deepEqual(await readdir(out), [`${TRACE}.otlp.json`]);
  } finally {
    await receive.stop('SIGKILL');
    await rm(out, { recursive: true, force: true });
  }
});

test('late spans of a saved trace join its file, and `tbt show FILE` shows every span', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'tbt-receive-'));
  // A temp file left by a save that was killed long ago is cleared at start.
  const stale = path.join(out, `${TRACE}.otlp.json.0123abcd.tmp`);
  await writeFile(stale, '{');
  await utimes(stale, new Date(0), new Date(0));
  const receive = startReceive(['--port', '0', '--out', out]);
  try {
    const [, tracesUrl] = await receive.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/);
    const send = (spans: unknown[]) =>
      fetch(tracesUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: exportOf('api', spans) });
    assert.equal((await send([otlpSpan('eee19b7ec3c1b174', 'GET /users/42', 2), otlpSpan('0000000000000002', 'SELECT users', 3, 'eee19b7ec3c1b174')])).status, 200);
    await receive.waitFor(/saved \S+\.otlp\.json\n/);
    assert.equal((await send([otlpSpan('0000000000000003', 'GET', 3, 'eee19b7ec3c1b174'), otlpSpan('0000000000000002', 'SELECT users', 3, 'eee19b7ec3c1b174')])).status, 200);
    await receive.waitFor(/saved \S+\.otlp\.json \(1 new span joined the 2 saved before\)/);
    assert.equal(await receive.stop('SIGINT'), 0, receive.output().stderr);

    assert.deepEqual(await readdir(out), [`${TRACE}.otlp.json`]);
    const file = path.join(out, `${TRACE}.otlp.json`);
    const { traces } = decodeTraceFile(await readFile(file), file);
    assert.deepEqual(traces[0]?.spans.map((s) => s.name).sort(), ['GET', 'GET /users/42', 'SELECT users']);
    const shown = await runBin(['show', file]);
    assert.equal(shown.code, 0, shown.stderr);
    for (const name of ['GET /users/{id}', 'SELECT users', '- span: GET\n']) assert.ok(shown.stdout.includes(name), `${name} missing from:\n${shown.stdout}`);
  } finally {
    await receive.stop('SIGKILL');
    await rm(out, { recursive: true, force: true });
  }
});

test('with --grpc-port, traces exported by the OpenTelemetry SDK over gRPC are printed', async () => {
  const receive = startReceive(['--port', '0', '--grpc-port', '0']);
  try {
    const [, grpcUrl] = await receive.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+) \(OTLP\/gRPC\)/);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-client' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: grpcUrl ?? '' }))],
    });
    const tracer = provider.getTracer('e2e');
    const root = tracer.startSpan('GET /orders', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders' } });
    tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), root)).end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    await receive.waitFor(new RegExp(`trace ${root.spanContext().traceId}: 2 spans, services: grpc-client`));
    await receive.waitFor(/- span: SELECT orders/);
    assert.equal(await receive.stop('SIGINT'), 0, receive.output().stderr);
  } finally {
    await receive.stop('SIGKILL');
  }
});

test('a bad --port is a usage error (exit 2)', async () => {
  const receive = startReceive(['--port', 'http']);
  assert.equal(await receive.exit(), 2);
  assert.match(receive.output().stderr, /--port must be a port number/);
});

test('--out saves a trace with its secrets redacted and everything else as it came', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'tbt-receive-secrets-'));
  const receive = startReceive(['--port', '0', '--out', out]);
  try {
    const [, tracesUrl] = await receive.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/);
    const planted = CORPUS_SECRETS.slice(0, 12);
    const spans = [
      otlpSpan('eee19b7ec3c1b174', 'GET /users/42', 2, undefined, { 'http.request.method': 'GET', 'db.password': 'kb-Qm7vT2xLw9Rz' }),
      ...planted.map((entry, i) => otlpSpan((i + 2).toString(16).padStart(16, '0'), `log ${i}`, 1, 'eee19b7ec3c1b174', { 'app.note': entry.text })),
    ];
    const response = await fetch(tracesUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: exportOf('api', spans) });
    assert.equal(response.status, 200);
    const [, savedPath] = await receive.waitFor(/saved (\S+\.otlp\.json)/);
    const saved = await readFile(savedPath ?? '', 'utf8');
    assert.deepEqual(leakedSecrets(saved, [...planted, { name: 'credential key', text: 'kb-Qm7vT2xLw9Rz', secret: 'kb-Qm7vT2xLw9Rz' }]).map((entry) => entry.name), []);
    // Only the secrets went: ids, names and numbers are as exported (no canonical masking).
    const { traces } = decodeTraceFile(Buffer.from(saved), savedPath);
    const root = traces[0]?.spans.find((span) => span.spanId === 'eee19b7ec3c1b174');
    assert.equal(root?.name, 'GET /users/42');
    assert.equal(root?.attributes['db.password'], '[REDACTED]');
    assert.equal(traces[0]?.spans.length, planted.length + 1);
    assert.equal(await receive.stop('SIGINT'), 0, receive.output().stderr);
  } finally {
    await receive.stop('SIGKILL');
    await rm(out, { recursive: true, force: true });
  }
});
