// `tbt query SELECTOR FILE`: one path per matched span and a count line (or a JSON array); an
// invalid selector is a usage error with its column; no match is not an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { projectRoot, sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { assertUserError, snapshotAround, tbt, tempDir } from './helpers/cli-harness.ts';
import { orderListing, otlpJson, zipkinJson } from './helpers/trace-writers.ts';

const HOTROD = 'jaeger-ui/hotrod-getTrace-response.otlp.json';

interface JsonMatch {
  readonly name: string;
  readonly service: string;
  readonly kind: string;
  readonly path: string;
  readonly attributes: Record<string, unknown>;
}

test('GetDriver in the HotROD api/v3 response: 13 paths and "13 spans matched"', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['query', 'span[name="GetDriver"]', sharedTrace(HOTROD)]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), '13 spans matched');
  const paths = lines.slice(0, -1);
  assert.equal(paths.length, 13);
  for (const line of paths) assert.match(line, /^frontend › GET \/dispatch › .* › redis-manual › GetDriver {2}\(client\)$/);
});

test('--json: an array of 13 GetDriver matches with 10 distinct driver ids', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['query', '--json', 'span[name="GetDriver"]', sharedTrace(HOTROD)]);
  assert.equal(result.code, 0, result.stderr);
  const matches = JSON.parse(result.stdout) as JsonMatch[];
  assert.ok(Array.isArray(matches));
  assert.equal(matches.length, 13);
  for (const match of matches) {
    assert.deepEqual([match.name, match.service, match.kind], ['GetDriver', 'redis-manual', 'client']);
    assert.match(match.path, /› GetDriver$/);
  }
  assert.equal(new Set(matches.map((m) => m.attributes['param.driverID'])).size, 10);
});

test('a selector that does not parse: exit 2 with the column, and no stack', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['query', 'span[name="GetDriver"', sharedTrace(HOTROD)]);
  assertUserError(result, /invalid selector/, /column 22/);
  assert.equal(result.stdout, '');
});

test('a selector that matches nothing: exit 0, "no span matched", and [] with --json', { skip: skipWithoutSharedTraces }, async () => {
  const text = await tbt(['query', 'span[name="NoSuchSpan"]', sharedTrace(HOTROD)]);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stdout, 'no span matched\n');
  const json = await tbt(['query', '--json', 'span[name="NoSuchSpan"]', sharedTrace(HOTROD)]);
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.stdout), []);
});

test('a descendant selector on a Zipkin file: the N+1 calls under the handler only', async () => {
  const dir = await tempDir({ 'orders.json': zipkinJson(orderListing(4)) });
  try {
    const result = await tbt(['query', '--json', 'span[name="load order"] span[db.system="postgresql"]', 'orders.json'], { cwd: dir.dir });
    assert.equal(result.code, 0, result.stderr);
    const matches = JSON.parse(result.stdout) as JsonMatch[];
    assert.deepEqual(
      matches.map((m) => m.name),
      ['SELECT orders', 'SELECT items', 'SELECT items', 'SELECT items', 'SELECT items'],
    );
  } finally {
    await dir.dispose();
  }
});

test('a query on a snapshot selects from its canonical tree', async () => {
  const result = await tbt(['query', 'span[service.name="api-gateway" kind="client"]', path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trimEnd().split('\n').at(-1), '3 spans matched');
});

test('${env:X} in a selector reads the environment tbt runs in', async () => {
  const dir = await tempDir({ 'orders.json': zipkinJson(orderListing(2)) });
  try {
    const result = await tbt(['query', 'span[name="${env:SPAN}"]', 'orders.json'], { cwd: dir.dir, env: { SPAN: 'SELECT items' } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trimEnd().split('\n').at(-1), '2 spans matched');
    const unset = await tbt(['query', 'span[name="${env:SPAN}"]', 'orders.json'], { cwd: dir.dir });
    assertUserError(unset, /env:SPAN/, /is not set/);
  } finally {
    await dir.dispose();
  }
});

test(
  'a query on a snapshot counts a collapsed node as the spans it stands for, as on the trace',
  { skip: skipWithoutSharedTraces },
  async () => {
    const trace = sharedTrace('jaeger-ui/petclinic-owners.jaeger.json');
    const shown = await tbt(['show', trace]);
    const dir = await tempDir({ 'petclinic.trace.yaml': snapshotAround(shown.stdout, 'petclinic') });
    try {
      const selector = 'span[name="HikariProxyPreparedStatement.executeQuery"]';
      const onTrace = await tbt(['query', selector, trace]);
      assert.equal(onTrace.stdout.trimEnd().split('\n').at(-1), '14 spans matched');
      const onSnapshot = await tbt(['query', selector, 'petclinic.trace.yaml'], { cwd: dir.dir });
      assert.equal(onSnapshot.code, 0, onSnapshot.stderr);
      assert.equal(onSnapshot.stdout.trimEnd().split('\n').at(-1), '14 spans matched');
    } finally {
      await dir.dispose();
    }
  },
);

test('what a match shows goes through the config\'s own redact rules and the key shapes, as a snapshot would', async () => {
  const trace = otlpJson([{ id: 'a000000000000001', name: 'GET /', service: 'api-ACME-SECRET-SVC9', kind: 'server', start: 0, duration: 10,
    attributes: { note: 'ACME-SECRET-XYZ123', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789': 'v', 'db.password': 'hunter2plain' } }]);
  const { dir, file, dispose } = await tempDir({ 'proj/t.json': trace, 'proj/tbt.config.yaml': 'normalize:\n  redact:\n    - { value: "ACME-SECRET-[A-Z0-9]+" }\n' });
  try {
    const result = await tbt(['query', '--json', 'span', file('proj/t.json')], { cwd: path.join(dir, 'proj') });
    assert.equal(result.code, 0, result.stderr);
    const [match] = JSON.parse(result.stdout) as JsonMatch[];
    assert.equal(match?.attributes['note'], '[REDACTED]');
    assert.equal(match?.attributes['db.password'], '[REDACTED]');
    assert.match(match?.service ?? '', /REDACTED/);
    assert.doesNotMatch(result.stdout, /ACME-SECRET|hunter2|ghp_abcdefghij/);
    // -c names the config explicitly, from anywhere.
    const named = await tbt(['query', '--json', '-c', file('proj/tbt.config.yaml'), 'span', file('proj/t.json')]);
    assert.equal(named.code, 0, named.stderr);
    assert.doesNotMatch(named.stdout, /ACME-SECRET/);
  } finally {
    await dispose();
  }
});
