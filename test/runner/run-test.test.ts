// One test through the runner with a stand-in trace source: what is recorded, what fails, and
// what is never written (an incomplete trace, a stale pending file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectOptions, CollectResult } from '../../src/collect/index.ts';
import type { Span } from '../../src/model/index.ts';
import { DEFAULT_NORMALIZE_RULES, resolveNormalizeRules } from '../../src/normalize/index.ts';
import { runTest } from '../../src/runner/run-test.ts';
import { type TraceSource } from '../../src/runner/trace-source.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';
import { inMemoryTestContext, traceIdTest } from '../support/test-context.ts';
import { makeSpan } from '../support/span.ts';

const TRACE_ID = 'aaaabbbbccccddddeeeeffff00001111';

function span(id: string, parent: string | undefined, name: string): Span {
  return makeSpan({
    traceId: TRACE_ID,
    spanId: id,
    parentSpanId: parent || undefined,
    name,
    kind: 'server',
    service: 'shop',
    startTimeUnixNano: 1_000_000_000n,
    endTimeUnixNano: 2_000_000_000n,
  });
}

class FakeSource implements TraceSource {
  constructor(private readonly result: Omit<CollectResult, 'elapsedMs'>) {}
  async collect(_traceId: string, options: CollectOptions): Promise<CollectResult> {
    await options.triggerDone.catch(() => undefined);
    return { ...this.result, spans: [...this.result.spans], elapsedMs: 1 };
  }
}

const definition = traceIdTest(TRACE_ID);

const context = inMemoryTestContext;

test('a complete trace is recorded, and recording it again writes nothing', async () => {
  const store = new InMemorySnapshotStore();
  const source = new FakeSource({ spans: [span('0000000000000001', undefined, 'GET /cart')], complete: true });
  const first = await runTest(definition, context(source, store, 'all'));
  assert.equal(first.outcome, 'passed');
  assert.equal(first.snapshotAction, 'written');
  const text = await store.read('/project/snapshots/cart.trace.yaml');
  assert.match(text ?? '', /span: GET \/cart/);
  const second = await runTest(definition, context(source, store, 'all'));
  assert.equal(second.snapshotAction, 'matched');
  assert.equal(await store.read('/project/snapshots/cart.trace.yaml'), text);
});

test('an incomplete trace is a test that could not run, and nothing is written', async () => {
  const store = new InMemorySnapshotStore();
  const source = new FakeSource({
    spans: [span('0000000000000002', '00000000000000ff', 'SELECT item')],
    complete: false,
    problem: "1 span still waits for parent 00000000000000ff after 1s",
  });
  const verdict = await runTest(definition, context(source, store, 'all'));
  assert.equal(verdict.outcome, 'error');
  assert.match(verdict.error?.message ?? '', /the trace is incomplete: 1 span still waits for parent 00000000000000ff/);
  assert.equal(await store.read('/project/snapshots/cart.trace.yaml'), undefined);
});

test('no spans at all is a test that could not run, with a hint about exporting', async () => {
  const verdict = await runTest(definition, context(new FakeSource({ spans: [], complete: false, problem: 'no spans arrived' }), new InMemorySnapshotStore(), 'new'));
  assert.equal(verdict.outcome, 'error');
  assert.match(verdict.error?.hint ?? '', /export/);
});

test('a test that matches again removes a stale pending file', async () => {
  const store = new InMemorySnapshotStore();
  const source = new FakeSource({ spans: [span('0000000000000001', undefined, 'GET /cart')], complete: true });
  await runTest(definition, context(source, store, 'all'));
  await store.write('/project/snapshots/cart.trace.new.yaml', 'stale');
  const verdict = await runTest(definition, context(source, store, 'new'));
  assert.equal(verdict.outcome, 'passed');
  assert.equal(await store.read('/project/snapshots/cart.trace.new.yaml'), undefined);
});

test('no secret reaches the snapshot through detector finding keys built from raw span names', async () => {
  const store = new InMemorySnapshotStore();
  const call = (id: string, offset: bigint): Span => ({
    ...span(id, '0000000000000001', 'GET /x?api_key=SECRETKEY'),
    kind: 'client',
    startTimeUnixNano: 1_000_000_000n + offset,
    endTimeUnixNano: 1_001_000_000n + offset,
    attributes: { 'http.request.method': 'GET', 'url.full': 'https://api.test/x?api_key=SECRETKEY' },
  });
  const source = new FakeSource({
    spans: [span('0000000000000001', undefined, 'GET /cart'), call('0000000000000002', 0n), call('0000000000000003', 5_000_000n)],
    complete: true,
  });
  const verdict = await runTest(definition, context(source, store, 'all'));
  assert.equal(verdict.snapshotAction, 'written');
  const text = (await store.read('/project/snapshots/cart.trace.yaml')) ?? '';
  assert.match(text, /detector_findings:/, 'the duplicate call was found and recorded');
  assert.doesNotMatch(text, /SECRETKEY/);
});

test('drift after a change of normalization rules carries a note saying so', async () => {
  const store = new InMemorySnapshotStore();
  const noted = { ...span('0000000000000001', undefined, 'GET /cart'), attributes: { 'order.note': 'gift' } };
  const source = new FakeSource({ spans: [noted], complete: true });
  await runTest(definition, context(source, store, 'all'));
  const dropNote = resolveNormalizeRules({ drop: ['order.note'] }, DEFAULT_NORMALIZE_RULES, { file: 'tbt.config.yaml' });
  const verdict = await runTest(definition, { ...context(source, store, 'none'), normalizeRules: dropNote });
  assert.equal(verdict.outcome, 'failed');
  assert.deepEqual(verdict.findings.map((finding) => finding.kind), ['attribute-removed']);
  assert.match(verdict.notes?.[0] ?? '', /normalized with other rules/);
});
