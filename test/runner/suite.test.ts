// A Tracetest suite through the runner: its steps run in order, and an output of the first step
// (a token from the login response) becomes `${var:TOKEN}` in the second step's trigger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { NoopReporter } from '../../src/report/index.ts';
import { runSuite } from '../../src/runner/index.ts';
import { freePort } from '../../src/runner/ports.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';

/** A tiny system under test: it answers, and exports one server span per request to tbt. */
async function startShop(receiverPort: number): Promise<{ url: string; authorizations: string[]; close(): Promise<void> }> {
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    const [, traceId, parentId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(req.headers.traceparent)) ?? [];
    authorizations.push(String(req.headers.authorization ?? ''));
    const body = req.url === '/login' ? { token: 't-123' } : { bought: true };
    const now = BigInt(Date.now()) * 1_000_000n;
    const span = {
      traceId,
      spanId: '00000000000000' + (req.url === '/login' ? '01' : '02'),
      parentSpanId: parentId,
      name: `POST ${req.url}`,
      kind: 2,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 1_000_000n),
      attributes: [{ key: 'http.route', value: { stringValue: req.url } }],
    };
    const exportRequest = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeSpans: [{ spans: [span] }] }] };
    void fetch(`http://127.0.0.1:${receiverPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exportRequest) })
      .then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, authorizations, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('suite steps run in order and pass outputs on as variables', async (t) => {
  const receiverPort = await freePort();
  const shop = await startShop(receiverPort);
  t.after(() => shop.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-suite-'));
  await mkdir(path.join(dir, 'steps'));
  await mkdir(path.join(dir, 'suites'));
  await writeFile(path.join(dir, 'steps', 'login.yaml'), [
    'type: Test',
    'spec:',
    '  id: login-test',
    '  name: Log in',
    '  trigger:',
    '    type: http',
    '    httpRequest: { url: "${env:SHOP}/login", method: POST }',
    '  outputs:',
    '    - name: TOKEN',
    '      selector: span[name="Tracetest trigger"]',
    "      value: attr:tracetest.response.body | json_path '$.token'",
    '',
  ].join('\n'));
  await writeFile(path.join(dir, 'steps', 'buy.tbt.yaml'), [
    'name: Buy',
    'trigger:',
    '  http:',
    '    method: POST',
    '    url: ${env:SHOP}/buy',
    '    headers: { authorization: "Bearer ${var:TOKEN}" }',
    '',
  ].join('\n'));
  await writeFile(path.join(dir, 'suites', 'checkout.yaml'), 'type: TestSuite\nspec:\n  name: Checkout\n  steps:\n    - ../steps/login.yaml\n    - ../steps/buy.tbt.yaml\n');

  const base = resolveConfig(undefined, dir);
  const config = { ...base, tests: ['suites/*.yaml'], receiver: { ...base.receiver, port: receiverPort }, collect: { settleMs: 30, timeoutMs: 3000 } };
  const summary = await runSuite({
    command: 'record',
    config,
    filters: [],
    mode: 'all',
    force: false,
    ci: false,
    concurrency: 4,
    vars: {},
    env: { SHOP: shop.url },
    reporter: new NoopReporter(),
    store: new InMemorySnapshotStore(),
  });
  assert.deepEqual(summary.verdicts.map((verdict) => [verdict.testId, verdict.outcome, verdict.error?.message]), [
    ['checkout--login', 'passed', undefined],
    ['checkout--buy', 'passed', undefined],
  ]);
  assert.deepEqual(summary.verdicts[0]?.outputs, { TOKEN: 't-123' });
  // Recording learns from three runs of each step, in order: the login's output reaches every buy.
  assert.deepEqual(shop.authorizations, ['', '', '', 'Bearer t-123', 'Bearer t-123', 'Bearer t-123']);
});
