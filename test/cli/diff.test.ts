// `tbt diff A B`: exit 0 and "no drift" when the canonical trees agree, 1 with the findings when
// they do not; `--json` prints findings a program can read; any format against any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot, sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { sdkSpans } from '../ingest/sdk-spans.ts';
import { assertUserError, snapshotAround, tbt, tempDir } from './helpers/cli-harness.ts';
import { jaegerJson, orderListing, otlpJson, zipkinJson } from './helpers/trace-writers.ts';

const TWO_ITEMS = path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml');

interface JsonFinding {
  readonly kind: string;
  readonly severity: string;
  readonly path: readonly { service: string; name: string }[];
  readonly pathText: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly suppressed: boolean;
}

function findingsOf(stdout: string): JsonFinding[] {
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed), stdout);
  return parsed as JsonFinding[];
}

test('a trace file against itself: exit 0, "no drift"', { skip: skipWithoutSharedTraces }, async () => {
  const file = sharedTrace('jaeger-skill-fixtures/n_plus_one_positive.json');
  const result = await tbt(['diff', file, file]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^no drift$/m);
});

test('a snapshot against itself: exit 0, "no drift", and --json prints []', async () => {
  const text = await tbt(['diff', TWO_ITEMS, TWO_ITEMS]);
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /^no drift$/m);
  const json = await tbt(['diff', '--json', TWO_ITEMS, TWO_ITEMS]);
  assert.equal(json.code, 0);
  assert.deepEqual(findingsOf(json.stdout), []);
});

test('a snapshot against a copy with one attribute edited: exit 1 naming the span and both values', async () => {
  const original = await readFile(TWO_ITEMS, 'utf8');
  assert.match(original, /shipment\.items: 2/);
  const dir = await tempDir({ 'edited.trace.yaml': original.replace('shipment.items: 2', 'shipment.items: 3') });
  try {
    const text = await tbt(['diff', TWO_ITEMS, dir.file('edited.trace.yaml')]);
    assert.equal(text.code, 1, text.stdout + text.stderr);
    assert.match(text.stdout, /create shipment/);
    assert.match(text.stdout, /attribute shipment\.items: 2 → 3/);
    assert.match(text.stdout, /^1 drift finding\(s\)$/m);

    const json = await tbt(['diff', '--json', TWO_ITEMS, dir.file('edited.trace.yaml')]);
    assert.equal(json.code, 1);
    const [finding, ...rest] = findingsOf(json.stdout);
    assert.equal(rest.length, 0);
    assert.equal(finding?.kind, 'attribute-changed');
    assert.equal(finding?.before, 2);
    assert.equal(finding?.after, 3);
    assert.deepEqual(finding?.path.at(-1), { service: 'shipping-worker', name: 'create shipment' });
  } finally {
    await dir.dispose();
  }
});

test('a Jaeger trace against its snapshot-equivalent: no drift; with a repeat count edited: count-changed', { skip: skipWithoutSharedTraces }, async () => {
  const trace = sharedTrace('jaeger-ui/petclinic-owners.jaeger.json');
  const shown = await tbt(['show', trace]);
  assert.equal(shown.code, 0, shown.stderr);
  const snapshot = snapshotAround(shown.stdout, 'petclinic');
  assert.match(snapshot, /^spans: 17$/m);
  assert.match(snapshot, /count: 13/);
  const edited = snapshot.replace('count: 13', 'count: 12').replace('spans: 17', 'spans: 16');
  const dir = await tempDir({ 'petclinic.trace.yaml': snapshot, 'edited.trace.yaml': edited });
  try {
    for (const [a, b] of [
      [trace, dir.file('petclinic.trace.yaml')],
      [dir.file('petclinic.trace.yaml'), trace],
    ] as const) {
      const same = await tbt(['diff', a, b]);
      assert.equal(same.code, 0, same.stdout + same.stderr);
      assert.match(same.stdout, /^no drift$/m);
    }

    const drift = await tbt(['diff', '--json', dir.file('petclinic.trace.yaml'), dir.file('edited.trace.yaml')]);
    assert.equal(drift.code, 1, drift.stdout + drift.stderr);
    const findings = findingsOf(drift.stdout);
    assert.deepEqual(
      findings.map((f) => ({ kind: f.kind, before: f.before, after: f.after, span: f.path.at(-1)?.name })),
      [{ kind: 'count-changed', before: 13, after: 12, span: 'HikariProxyPreparedStatement.executeQuery' }],
    );

    const text = await tbt(['diff', trace, dir.file('edited.trace.yaml')]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /count: ×13 → ×12/);
  } finally {
    await dir.dispose();
  }
});

