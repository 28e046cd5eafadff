// Pulling a trace from Jaeger, Jaeger api/v3, Tempo and Zipkin query APIs, against msw handlers
// that answer with real response bodies (from ../shared/traces when present, else tiny hand-made
// ones). Backoff and settle windows are a few ms, so nothing waits on a fixed sleep.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { pullTraceFromBackend, type BackendKind, type BackendPullOptions } from '../../src/collect/backend-pull.ts';
import { TbtError } from '../../src/model/index.ts';
import { sharedTrace, sharedTracesDir } from '../support/shared-traces.ts';

type Json = Record<string, unknown>;
interface Fixture { readonly traceId: string; readonly full: unknown; readonly partial: unknown; readonly spanCount: number }

const BASE = 'http://backend.test/tracing';
const T = '463ac35c9f6413ad48485a3953bb6124';
const fast = { settleMs: 30, timeoutMs: 3000, initialDelayMs: 2, maxDelayMs: 10 } as const;

const shared = (file: string): Json => JSON.parse(readFileSync(sharedTrace(file), 'utf8')) as Json;
const chain = ['a000000000000001', 'b000000000000002', 'c000000000000003'];

/** The first span that has a parent and is itself a parent: dropping it leaves orphans. */
function middle<S>(spans: readonly S[], id: (s: S) => string, parent: (s: S) => string | undefined): string {
  const parents = new Set(spans.map(parent));
  const found = spans.find((s) => parent(s) !== undefined && parents.has(id(s)));
  assert.ok(found, 'the fixture has a middle span');
  return id(found);
}

/** Rewrites every OTLP span list of a request. */
function otlpSpans(request: Json, edit: (spans: Json[]) => Json[]): Json {
  const resourceSpans = (request['resourceSpans'] as Json[]).map((rs) => ({
    ...rs, scopeSpans: (rs['scopeSpans'] as Json[]).map((ss) => ({ ...ss, spans: edit(ss['spans'] as Json[]) })),
  }));
  return { ...request, resourceSpans };
}
const allOtlp = (request: Json): Json[] => (request['resourceSpans'] as Json[]).flatMap((rs) => (rs['scopeSpans'] as Json[]).flatMap((ss) => ss['spans'] as Json[]));
const handmadeOtlp = (): Json => ({
  resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: chain.map((id, i) => ({
    traceId: T, spanId: id, ...(i > 0 ? { parentSpanId: chain[i - 1] } : {}), name: `op${i}`, kind: 2, startTimeUnixNano: String(1000 + i), endTimeUnixNano: '2000',
  })) }] }],
});

function otlpFixture(request: Json, wrap: (r: Json) => unknown): Fixture {
  const spans = allOtlp(request);
  const drop = middle(spans, (s) => String(s['spanId']), (s) => (s['parentSpanId'] ? String(s['parentSpanId']) : undefined));
  return {
    traceId: String(spans[0]?.['traceId']).toLowerCase(),
    full: wrap(request),
    partial: wrap(otlpSpans(request, (list) => list.filter((s) => s['spanId'] !== drop))),
    spanCount: spans.length,
  };
}

const b64 = (hex: unknown): string | undefined => (typeof hex === 'string' && hex !== '' ? Buffer.from(hex, 'hex').toString('base64') : undefined);

const fixtures: Record<BackendKind, () => Fixture> = {
  jaeger: () => {
    const trace = sharedTracesDir ? shared('jaeger-ui/petclinic-owners.jaeger.json') : {
      traceID: T, processes: { p1: { serviceName: 'svc', tags: [] } },
      spans: chain.map((id, i) => ({ traceID: T, spanID: id, operationName: `op${i}`, startTime: 1 + i, duration: 5, processID: 'p1',
        references: i > 0 ? [{ refType: 'CHILD_OF', traceID: T, spanID: chain[i - 1] }] : [] })),
    };
    const spans = trace['spans'] as Json[];
    const parentOf = (s: Json): string | undefined => ((s['references'] as Json[])[0]?.['spanID'] as string | undefined);
    const drop = middle(spans, (s) => String(s['spanID']), parentOf);
    return {
      traceId: String(trace['traceID']).padStart(32, '0'),
      full: { data: [trace], total: 0, limit: 0, offset: 0, errors: null },
      partial: { data: [{ ...trace, spans: spans.filter((s) => s['spanID'] !== drop) }], total: 0, limit: 0, offset: 0, errors: null },
      spanCount: spans.length,
    };
  },
  'jaeger-v3': () => otlpFixture(
    sharedTracesDir ? (shared('jaeger-ui/hotrod-getTrace-response.otlp.json')['result'] as Json) : handmadeOtlp(),
    (r) => ({ result: r }),
  ),
  // Tempo's v1 JSON: {"batches": […]} with base64 ids.
  tempo: () => otlpFixture(
    sharedTracesDir ? shared('jaeger-skill-fixtures/n_plus_one_positive.json') : handmadeOtlp(),
    (r) => ({ batches: otlpSpans(r, (list) => list.map((s) => ({
      ...s, traceId: b64(s['traceId']), spanId: b64(s['spanId']), parentSpanId: b64(s['parentSpanId']) ?? '',
    })))['resourceSpans'] }),
  ),
  zipkin: () => {
    const records = (sharedTracesDir
      ? JSON.parse(readFileSync(sharedTrace('zipkin-lens/ascend.json'), 'utf8'))
      : chain.map((id, i) => ({ traceId: T, id, ...(i > 0 ? { parentId: chain[i - 1] } : {}), name: `op${i}`, timestamp: 1 + i, duration: 5,
        localEndpoint: { serviceName: 'svc' } }))) as Json[];
    const drop = middle(records, (r) => String(r['id']), (r) => r['parentId'] as string | undefined);
    return {
      traceId: String(records[0]?.['traceId']).padStart(32, '0'),
      full: records,
      partial: records.filter((r) => r['id'] !== drop),
      spanCount: records.length,
    };
  },
};

