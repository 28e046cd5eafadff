// Proves that no secret of the corpus reaches any artifact tbt writes or prints: the corpus is
// planted everywhere a trace can hold text (attribute values under neutral keys, span names,
// events, status messages, links, resources, the trigger's response body and headers, a
// credential-keyed attribute, an env value the trigger URL expands) and run through the snapshot,
// the pending file, `tbt show`, `tbt diff` (text and --json), `tbt query --json`, `tbt lint`,
// `tbt check --trace`, every reporter, spec failure text and error messages. Prints secrets found
// per artifact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CollectOptions, CollectResult } from '../../src/collect/index.ts';
import { encodeOtlpJson } from '../../src/collect/otlp-json-writer.ts';
import { runCli } from '../../src/cli/index.ts';
import { reportError } from '../../src/cli/errors.ts';
import { type CliIo } from '../../src/cli/io.ts';
import { redactingIo } from '../../src/cli/io.ts';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/index.ts';
import { DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import type { RunSummary, Span, TestDefinition, Verdict } from '../../src/model/index.ts';
import { DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { createReporters } from '../../src/report/index.ts';
import { WrittenReports } from '../../src/report/written-reports.ts';
import { freePort } from '../../src/runner/ports.ts';
import { runTest, type TestContext } from '../../src/runner/run-test.ts';
import { type TraceSource } from '../../src/runner/trace-source.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';
import { CORPUS_SECRETS, leakedSecrets, type CorpusSecret } from '../normalize/secret-corpus.ts';
import { runBin } from '../support/run-bin.ts';
import { makeSpan } from '../support/span.ts';

const TRACE_ID = 'aaaabbbbccccddddeeeeffff00001111';
const seconds = (s: number): bigint => 1_700_000_000_000_000_000n + BigInt(s) * 1_000_000n;

/** Secrets no shape gives away: one under a credential key, one an env value a trigger expands. */
const KEYED: CorpusSecret = { name: 'value under a credential key', text: 'kb-Qm7vT2xLw9Rz', secret: 'kb-Qm7vT2xLw9Rz' };
const ENV_VALUE: CorpusSecret = { name: 'env value expanded into a trigger URL path', text: 'hookPath4Zr8Yq2Lw', secret: 'hookPath4Zr8Yq2Lw' };
const ALL: readonly CorpusSecret[] = [...CORPUS_SECRETS, KEYED, ENV_VALUE];

function span(fields: Partial<Span> & Pick<Span, 'spanId' | 'name'>): Span {
  return makeSpan({ traceId: TRACE_ID, service: 'shop', startTimeUnixNano: seconds(1), endTimeUnixNano: seconds(2), ...fields });
}

/** The root trigger span and one span per corpus secret, with the secret in every text it has. */
function plantedSpans(variant: 'golden' | 'current'): Span[] {
  const body: Record<string, string | number> = {};
  CORPUS_SECRETS.forEach((entry, i) => {
    body[`field${i}`] = entry.text;
    body[entry.text] = i;
  });
  const root = span({
    spanId: '0000000000000001',
    name: 'trigger POST /pay',
    service: 'tbt',
    kind: 'client',
    endTimeUnixNano: seconds(200),
    attributes: {
      'http.request.method': 'POST',
      'url.full': `http://127.0.0.1:4000/pay/${ENV_VALUE.text}`,
      'http.response.status_code': 200,
      'tbt.response.body': JSON.stringify(body),
      'tbt.response.headers': {
        'content-type': `application/json; note=${CORPUS_SECRETS[0]?.text ?? ''}`,
        ...Object.fromEntries(CORPUS_SECRETS.map((entry, i) => [`x-note-${i}`, entry.text])),
      },
    },
  });
  const children = CORPUS_SECRETS.map((entry, i) =>
    span({
      spanId: (i + 2).toString(16).padStart(16, '0'),
      parentSpanId: '0000000000000001',
      name: entry.text,
      service: 'shop',
      startTimeUnixNano: seconds(2 + i * 3),
      endTimeUnixNano: seconds(3 + i * 3),
      attributes: {
        'app.note': variant === 'golden' ? entry.text : `${entry.text} (again)`,
        'app.items': [entry.text],
        'app.map': { inner: entry.text },
        'db.password': KEYED.text,
      },
      resource: { 'service.name': 'shop', 'deployment.environment': entry.text },
      status: { code: variant === 'golden' ? 'error' : 'ok', message: entry.text },
      events: [{ name: entry.text, timeUnixNano: seconds(2 + i * 3), attributes: { detail: entry.text } }],
      links: [{ traceId: TRACE_ID, spanId: '0000000000000001', attributes: { note: entry.text } }],
    }),
  );
  // An N+1 whose calls quote secrets, so detectors (the snapshot header, lint) have something to say.
  const pair = CORPUS_SECRETS.find((entry) => entry.name === 'AWS key pair in a log line')?.text ?? '';
  const jwt = CORPUS_SECRETS.find((entry) => entry.name === 'JWT alone')?.text ?? '';
  const loop = [0, 1, 2, 3].map((i) =>
    span({
      spanId: (0x100 + i).toString(16).padStart(16, '0'),
      parentSpanId: '0000000000000001',
      name: `SELECT ${pair}`,
      kind: 'client',
      startTimeUnixNano: seconds(190 + i * 2),
      endTimeUnixNano: seconds(191 + i * 2),
      attributes: { 'db.system': 'postgresql', 'db.statement': `SELECT id FROM sessions WHERE jwt = '${jwt}' /* ${pair} */ AND n = ${i}` },
    }),
  );
  // The current run lost a span, so diffs name one as missing, by its (secret) name.
  return [root, ...(variant === 'golden' ? children : children.slice(1)), ...loop];
}

class PlantedSource implements TraceSource {
  constructor(private readonly spans: readonly Span[]) {}
  async collect(_traceId: string, options: CollectOptions): Promise<CollectResult> {
    await options.triggerDone.catch(() => undefined);
    return { spans: [...this.spans], complete: true, elapsedMs: 1 };
  }
}

/** Specs that fail on every planted value: per-span observed values, once-judged selections, a flow. */
const specs: TestDefinition['specs'] = [
  { name: 'notes', selector: 'span[service.name="shop"]', assertions: ['attr:app.note = "nothing"', 'attr:app.map = "x"', 'attr:db.password = "x"', 'attr:tracetest.span.name = "x"'] },
  { selector: 'span[service.name="shop"]', assertions: ['attr:tracetest.selected_spans.count = 1'] },
  { selector: 'span[name="trigger POST /pay"]', assertions: ['attr:tbt.response.body = "x"', 'attr:url.full = "x"'] },
  // A literal the test author wrote: a token-shaped one is hidden in the assertion text too.
  { selector: 'span', assertions: [`attr:app.note != "${CORPUS_SECRETS.find((entry) => entry.name === 'GitHub classic PAT')?.text ?? ''}"`] },
];

function definition(trigger: TestDefinition['trigger'], id = 'pay'): TestDefinition {
  return { id, name: id, file: `tests/${id}.tbt.yaml`, trigger, specs, flows: [{ name: 'order', steps: ['span[name="nope"]', 'span'] }], outputs: [] };
}

function context(store: InMemorySnapshotStore, spans: readonly Span[], mode: TestContext['mode'], force = false): TestContext {
  return {
    rootDir: '/project',
    snapshotDir: '/project/snapshots',
    store,
    source: new PlantedSource(spans),
    mode,
    force,
    settleMs: 10,
    timeoutMs: 2000,
    normalizeRules: DEFAULT_NORMALIZE_RULES,
    tolerances: DEFAULT_TOLERANCES,
    detectors: DEFAULT_DETECTOR_CONFIG,
    env: { WEBHOOK_SECRET: ENV_VALUE.text },
    vars: {},
    otelEnv: {},
  };
}

function capture(env: Record<string, string> = {}, cwd = os.tmpdir()): { io: CliIo; out: () => string } {
  let text = '';
  const stream = { write: (chunk: string) => (text += chunk) };
  return { io: { stdout: stream, stderr: stream, env, cwd }, out: () => text };
}

/** The environment of a CI job: it holds the secret the trigger URL expands. */
const CI_ENV = { WEBHOOK_SECRET: ENV_VALUE.text };

async function cli(argv: readonly string[], cwd: string, env: Record<string, string> = CI_ENV): Promise<string> {
  const { io, out } = capture(env, cwd);
  await runCli(argv, io);
  return out();
}

test('no corpus secret reaches any artifact', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-secrets-'));
  const artifacts = new Map<string, string>();
  try {
    const golden = plantedSpans('golden');
    const current = plantedSpans('current');
    const store = new InMemorySnapshotStore();
    const traceTrigger = { kind: 'traceid', traceId: TRACE_ID } as const;

    // The runner, in memory: record (forced: the specs fail on purpose, to print planted values,
    // and a plain record refuses a run whose own specs fail), then a drifted run that leaves a
    // pending file.
    const recorded = await runTest(definition(traceTrigger), context(store, golden, 'all', true));
    const snapshot = (await store.read('/project/snapshots/pay.trace.yaml')) ?? '';
    assert.notEqual(snapshot, '', 'the snapshot was written');
    assert.match(snapshot, /detector_findings:\s*\n\s+- /, 'the detectors found the N+1 and the header keeps its key');
    artifacts.set('snapshot .trace.yaml', snapshot);
    const drifted = await runTest(definition(traceTrigger), context(store, current, 'new'));
    const pending = (await store.read('/project/snapshots/pay.trace.new.yaml')) ?? '';
    assert.notEqual(pending, '', 'the pending file was written');
    assert.ok(drifted.findings.length > 0, 'the second run drifted');
    artifacts.set('pending .trace.new.yaml', pending);
    const failedAssertions = drifted.assertions.filter((assertion) => !assertion.passed);
    assert.ok(failedAssertions.length >= 6, 'the specs failed');
    artifacts.set('spec failure text (verdict)', JSON.stringify(drifted.assertions));

    // A trigger that cannot connect: its expanded URL (a token, an api_key, an env value) is in the error.
    const port = await freePort();
    const jwt = CORPUS_SECRETS.find((entry) => entry.name === 'JWT alone')?.text ?? '';
    const stripe = CORPUS_SECRETS.find((entry) => entry.name === 'Stripe live secret key')?.text ?? '';
    const httpTrigger = {
      kind: 'http',
      method: 'POST',
      url: `http://127.0.0.1:${port}/hook/\${env:WEBHOOK_SECRET}?api_key=${stripe}&t=${jwt}`,
      headers: {},
    } as const;
    const errored = await runTest(definition(httpTrigger, 'hook'), context(store, [], 'none'));
    assert.equal(errored.outcome, 'error');
    artifacts.set('error message (verdict)', JSON.stringify(errored.error));

    // A trigger that cannot even be built (userinfo in the URL) throws; the CLI prints it.
    const dsn = CORPUS_SECRETS.find((entry) => entry.name === 'HTTPS URL userinfo')?.text ?? '';
    const badTrigger = { kind: 'http', method: 'POST', url: `${dsn}?token=${stripe}`, headers: {} } as const;
    const thrown = await runTest(definition(badTrigger, 'bad'), context(store, [], 'none')).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(thrown instanceof Error, 'a trigger with credentials in its URL is refused');
    const printed = capture(CI_ENV);
    reportError(thrown, redactingIo(printed.io).stderr);
    artifacts.set('error message (trigger, CLI)', printed.out());
    artifacts.set('error message (bad file, CLI)', await cli(['show', path.join(dir, `missing-${stripe}.json`)], dir));

    // Every reporter, writing files through the real reporter paths.
    const verdicts: Verdict[] = [recorded, drifted, errored];
    const summary: RunSummary = {
      verdicts,
      passed: 0,
      failed: 2,
      errored: 1,
      durationMs: 1,
      obsoleteSnapshots: [],
      writtenFiles: [],
    };
    await writeFile(path.join(dir, 'pay.trace.yaml'), snapshot);
    const files = { pretty: 'pretty.txt', junit: 'junit.xml', json: 'report.json', markdown: 'report.md', github: 'github.txt', html: 'report.html' };
    const terminal = capture();
    const reporters = createReporters([...Object.entries(files).map(([name, file]) => `${name}=${path.join(dir, file)}`), 'pretty'], {
      stdout: terminal.io.stdout,
      color: false,
      verbose: true,
      ci: true,
      cwd: dir,
      writtenReports: new WrittenReports(dir),
    });
    for (const reporter of reporters) {
      for (const verdict of verdicts) reporter.onTestEnd?.(verdict);
      await reporter.onRunEnd(summary);
    }
    for (const [name, file] of Object.entries(files)) artifacts.set(`reporter ${name}`, await readFile(path.join(dir, file), 'utf8'));
    artifacts.set('reporter pretty (terminal)', terminal.out());

    // The offline CLI on trace files and on the snapshot.
    await writeFile(path.join(dir, 'golden.json'), encodeOtlpJson(golden));
    await writeFile(path.join(dir, 'current.json'), encodeOtlpJson(current));
    await writeFile(
      path.join(dir, 'pay.tbt.yaml'),
      ['name: pay', 'trigger:', '  traceid:', `    id: ${TRACE_ID}`, 'specs:', '  - selector: span[service.name="shop"]', '    assertions:', '      - attr:app.note = "nothing"', '      - attr:db.password = "x"', '      - attr:tracetest.selected_spans.count = 1', ''].join('\n'),
    );
    artifacts.set('tbt show (trace)', await cli(['show', 'golden.json'], dir));
    artifacts.set('tbt show (snapshot)', await cli(['show', 'pay.trace.yaml'], dir));
    artifacts.set('tbt diff', await cli(['diff', 'golden.json', 'current.json', '--verbose'], dir));
    artifacts.set('tbt diff --json', await cli(['diff', 'golden.json', 'current.json', '--json'], dir));
    artifacts.set('tbt diff snapshot --json', await cli(['diff', 'pay.trace.yaml', 'current.json', '--json'], dir));
    artifacts.set('tbt query --json', await cli(['query', 'span', 'current.json', '--json'], dir));
    const lint = await cli(['lint', 'current.json', '--json'], dir);
    assert.match(lint, /n-plus-one|nPlusOne|N\+1/i, lint);
    artifacts.set('tbt lint --json', lint);
    const checked = await cli(['check', 'pay.tbt.yaml', '--trace', 'current.json'], dir);
    assert.match(checked, /failed/, checked);
    artifacts.set('tbt check --trace', checked);
    // And once through the real executable, as a user runs it.
    const bin = await runBin(['show', 'golden.json'], { cwd: dir, env: CI_ENV });
    assert.equal(bin.code, 0, bin.stderr);
    artifacts.set('bin/tbt.js show', bin.stdout + bin.stderr);

    // The table for the lead's note, then the verdict: 0 everywhere.
    const rows = [...artifacts].map(([name, text]) => ({ name, bytes: text.length, leaked: leakedSecrets(text, ALL) }));
    const width = Math.max(...rows.map((row) => row.name.length));
    console.log(`secrets planted: ${ALL.length} (${CORPUS_SECRETS.length} shapes, 1 under a credential key, 1 env value)`);
    console.log(`${'artifact'.padEnd(width)}  bytes    secrets found`);
    for (const row of rows) console.log(`${row.name.padEnd(width)}  ${String(row.bytes).padStart(7)}  ${row.leaked.length}`);
    for (const row of rows) assert.ok(row.bytes > 40, `${row.name} has content (${row.bytes} bytes)`);
    const leaks = rows.filter((row) => row.leaked.length > 0).map((row) => `${row.name}: ${row.leaked.map((leak) => leak.name).join(', ')}`);
    assert.deepEqual(leaks, []);
    // Redaction keeps machine-readable output well-formed.
    for (const name of ['tbt diff --json', 'tbt diff snapshot --json', 'tbt query --json', 'tbt lint --json', 'reporter json']) {
      assert.doesNotThrow(() => JSON.parse(artifacts.get(name) ?? ''), name);
    }
    // The rest stays useful: the redaction marker is there, and so are the ordinary words.
    assert.match(snapshot, /\[REDACTED\]/);
    assert.match(snapshot, /postgres:\/\/app:\[REDACTED\]@db\.internal:5432\/shop/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
