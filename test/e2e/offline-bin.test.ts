// The offline commands through the real `bin/tbt.js`, as a user runs them: exit codes, which
// stream gets what, and no stack on bad input. (test/cli covers the same commands in-process.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { binPath, runBin } from '../support/run-bin.ts';
import { sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { orderListing, otlpJson, zipkinJson, type SpanSpec } from '../cli/helpers/trace-writers.ts';

const STACK = /\n\s+at /;

async function withTempDir<T>(files: Record<string, string>, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-offline-bin-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('show: a Zipkin file with orphans prints the tree on stdout, the warning on stderr, exit 0', { skip: skipWithoutSharedTraces }, async () => {
  const result = await runBin(['show', sharedTrace('zipkin-lens/messaging2.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^tree:\n/);
  assert.match(result.stderr, /: warning: missing parent: /m);
  assert.doesNotMatch(result.stdout, /warning/);
});

test('diff: drift between an OTLP and a Zipkin file exits 1 with JSON findings', async () => {
  await withTempDir({ 'golden.json': otlpJson(orderListing(3)), 'current.json': zipkinJson(orderListing(4)) }, async (dir) => {
    const result = await runBin(['diff', '--json', 'golden.json', 'current.json'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as { kind: string; before: unknown; after: unknown }[];
    assert.deepEqual(
      findings.map((f) => [f.kind, f.before, f.after]),
      [['count-changed', 3, 4]],
    );
  });
});

test('lint: the HotROD N+1 exits 1', { skip: skipWithoutSharedTraces }, async () => {
  const positive = await runBin(['lint', sharedTrace('jaeger-skill-fixtures/n_plus_one_positive.json')]);
  assert.equal(positive.code, 1, positive.stderr);
  assert.match(positive.stdout, /N\+1: 13 sequential identical redis-manual GetDriver calls/);
});

test('query: an invalid selector exits 2 with its column and no stack', { skip: skipWithoutSharedTraces }, async () => {
  const file = sharedTrace('jaeger-ui/hotrod-getTrace-response.otlp.json');
  const bad = await runBin(['query', 'span[name="GetDriver"', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid selector at column 22/);
  assert.doesNotMatch(bad.stderr, STACK);
});

test('check: the Tracetest corpus validates given its variables, exit 0; without them, exit 2', { skip: skipWithoutSharedTraces }, async () => {
  const files = ['tracetest-examples', 'otel-demo-tracetest'].flatMap((dir) =>
    readdirSync(sharedTrace(dir))
      .filter((name) => name.endsWith('.yaml'))
      // One example's URL is a placeholder (`<your_api_endpoint>/incident`), which no run takes.
      .filter((name) => name !== 'aws-step-functions-incident.yaml')
      .map((name) => sharedTrace(path.join(dir, name))),
  );
  const bare = await runBin(['check', ...files]);
  assert.equal(bare.code, 2, bare.stdout + bare.stderr);
  assert.match(bare.stderr, /variable var:SHIPPING_ADDR is not set/);
  const vars = ['CART_ADDR', 'CHECKOUT_ADDR', 'PAYMENT_ADDR'].map((name) => `${name}: 127.0.0.1:8080`)
    .concat(['EMAIL_ADDR', 'FRONTEND_ADDR', 'SHIPPING_ADDR'].map((name) => `${name}: http://127.0.0.1:8080`));
  await withTempDir({ 'demo.vars.yaml': `${vars.join('\n')}\n` }, async (dir) => {
    const result = await runBin(['check', ...files, '--vars', path.join(dir, 'demo.vars.yaml')]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^13 files, 13 tests, 0 problems$/m);
  });
});

test('bad input: a truncated trace and a corrupt snapshot exit 2 naming the file, with no stack', async () => {
  const trace = otlpJson(orderListing(3));
  await withTempDir({ 'cut.json': trace.slice(0, 200), 'bad.trace.yaml': 'tbt_snapshot: 1\ntree: [\n' }, async (dir) => {
    for (const argv of [
      ['show', 'cut.json'],
      ['diff', 'bad.trace.yaml', 'cut.json'],
    ]) {
      const result = await runBin(argv, { cwd: dir });
      assert.equal(result.code, 2, `tbt ${argv.join(' ')}\n${result.stderr}`);
      assert.match(result.stderr, /^tbt: error: (cut\.json|bad\.trace\.yaml)(:\d+:\d+)?: /m);
      assert.doesNotMatch(result.stderr, STACK);
    }
  });
});

/** A trace whose `tbt show` output is far larger than a pipe's buffer. */
function wideTrace(): string {
  const spans: SpanSpec[] = [{ id: (1).toString(16).padStart(16, '0'), name: 'root', service: 'api', kind: 'server', start: 0, duration: 100_000 }];
  for (let i = 0; i < 3000; i++) {
    spans.push({ id: (i + 2).toString(16).padStart(16, '0'), parent: spans[0]?.id ?? '', name: `step ${i}`, service: 'api', kind: 'internal', start: i * 10, duration: 5, attributes: { 'step.note': `a note long enough to fill the pipe, number ${i}` } });
  }
  return otlpJson(spans);
}

test(
  'a reader that stops early (tbt show … | head -1) does not turn into exit 1 with a stack',
  async () => {
    await withTempDir({ 'wide.json': wideTrace() }, async (dir) => {
      const child = spawn(process.execPath, [binPath, 'show', 'wide.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      // Like `head -1`: read the first chunk, then close the pipe.
      await once(child.stdout, 'data');
      child.stdout.destroy();
      const [code] = (await Promise.race([
        once(child, 'close'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('tbt show did not exit after its reader left')), 20_000).unref()),
      ])) as [number | null];
      assert.doesNotMatch(stderr, STACK, stderr);
      assert.notEqual(code, 1, 'exit 1 means drift; a closed pipe is not drift');
    });
  },
);