const paths: Record<BackendKind, string> = {
  jaeger: '/api/traces/:id', 'jaeger-v3': '/api/v3/traces/:id', tempo: '/api/traces/:id', zipkin: '/api/v2/trace/:id',
};

const server = setupServer();
before(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => server.resetHandlers());
after(() => server.close());

interface Seen { readonly id: string; readonly authorization: string | null; readonly accept: string | null }

/** Answers the i-th request with answers[i] (the last one repeats), recording what was asked. */
function serve(kind: BackendKind, answers: readonly (() => Response)[]): Seen[] {
  const seen: Seen[] = [];
  server.use(http.get(`${BASE}${paths[kind]}`, ({ request, params }) => {
    seen.push({ id: String(params['id']), authorization: request.headers.get('authorization'), accept: request.headers.get('accept') });
    return (answers[Math.min(seen.length, answers.length) - 1] ?? answers[0])?.() ?? new HttpResponse(null, { status: 500 });
  }));
  return seen;
}

const json = (body: unknown, status = 200): Response =>
  new HttpResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const notFound = (): Response => json({ data: null, errors: [{ code: 404, msg: 'trace not found' }] }, 404);
const pull = (kind: BackendKind, traceId: string, extra: Partial<BackendPullOptions> = {}) =>
  pullTraceFromBackend({ kind, baseUrl: BASE, traceId, headers: { authorization: 'Bearer s3cret' }, ...fast, ...extra });

for (const kind of Object.keys(fixtures) as BackendKind[]) {
  test(`${kind}: a 404, then a partial trace, then the full one gives the complete trace`, async () => {
    const fixture = fixtures[kind]();
    const seen = serve(kind, [notFound, () => json(fixture.partial), () => json(fixture.full)]);
    const result = await pull(kind, fixture.traceId);
    assert.equal(result.complete, true, result.problem);
    assert.equal(result.problem, undefined);
    assert.equal(result.trace.traceId, fixture.traceId);
    assert.equal(result.trace.spans.length, fixture.spanCount);
    assert.ok(result.polls >= 4, `404, partial, full, and one more to confirm the settle (${result.polls})`);
    assert.equal(seen.length, result.polls);
    assert.ok(seen.every((s) => s.id === fixture.traceId && s.authorization === 'Bearer s3cret' && s.accept === 'application/json'));
  });
}

test('a trace that stays partial times out, naming the missing parent', async () => {
  const fixture = fixtures.zipkin();
  serve('zipkin', [() => json(fixture.partial)]);
  const result = await pull('zipkin', fixture.traceId, { timeoutMs: 150 });
  assert.equal(result.complete, false);
  assert.match(result.problem ?? '', /incomplete in Zipkin at the 150 ms timeout: \d+ spans? still waits? for parent/);
  assert.ok(result.trace.spans.length > 0 && result.trace.spans.length < fixture.spanCount);
});

test('a trace that never appears times out with the last answer, and an empty trace', async () => {
  serve('jaeger', [notFound]);
  const result = await pull('jaeger', T, { timeoutMs: 100 });
  assert.equal(result.complete, false);
  assert.deepEqual(result.trace, { traceId: T, spans: [], warnings: [] });
  assert.match(result.problem ?? '', /did not appear in Jaeger within 100 ms .*404/);
});

test('a growing trace is not cut short: the settle window waits for the last span', async () => {
  const fixture = fixtures['jaeger-v3']();
  const request = (fixture.full as { result: Json }).result;
  const rootOnly = otlpSpans(request, (spans) => spans.filter((s) => !s['parentSpanId'] || !allOtlp(request).some((p) => p['spanId'] === s['parentSpanId'])));
  serve('jaeger-v3', [() => json({ result: rootOnly }), () => json(fixture.full)]);
  const result = await pull('jaeger-v3', fixture.traceId, { settleMs: 200, initialDelayMs: 5 });
  assert.equal(result.complete, true);
  assert.equal(result.trace.spans.length, fixture.spanCount);
});

test('server errors are retried; the base path and a trailing slash are kept right', async () => {
  const fixture = fixtures.tempo();
  const seen = serve('tempo', [() => new HttpResponse('overloaded', { status: 503 }), () => json(fixture.full)]);
  const result = await pull('tempo', fixture.traceId, { baseUrl: `${BASE}/` });
  assert.equal(result.complete, true);
  assert.equal(seen[0]?.id, fixture.traceId);
});

test('401 is a config error; an answer in the wrong format is an input error; a bad id asks nothing', async () => {
  serve('jaeger', [() => new HttpResponse('no', { status: 401, statusText: 'Unauthorized' })]);
  await assert.rejects(pull('jaeger', T), (e: unknown) => e instanceof TbtError && e.kind === 'config' && /401/.test(e.message));
  serve('zipkin', [() => HttpResponse.text('<html>login</html>')]);
  await assert.rejects(pull('zipkin', T), (e: unknown) => e instanceof TbtError && e.kind === 'input' && /Zipkin/.test(e.hint ?? ''));
  const seen = serve('jaeger', [notFound]);
  await assert.rejects(pull('jaeger', 'not-a-trace-id'), (e: unknown) => e instanceof TbtError && e.kind === 'input');
  assert.equal(seen.length, 0);
});

test('aborting the signal stops the pull with its reason', async () => {
  serve('jaeger', [notFound]);
  const controller = new AbortController();
  const pulling = pull('jaeger', T, { timeoutMs: 5000, signal: controller.signal });
  controller.abort(new Error('run cancelled'));
  await assert.rejects(pulling, /run cancelled/);
});