test('the same trace in OTLP, Jaeger and Zipkin: every pair is no drift', async () => {
  const spans = orderListing(4, { failLast: true });
  const dir = await tempDir({ 'o.json': otlpJson(spans), 'j.json': jaegerJson(spans), 'z.json': zipkinJson(spans) });
  try {
    for (const [a, b] of [
      ['o.json', 'j.json'],
      ['j.json', 'z.json'],
      ['z.json', 'o.json'],
    ] as const) {
      const result = await tbt(['diff', a, b], { cwd: dir.dir });
      assert.equal(result.code, 0, `${a} → ${b}\n${result.stdout}${result.stderr}`);
      assert.match(result.stdout, /^no drift$/m);
    }
  } finally {
    await dir.dispose();
  }
});

test('mixed formats with a real difference: one more N+1 call is a count change, found in either direction', async () => {
  const dir = await tempDir({ 'golden.json': otlpJson(orderListing(3)), 'current.json': zipkinJson(orderListing(5)) });
  try {
    const forward = await tbt(['diff', '--json', 'golden.json', 'current.json'], { cwd: dir.dir });
    assert.equal(forward.code, 1, forward.stdout + forward.stderr);
    const [finding, ...rest] = findingsOf(forward.stdout);
    assert.equal(rest.length, 0, forward.stdout);
    assert.deepEqual({ kind: finding?.kind, before: finding?.before, after: finding?.after, span: finding?.path.at(-1)?.name }, {
      kind: 'count-changed',
      before: 3,
      after: 5,
      span: 'SELECT items',
    });
    const backward = await tbt(['diff', '--json', 'current.json', 'golden.json'], { cwd: dir.dir });
    assert.equal(backward.code, 1);
    assert.deepEqual(
      findingsOf(backward.stdout).map((f) => [f.kind, f.before, f.after]),
      [['count-changed', 5, 3]],
    );
  } finally {
    await dir.dispose();
  }
});

test('two different real traces (Jaeger vs Zipkin) drift, and every JSON finding has kind, path, before/after fields', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['diff', '--json', sharedTrace('jaeger-ui/ride-sharing-flamegraph.jaeger.json'), sharedTrace('zipkin-lens/messaging.json')]);
  assert.equal(result.code, 1, result.stderr);
  const findings = findingsOf(result.stdout);
  assert.ok(findings.length > 0);
  for (const finding of findings) {
    assert.equal(typeof finding.kind, 'string');
    assert.ok(Array.isArray(finding.path) && finding.path.length > 0, JSON.stringify(finding));
    assert.equal(typeof finding.pathText, 'string');
  }
  const kinds = new Set(findings.map((f) => f.kind));
  assert.ok(kinds.has('missing') && kinds.has('unexpected'), [...kinds].join(', '));
});

test('the text report of a drift colours nothing without a terminal, and FORCE_COLOR turns colour on', async () => {
  const dir = await tempDir({ 'a.json': otlpJson(orderListing(3)), 'b.json': otlpJson(orderListing(4)) });
  try {
    const plain = await tbt(['diff', 'a.json', 'b.json'], { cwd: dir.dir });
    assert.equal(plain.code, 1);
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
    const forced = await tbt(['diff', 'a.json', 'b.json'], { cwd: dir.dir, env: { FORCE_COLOR: '1' } });
    assert.equal(forced.code, 1);
    assert.match(forced.stdout, /\x1b\[/);
    const refused = await tbt(['diff', '--no-color', 'a.json', 'b.json'], { cwd: dir.dir, env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(refused.stdout, /\x1b\[/);
  } finally {
    await dir.dispose();
  }
});

test('an OTLP protobuf file against the same SDK spans as OTLP JSON: no drift; cut short, it is exit 2', async () => {
  const recorded = await sdkSpans();
  const protobuf = ProtobufTraceSerializer.serializeRequest(recorded);
  assert.ok(protobuf && protobuf.length > 0);
  const json = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(recorded));
  const dir = await tempDir({ 'trace.pb': protobuf, 'trace.json': json, 'cut.pb': protobuf.subarray(0, protobuf.length - 7) });
  try {
    const shown = await tbt(['show', 'trace.pb'], { cwd: dir.dir });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^ {2}- span: POST \/checkout\n {4}service: checkout\n {4}kind: server$/m);
    const same = await tbt(['diff', 'trace.pb', 'trace.json'], { cwd: dir.dir });
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /^no drift$/m);
    assertUserError(await tbt(['diff', 'trace.json', 'cut.pb'], { cwd: dir.dir }), /tbt: error: cut\.pb: /);
  } finally {
    await dir.dispose();
  }
});
