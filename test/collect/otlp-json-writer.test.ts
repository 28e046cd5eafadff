// The OTLP/JSON writer: what it writes must decode back to the same model spans, through both
// ingest's request decoder and its trace-file reader (what `tbt show/diff/lint` use); a trace's
// later spans join its file, never replace it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Span } from '../../src/model/index.ts';
import { decodeOtlpJson, decodeTraceFile } from '../../src/ingest/index.ts';
import { encodeOtlpJson, saveTraceSpans, toOtlpJsonRequest, writeOtlpJsonFile } from '../../src/collect/otlp-json-writer.ts';
import { sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { makeSpan } from '../support/span.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';

function span(spanId: string, fields: Partial<Span> = {}): Span {
  return makeSpan({
    traceId: TRACE,
    kind: 'server',
    service: 'api',
    startTimeUnixNano: 1_700_000_000_123_456_789n,
    endTimeUnixNano: 1_700_000_000_223_456_789n,
    resource: { 'service.name': 'api', 'host.name': 'h1' },
    scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0', attributes: {} },
    ...fields,
    spanId,
  });
}

const SPANS: Span[] = [
  span('eee19b7ec3c1b174', {
    attributes: {
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'retry.ratio': 0.25,
      'big.count': '9007199254740993',
      'cache.hit': false,
      'weird.nan': Number.NaN,
      'weird.inf': Number.NEGATIVE_INFINITY,
      tags: ['a', 'b'],
      mixed: [1, 'two', true, [3.5]],
      nested: { 'content-type': 'application/json', deep: { n: 1, list: [] } },
      ['__proto__']: 'stays data',
    },
    events: [{ name: 'exception', timeUnixNano: 1_700_000_000_200_000_001n, attributes: { 'exception.message': 'boom' } }],
    status: { code: 'error', message: 'HTTP 500' },
  }),
  span('0123456789abcdef', { parentSpanId: 'eee19b7ec3c1b174', kind: 'client', service: 'db-client', resource: { 'service.name': 'db-client' }, scope: { name: 'pg', attributes: { 'scope.flag': true } } }),
  span('1111111111111111', {
    parentSpanId: 'eee19b7ec3c1b174',
    kind: 'producer',
    links: [{ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: 'bbbbbbbbbbbbbbbb', attributes: { 'link.kind': 'follows' } }],
    status: { code: 'ok' },
  }),
  // No service.name on the resource: the span's service must still come back.
  span('2222222222222222', { parentSpanId: '1111111111111111', kind: 'consumer', service: 'worker', resource: {}, scope: { name: '', attributes: {} } }),
];

const bySpanId = (spans: readonly Span[]): Span[] => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));

/** `resourceOf` adds `service.name` where the model had it only on the span; otherwise spans are equal. */
function expected(spans: readonly Span[]): Span[] {
  return bySpanId(spans.map((s) => (s.resource['service.name'] === undefined && s.service !== 'unknown_service' ? { ...s, resource: { ...s.resource, 'service.name': s.service } } : s)));
}

test('encoded spans decode back to the same spans', () => {
  const decoded = decodeOtlpJson(encodeOtlpJson(SPANS));
  assert.deepEqual(bySpanId(decoded), expected(SPANS));
});

test('the JSON uses hex ids, string nanos, integer enums and typed AnyValues, grouped by resource and scope', () => {
  const request = toOtlpJsonRequest(SPANS);
  assert.equal(request.resourceSpans.length, 3);
  const first = request.resourceSpans[0]?.scopeSpans[0]?.spans[0];
  assert.ok(first);
  assert.equal(first.traceId, TRACE);
  assert.equal(first.spanId, 'eee19b7ec3c1b174');
  assert.equal(first.parentSpanId, undefined);
  assert.equal(first.startTimeUnixNano, '1700000000123456789');
  assert.equal(first.kind, 2);
  assert.deepEqual(first.status, { code: 2, message: 'HTTP 500' });
  const value = (key: string): unknown => first.attributes.find((kv) => kv.key === key)?.value;
  assert.deepEqual(value('http.response.status_code'), { intValue: '200' });
  assert.deepEqual(value('retry.ratio'), { doubleValue: 0.25 });
  assert.deepEqual(value('weird.nan'), { doubleValue: 'NaN' });
  assert.deepEqual(value('cache.hit'), { boolValue: false });
  assert.deepEqual(value('tags'), { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } });
  assert.deepEqual(value('nested'), {
    kvlistValue: {
      values: [
        { key: 'content-type', value: { stringValue: 'application/json' } },
        { key: 'deep', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: '1' } }, { key: 'list', value: { arrayValue: { values: [] } } }] } } },
      ],
    },
  });
});

