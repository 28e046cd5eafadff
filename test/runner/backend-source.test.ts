// The runner with a tracing backend as its source: a traceid trigger names a trace made
// elsewhere, tbt pulls it from "Tempo" (an msw handler), records, then verifies against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import type { RunSummary } from '../../src/model/index.ts';
import { NoopReporter } from '../../src/report/index.ts';
import { runSuite } from '../../src/runner/index.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function otlpTrace(queryCount: number): Record<string, unknown> {
  const start = 1_700_000_000_000_000_000n;
  const span = (id: string, parent: string | undefined, name: string, offsetMs: number, lengthMs: number, kind: number) => ({
    traceId: TRACE_ID,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind,
    startTimeUnixNano: String(start + BigInt(offsetMs) * 1_000_000n),
    endTimeUnixNano: String(start + BigInt(offsetMs + lengthMs) * 1_000_000n),
    attributes: name.startsWith('SELECT') ? [{ key: 'db.system', value: { stringValue: 'postgresql' } }] : [],
  });
  const queries = Array.from({ length: queryCount }, (_, index) =>
    span(`00000000000000${(index + 2).toString(16).padStart(2, '0')}`, '0000000000000001', 'SELECT item', 2 + index * 3, 2, 3));
  return {
    batches: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans: [span('0000000000000001', undefined, 'GET /cart', 0, 40, 2), ...queries] }],
      },
    ],
  };
}

test('a backend source pulls the trace by id; verify finds the drift in it', async (t) => {
  let queries = 1;
  const server = setupServer(
    http.get(`http://tempo.test/api/traces/${TRACE_ID}`, () => HttpResponse.json(otlpTrace(queries))),
  );
  server.listen({ onUnhandledRequest: 'error' });
  t.after(() => server.close());

  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-backend-'));
  await mkdir(path.join(dir, 'tests'));
  await writeFile(
    path.join(dir, 'tests', 'cart.tbt.yaml'),
    ['name: cart reads items', 'trigger:', '  traceid: { id: "${env:CART_TRACE}" }', 'specs:', '  - selector: span[name="SELECT item"]', '    assertions: [ "attr:db.system = \\"postgresql\\"" ]', ''].join('\n'),
  );
  const config = { ...resolveConfig(undefined, dir), backend: { kind: 'tempo' as const, url: 'http://tempo.test', headers: {} }, tests: ['tests/*.tbt.yaml'] };
  const store = new InMemorySnapshotStore();
  const run = (mode: 'all' | 'none'): Promise<RunSummary> =>
    runSuite({ command: 'verify', config, filters: [], mode, force: false, ci: mode === 'none', concurrency: 1, vars: {}, env: { CART_TRACE: TRACE_ID }, reporter: new NoopReporter(), store });

  const recorded = await run('all');
  assert.equal(recorded.passed, 1, JSON.stringify(recorded.verdicts[0]?.error));
  assert.equal(recorded.verdicts[0]?.spanCount, 2);

  queries = 3;
  const verified = await run('none');
  const verdict = verified.verdicts[0];
  assert.equal(verdict?.outcome, 'failed');
  const count = verdict?.findings.find((finding) => finding.kind === 'count-changed');
  assert.deepEqual([count?.before, count?.after], [1, 3]);
  assert.deepEqual(count?.path.map((segment) => segment.name), ['GET /cart', 'SELECT item']);
});
