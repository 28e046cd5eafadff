// Every third-party trace file in ../shared/traces ingests with the span and service counts that
// SOURCES.md gives. What is asserted, per format:
// - OTLP and Jaeger: spans = SOURCES "spans", services = SOURCES "svcs".
// - Zipkin: each raw record becomes one span (a shared id's server half gets a derived id under
//   its client half), except timestamp-less fragments, which merge into the record of the same id
//   and service. So spans = raw − fragments, every raw id survives, and all span ids are distinct.
//   Services count localEndpoint names as SOURCES does ("unknown_service" stands for none).
// Two counts differ from SOURCES.md, and the tests pin what the files hold: smartthings-mobile-web-
// install has 84 timestamp-less fragments (SOURCES says 52: that is the `get devices/…` ones only),
// and messaging2 has 6 spans under absent parents (SOURCES says 7; 4 + 2 records in the file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { decodeTraceFile, type TraceFileFormat } from '../../src/ingest/index.ts';
import type { Trace } from '../../src/model/index.ts';
import { sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';

interface Expected {
  readonly format: TraceFileFormat;
  readonly spans: number;
  readonly services: number;
  /** Zipkin only: raw records, distinct raw ids, and fragments merged away. */
  readonly zipkin?: { readonly raw: number; readonly ids: number; readonly fragments: number };
}

const expected: Readonly<Record<string, Expected>> = {
  'otel-proto/trace.json': { format: 'otlp-json', spans: 1, services: 1 },
  'jaeger-skill-fixtures/n_plus_one_full_serial.json': { format: 'otlp-json', spans: 40, services: 6 },
  'jaeger-skill-fixtures/n_plus_one_full_concurrent.json': { format: 'otlp-json', spans: 40, services: 6 },
  'jaeger-skill-fixtures/n_plus_one_positive.json': { format: 'otlp-json', spans: 16, services: 3 },
  'jaeger-skill-fixtures/n_plus_one_near_miss.json': { format: 'otlp-json', spans: 12, services: 1 },
  'jaeger-skill-fixtures/error_timeout_masked.json': { format: 'otlp-json', spans: 26, services: 5 },
  'jaeger-ui/hotrod-getTrace-response.otlp.json': { format: 'jaeger-v3-json', spans: 40, services: 6 },
  'jaeger-ui/ride-sharing-flamegraph.jaeger.json': { format: 'jaeger-json', spans: 4, services: 2 },
  'jaeger-ui/petclinic-owners.jaeger.json': { format: 'jaeger-json', spans: 17, services: 2 },
  'zipkin-lens/ascend.json': { format: 'zipkin-json', spans: 8, services: 3, zipkin: { raw: 8, ids: 6, fragments: 0 } },
  'zipkin-lens/envoy.json': { format: 'zipkin-json', spans: 1, services: 0, zipkin: { raw: 1, ids: 1, fragments: 0 } },
  'zipkin-lens/messaging-kafka.json': { format: 'zipkin-json', spans: 28, services: 2, zipkin: { raw: 28, ids: 28, fragments: 0 } },
  'zipkin-lens/messaging.json': { format: 'zipkin-json', spans: 4, services: 2, zipkin: { raw: 4, ids: 4, fragments: 0 } },
  'zipkin-lens/messaging2.json': { format: 'zipkin-json', spans: 11, services: 4, zipkin: { raw: 11, ids: 11, fragments: 0 } },
  'zipkin-lens/simple-db-p6.json': { format: 'zipkin-json', spans: 5, services: 1, zipkin: { raw: 5, ids: 5, fragments: 0 } },
  'zipkin-lens/skew.json': { format: 'zipkin-json', spans: 4, services: 2, zipkin: { raw: 4, ids: 3, fragments: 0 } },
  'zipkin-lens/smartthings-mobile-web-install.json': {
    format: 'zipkin-json', spans: 957, services: 16, zipkin: { raw: 1041, ids: 663, fragments: 84 },
  },
  'zipkin-lens/smartthings-oauth-authorization.json': {
    format: 'zipkin-json', spans: 175, services: 8, zipkin: { raw: 175, ids: 130, fragments: 0 },
  },
  'zipkin-lens/yelp.json': { format: 'zipkin-json', spans: 16, services: 6, zipkin: { raw: 16, ids: 13, fragments: 0 } },
};

function load(file: string): { format: TraceFileFormat; traces: Trace[] } {
  return decodeTraceFile(readFileSync(sharedTrace(file)), file);
}

test('the table covers every trace file in ../shared/traces', { skip: skipWithoutSharedTraces }, () => {
  const files = ['otel-proto', 'jaeger-skill-fixtures', 'jaeger-ui', 'zipkin-lens'].flatMap((dir) =>
    readdirSync(`${sharedTracesDir}/${dir}`).filter((f) => f.endsWith('.json') && !f.endsWith('.manifest.json')).map((f) => `${dir}/${f}`));
  assert.deepEqual(files.sort(), Object.keys(expected).sort());
});

for (const [file, want] of Object.entries(expected)) {
  test(`${file} ingests as ${want.format} with ${want.spans} spans and ${want.services} services`, { skip: skipWithoutSharedTraces }, () => {
    const { format, traces } = load(file);
    assert.equal(format, want.format);
    assert.equal(traces.length, 1, 'one trace per file');
    const spans = traces.flatMap((t) => t.spans);
    assert.equal(spans.length, want.spans);
    assert.equal(new Set(spans.map((s) => s.service).filter((s) => s !== 'unknown_service')).size, want.services);
    assert.equal(new Set(spans.map((s) => s.spanId)).size, spans.length, 'span ids are distinct');
    for (const span of spans) {
      assert.match(span.traceId, /^[0-9a-f]{32}$/);
      assert.match(span.spanId, /^[0-9a-f]{16}$/);
      assert.ok(span.endTimeUnixNano >= span.startTimeUnixNano, `${span.name} does not end before it starts`);
    }
    if (want.zipkin !== undefined) {
      const raw = JSON.parse(readFileSync(sharedTrace(file), 'utf8')) as { id: string }[];
      const rawIds = new Set(raw.map((r) => r.id.padStart(16, '0')));
      assert.equal(raw.length, want.zipkin.raw);
      assert.equal(rawIds.size, want.zipkin.ids);
      assert.equal(spans.length, want.zipkin.raw - want.zipkin.fragments);
      const ids = new Set(spans.map((s) => s.spanId));
      for (const id of rawIds) assert.ok(ids.has(id), `raw id ${id} survives`);
    }
  });
}

test('skew.json: the shared span splits into client → server, and the skew is a warning', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = load('zipkin-lens/skew.json').traces;
  const client = trace?.spans.find((s) => s.spanId === '74280ae0c10d8062');
  const server = trace?.spans.find((s) => s.kind === 'server' && s.parentSpanId === '74280ae0c10d8062');
  assert.equal(client?.kind, 'client');
  assert.equal(client?.service, 'servicea');
  assert.equal(server?.service, 'serviceb');
  const async = trace?.spans.find((s) => s.name === 'async');
  assert.equal(async?.parentSpanId, server?.spanId, "serviceb's child hangs under serviceb's half");
  assert.deepEqual(trace?.warnings.map((w) => w.split(':')[0]), ['clock skew']);
  assert.match(trace?.warnings[0] ?? '', /65ms/);
});

