// `tbt show`: the canonical tree of an OTLP, Jaeger or Zipkin file or of a snapshot, on stdout;
// decoding warnings on stderr; exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot, sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { assertNoStack, tbt, tempDir } from './helpers/cli-harness.ts';
import { jaegerJson, orderListing, otlpJson, zipkinJson } from './helpers/trace-writers.ts';

interface ShownNode {
  readonly span: string;
  readonly service: string;
  readonly kind: string;
  readonly count?: number;
  readonly status?: { code: string; message?: string };
  readonly attributes?: Record<string, unknown>;
  readonly children?: ShownNode[];
}

function shownTree(stdout: string): ShownNode[] {
  const parsed = parse(stdout) as { tree: ShownNode[] };
  assert.ok(Array.isArray(parsed.tree), stdout);
  return parsed.tree;
}

function* walk(nodes: readonly ShownNode[]): Generator<ShownNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.children ?? []);
  }
}

test('show on the OTLP spec example prints its one server span and warns about its absent parent', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['show', sharedTrace('otel-proto/trace.json')]);
  assert.equal(result.code, 0, result.stderr);
  const [root, ...others] = shownTree(result.stdout);
  assert.equal(others.length, 0);
  assert.deepEqual(
    { span: root?.span, service: root?.service, kind: root?.kind, attributes: root?.attributes },
    { span: "I'm a server span", service: 'my.service', kind: 'server', attributes: { 'my.span.attr': 'some value' } },
  );
  // The example's parentSpanId points outside the file: a warning, on stderr only.
  assert.match(result.stderr, /: warning: missing parent: .*eee19b7ec3c1b173/m);
  assert.doesNotMatch(result.stdout, /warning/);
});

test('show on a Jaeger file prints the ride-sharing chain with kinds folded back from tags', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['show', sharedTrace('jaeger-ui/ride-sharing-flamegraph.jaeger.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const chain = [...walk(shownTree(result.stdout))].map((node) => `${node.service}/${node.span}/${node.kind}`);
  assert.deepEqual(chain, [
    'load-generator/OrderVehicle/unspecified',
    'load-generator/HTTP GET/client',
    'ride-sharing-app/BikeHandler/server',
    'ride-sharing-app/FindNearestVehicle/unspecified',
  ]);
});

test('show on a Jaeger file collapses 13 identical JDBC calls into one node with count 13', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['show', sharedTrace('jaeger-ui/petclinic-owners.jaeger.json')]);
  assert.equal(result.code, 0, result.stderr);
  const queries = [...walk(shownTree(result.stdout))].filter((node) => node.span === 'HikariProxyPreparedStatement.executeQuery');
  assert.deepEqual(
    queries.map((node) => [node.attributes?.['sql'], node.count ?? 1]),
    [
      ['select * from test', 13],
      ['select * from test2', 1],
    ],
  );
});

test('show on a Zipkin file with absent parents keeps the tree on stdout and the warning on stderr', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['show', sharedTrace('zipkin-lens/messaging2.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /: warning: missing parent: 6 span\(s\) point to 2 parent\(s\).*0153a596db406c83/m);
  assert.doesNotMatch(result.stdout, /warning/);
  const nodes = [...walk(shownTree(result.stdout))];
  assert.equal(nodes.length, 11);
  assert.ok(shownTree(result.stdout).length > 1, 'the orphans are kept as extra roots');
});

test('show on a Zipkin file with clock skew warns and still exits 0', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['show', sharedTrace('zipkin-lens/skew.json')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /: warning: clock skew: 1 span\(s\) start before their parent/m);
  assert.ok(shownTree(result.stdout).length >= 1);
});

test('show on a snapshot prints its tree section unchanged', async () => {
  const file = path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml');
  const result = await tbt(['show', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const nodes = [...walk(shownTree(result.stdout))];
  assert.equal(nodes[0]?.span, 'trigger POST /checkout');
  assert.equal(nodes.length, 28, 'the header says spans: 28 and nothing is collapsed');
  assert.ok(nodes.some((node) => node.span === 'create shipment' && node.attributes?.['shipment.items'] === 2));
  assert.doesNotMatch(result.stdout, /tbt_snapshot|^id:/m, 'show prints the tree, not the header');
});

test('show on a relative path resolves it against the working directory', async () => {
  const dir = await tempDir({ 'traces/o.json': otlpJson(orderListing(3)) });
  try {
    const result = await tbt(['show', 'traces/o.json'], { cwd: dir.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(shownTree(result.stdout)[0]?.span, 'GET /orders/{id}');
  } finally {
    await dir.dispose();
  }
});

test('the same trace written as OTLP, Jaeger and Zipkin shows the same tree', async () => {
  const spans = orderListing(4, { failLast: true });
  const dir = await tempDir({ 'o.json': otlpJson(spans), 'j.json': jaegerJson(spans), 'z.json': zipkinJson(spans) });
  try {
    const [otlp, jaeger, zipkin] = await Promise.all(['o.json', 'j.json', 'z.json'].map((name) => tbt(['show', dir.file(name)])));
    for (const result of [otlp, jaeger, zipkin]) {
      assert.equal(result?.code, 0, result?.stderr);
      assertNoStack(result as NonNullable<typeof result>);
    }
    assert.equal(jaeger?.stdout, otlp?.stdout);
    assert.equal(zipkin?.stdout, otlp?.stdout);
    const items = [...walk(shownTree(otlp?.stdout ?? ''))].filter((node) => node.span === 'SELECT items');
    // Three identical OK calls collapse; the failed one stays apart with its status.
    assert.deepEqual(
      items.map((node) => [node.count ?? 1, node.status?.code ?? 'unset']),
      [
        [3, 'unset'],
        [1, 'error'],
      ],
    );
  } finally {
    await dir.dispose();
  }
});