test('a written file is read back by the trace-file reader, and no temp file is left', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tbt-otlp-writer-'));
  try {
    const file = path.join(dir, `${TRACE}.otlp.json`);
    await writeOtlpJsonFile(file, SPANS);
    await writeOtlpJsonFile(file, SPANS.slice(0, 2)); // replaces the file whole
    const { format, traces } = decodeTraceFile(await readFile(file), file);
    assert.equal(format, 'otlp-json');
    assert.equal(traces.length, 1);
    assert.deepEqual(bySpanId(traces[0]?.spans ?? []), expected(SPANS.slice(0, 2)));
    assert.deepEqual(await readdir(dir), [`${TRACE}.otlp.json`]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every shared third-party trace survives a write and a read unchanged', { skip: skipWithoutSharedTraces }, async () => {
  const files = ['otel-proto/trace.json', 'jaeger-skill-fixtures/n_plus_one_full_serial.json', 'jaeger-skill-fixtures/error_timeout_masked.json'];
  for (const dir of ['jaeger-ui', 'zipkin-lens']) {
    for (const name of await readdir(path.join(sharedTracesDir ?? '', dir))) if (name.endsWith('.json')) files.push(`${dir}/${name}`);
  }
  let checked = 0;
  for (const relative of files) {
    const original = decodeTraceFile(await readFile(sharedTrace(relative)), relative).traces;
    for (const trace of original) {
      const again = decodeTraceFile(new TextEncoder().encode(encodeOtlpJson(trace.spans)), 'rewritten').traces;
      assert.equal(again.length, 1, relative);
      assert.deepEqual(bySpanId(again[0]?.spans ?? []), expected(trace.spans), relative);
      checked++;
    }
  }
  assert.ok(checked >= 5, `only ${checked} traces were checked`);
});

test('later spans of a trace join its file: nothing saved before is lost, nothing is written twice', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tbt-otlp-writer-'));
  try {
    const file = path.join(dir, `${TRACE}.otlp.json`);
    assert.deepEqual(await saveTraceSpans(file, SPANS.slice(0, 2)), { file, earlier: 0, added: 2 });
    // The late half, with one span sent again (an exporter's retry).
    assert.deepEqual(await saveTraceSpans(file, SPANS.slice(1)), { file, earlier: 2, added: SPANS.length - 2 });
    assert.deepEqual(await saveTraceSpans(file, SPANS.slice(0, 1)), { file, earlier: SPANS.length, added: 0 });
    const { traces } = decodeTraceFile(await readFile(file), file);
    assert.equal(traces.length, 1);
    assert.deepEqual(bySpanId(traces[0]?.spans ?? []), expected(SPANS));
    assert.deepEqual(await readdir(dir), [`${TRACE}.otlp.json`], 'a temp file was left behind');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file that is not a trace is left alone: the spans go to a sibling', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tbt-otlp-writer-'));
  try {
    const file = path.join(dir, `${TRACE}.otlp.json`);
    await writeFile(file, 'my notes, not a trace');
    const saved = await saveTraceSpans(file, SPANS);
    assert.equal(saved.file, path.join(dir, `${TRACE}.1.otlp.json`));
    assert.equal(await readFile(file, 'utf8'), 'my notes, not a trace');
    assert.deepEqual(bySpanId(decodeTraceFile(await readFile(saved.file), saved.file).traces[0]?.spans ?? []), expected(SPANS));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