test('messaging2.json: spans under absent parents are named in a warning', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = load('zipkin-lens/messaging2.json').traces;
  assert.equal(trace?.warnings.length, 1);
  assert.match(trace?.warnings[0] ?? '', /^missing parent: 6 span\(s\) point to 2 parent\(s\).*0153a596db406c83.*0153a596db406111/);
});

test('smartthings-mobile-web-install.json: timestamp-less fragments merge, with a warning', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = load('zipkin-lens/smartthings-mobile-web-install.json').traces;
  assert.ok(trace?.warnings.some((w) => /^zipkin: merged 84 span fragment/.test(w)));
  // The fragment's kind-less record merged into platformapi's SERVER half, keeping its tags.
  const merged = trace?.spans.filter((s) => s.service === 'platformapi' && s.kind === 'server' && s.parentSpanId === 'a0dc23f22c4fee3f');
  assert.equal(merged?.length, 1);
  assert.equal(merged?.[0]?.attributes['http.path'], 'app-execute');
});

test('Jaeger JSON keeps process tags as resource and folds span.kind into kind', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = load('jaeger-ui/petclinic-owners.jaeger.json').traces;
  assert.equal(trace?.traceId, '0df84e36b9e2ee3815d07f0867a5be1f', 'a 31-digit Jaeger id is left-padded');
  const owners = trace?.spans.find((s) => s.name === 'GET /owners');
  assert.equal(owners?.kind, 'client');
  assert.equal(owners?.parentSpanId, '9afcdf2e24e8d70a');
  assert.equal('span.kind' in (owners?.attributes ?? {}), false);
});
