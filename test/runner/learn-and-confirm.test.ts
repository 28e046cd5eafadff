// The runner's per-test flow with a stand-in trace source, no services: recording learns from
// several runs (and a re-record of the same behaviour writes nothing), verify honours what was
// learned, a test failing on durations alone is confirmed by more runs, structural drift is not,
// and a run whose specs fail or whose trace lacks a server's spans is never recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectOptions, CollectResult } from '../../src/collect/index.ts';
import type { Attributes, Span, SpanKind, TestDefinition } from '../../src/model/index.ts';
import { runTest } from '../../src/runner/run-test.ts';
import { type TraceSource } from '../../src/runner/trace-source.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';
import { inMemoryTestContext, traceIdTest } from '../support/test-context.ts';
import { makeSpan } from '../support/span.ts';

const TRACE_ID = 'aaaabbbbccccddddeeeeffff00001111';
const SNAPSHOT = '/project/snapshots/cart.trace.yaml';

interface SpanInit {
  readonly parent?: string;
  readonly kind?: SpanKind;
  readonly service?: string;
  readonly startMs?: number;
  readonly ms?: number;
  readonly attributes?: Attributes;
}

function span(id: string, name: string, init: SpanInit = {}): Span {
  const start = 1_000_000_000n + BigInt(Math.round((init.startMs ?? 0) * 1e6));
  return makeSpan({
    traceId: TRACE_ID,
    spanId: id.padStart(16, '0'),
    parentSpanId: init.parent ? init.parent.padStart(16, '0') : undefined,
    name,
    kind: init.kind ?? 'server',
    service: init.service ?? 'shop',
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(Math.round((init.ms ?? 5) * 1e6)),
    attributes: init.attributes ?? {},
  });
}

/**
 * A cart request: the order's owner in its statement varies (a word, which the built-in id masker
 * keeps, so only learning can mask it); `connect` says whether the pool connected first.
 */
function cart(order: number, options: { connect?: boolean; ms?: number; extra?: boolean } = {}): Span[] {
  const ms = options.ms ?? 5;
  return [
    span('1', 'GET /cart', { ms, attributes: { 'http.route': '/cart' } }),
    ...(options.connect ? [span('2', 'pg.connect', { parent: '1', kind: 'client', startMs: 0.1, ms: 0.2 })] : []),
    span('3', 'SET', { parent: '1', kind: 'client', startMs: 1, ms: 1, attributes: { 'db.system': 'redis', 'db.query.text': `set order:${ownerOf(order)} status` } }),
    ...(options.extra ? [span('4', 'DELETE', { parent: '1', kind: 'client', startMs: 3, ms: 1, attributes: { 'db.system': 'redis' } })] : []),
  ];
}

function ownerOf(order: number): string {
  return ['ann', 'bob', 'cyd', 'dee', 'eve'][order - 17] ?? 'zed';
}

/** Hands out one prepared trace per run, in order, and counts the runs. */
class SequenceSource implements TraceSource {
  calls = 0;
  constructor(private readonly traces: readonly Span[][]) {}
  async collect(_traceId: string, options: CollectOptions): Promise<CollectResult> {
    await options.triggerDone.catch(() => undefined);
    const spans = this.traces[Math.min(this.calls, this.traces.length - 1)] ?? [];
    this.calls += 1;
    return { spans: [...spans], complete: true, elapsedMs: 1 };
  }
}

const definition = traceIdTest(TRACE_ID);

const context = inMemoryTestContext;

test('record learns from three runs, verify honours it, and re-recording the same behaviour writes nothing', async () => {
  const store = new InMemorySnapshotStore();
  const recording = new SequenceSource([cart(17, { connect: true }), cart(18), cart(19, { connect: true, ms: 9 })]);
  const recorded = await runTest(definition, context(recording, store, 'all'));
  assert.equal(recording.calls, 3);
  assert.equal(recorded.snapshotAction, 'written');
  assert.equal(recorded.learnedFrom, 3);
  assert.match(recorded.notes?.join('\n') ?? '', /learned from 3 runs: 1 optional span, 1 masked value/);
  const text = (await store.read(SNAPSHOT)) ?? '';
  assert.match(text, /^tbt_snapshot: 2$/m);
  assert.match(text, /span: pg\.connect\n(.*\n){2}\s+count: 0\.\.1\n\s+learned: \{ seen: 2\/3 runs \}/);
  assert.match(text, /db\.query\.text: "set order:\{\*\} status"/);
  assert.match(text, /learned: \{ masked: \{ db\.query\.text: 3 values in 3 runs \} \}/);
  assert.match(text, /span: GET \/cart\n(.*\n){3}\s+duration: 9ms/, 'the slowest run is the duration baseline');

  // A fourth run with its own id and no connect passes; what absorbed its drift is named.
  const later = new SequenceSource([cart(20)]);
  const verified = await runTest(definition, context(later, store, 'none'));
  assert.equal(verified.outcome, 'passed');
  assert.deepEqual(
    verified.findings.map((finding) => [finding.kind, finding.suppressed, finding.learned]),
    [['missing', true, 'seen 2/3 runs'], ['attribute-changed', true, 'masked: 3 values in 3 runs']],
  );
  // The rest of a masked value is still checked.
  const changed = await runTest(definition, context(new SequenceSource([cart(21).map((s) => s.name === 'SET' ? { ...s, attributes: { ...s.attributes, 'db.query.text': 'del order:eve status' } } : s)]), store, 'none'));
  assert.equal(changed.outcome, 'failed');
  assert.match(changed.findings.find((finding) => !finding.suppressed)?.message ?? '', /"set order:\{\*\} status" → "del order:eve status"/);

  // Re-recording unchanged behaviour: one run, it matches, the file is untouched.
  const again = new SequenceSource([cart(22, { connect: true })]);
  const rerecorded = await runTest(definition, context(again, store, 'all'));
  assert.equal(rerecorded.snapshotAction, 'matched');
  assert.equal(again.calls, 1);
  assert.equal(await store.read(SNAPSHOT), text);
});

test('--runs 1 records one run as before; a missing snapshot in local verify is learned too', async () => {
  const store = new InMemorySnapshotStore();
  const one = new SequenceSource([cart(1), cart(2)]);
  await runTest(definition, context(one, store, 'all', { recordRuns: 1 }));
  assert.equal(one.calls, 1);
  assert.match((await store.read(SNAPSHOT)) ?? '', /^tbt_snapshot: 1$/m);
  const local = new InMemorySnapshotStore();
  const runs = new SequenceSource([cart(1), cart(2), cart(3)]);
  const verdict = await runTest(definition, context(runs, local, 'new'));
  assert.equal(verdict.snapshotAction, 'written');
  assert.equal(runs.calls, 3);
});

test('a test slow on durations alone is confirmed by another run and judged on the fastest', async () => {
  const store = new InMemorySnapshotStore();
  await runTest(definition, context(new SequenceSource([cart(1)]), store, 'all', { recordRuns: 1 }));
  const slowThenFast = new SequenceSource([cart(1, { ms: 900 }), cart(1, { ms: 6 })]);
  const confirmed = await runTest(definition, context(slowThenFast, store, 'none'));
  assert.equal(slowThenFast.calls, 2, 'stops at the first run that passes');
  assert.equal(confirmed.outcome, 'passed');
  assert.deepEqual(confirmed.confirm, { runs: 1, passed: true, summary: 'confirmed: 1 more run, fastest passed (the first run was slow, not wrong)' });

  const alwaysSlow = new SequenceSource([cart(1, { ms: 900 }), cart(1, { ms: 700 }), cart(1, { ms: 800 })]);
  const failed = await runTest(definition, context(alwaysSlow, store, 'none'));
  assert.equal(alwaysSlow.calls, 3);
  assert.equal(failed.outcome, 'failed');
  assert.equal(failed.confirm?.summary, 'confirmed: 2 more runs, fastest still failed on durations');
  assert.match(failed.findings.find((finding) => finding.kind === 'duration-exceeded')?.message ?? '', /→ 700ms/, 'judged on the fastest run');

  const off = new SequenceSource([cart(1, { ms: 900 }), cart(1)]);
  const unconfirmed = await runTest(definition, context(off, store, 'none', { confirmRuns: 0 }));
  assert.equal(off.calls, 1);
  assert.equal(unconfirmed.outcome, 'failed');
  assert.equal(unconfirmed.confirm, undefined);
});

test('structural drift is never re-run, even when it is slow too', async () => {
  const store = new InMemorySnapshotStore();
  await runTest(definition, context(new SequenceSource([cart(1)]), store, 'all', { recordRuns: 1 }));
  const drifted = new SequenceSource([cart(1, { ms: 900, extra: true }), cart(1)]);
  const verdict = await runTest(definition, context(drifted, store, 'none'));
  assert.equal(drifted.calls, 1);
  assert.equal(verdict.outcome, 'failed');
  assert.equal(verdict.confirm, undefined);
});

test('a recording whose own spec fails writes nothing and says why, unless forced', async () => {
  const store = new InMemorySnapshotStore();
  const specced: TestDefinition = { ...definition, specs: [{ selector: 'span[name="SET"]', assertions: ['attr:db.system = "postgresql"'] }] };
  const verdict = await runTest(specced, context(new SequenceSource([cart(1)]), store, 'all'));
  assert.equal(verdict.outcome, 'failed');
  assert.equal(verdict.snapshotAction, 'none');
  assert.match(verdict.notRecorded ?? '', /the test's own spec failed \(run 1 of 3\): span\[name="SET"\] attr:db\.system = "postgresql"/);
  assert.equal(await store.read(SNAPSHOT), undefined);
  const forced = await runTest(specced, context(new SequenceSource([cart(1)]), store, 'all', { force: true }));
  assert.equal(forced.snapshotAction, 'written');
  assert.equal(forced.notRecorded, undefined);
});

test('a recording whose trace lacks the server spans of a service that exports writes nothing', async () => {
  // shop calls payments on port 5001; payments exports (its /health span is in the trace) but
  // the spans of this call never came.
  const broken = [
    span('1', 'GET /cart', { ms: 20 }),
    span('2', 'POST', { parent: '1', kind: 'client', startMs: 1, ms: 5, attributes: { 'http.request.method': 'POST', 'server.port': 5001, 'url.full': 'http://127.0.0.1:5001/charge?api_key=SECRET1234567890' } }),
    span('3', 'GET /rates', { parent: '1', kind: 'server', service: 'payments', startMs: 10, ms: 1 }),
  ];
  const store = new InMemorySnapshotStore();
  const startedServices = [{ service: 'payments', port: 5001 }];
  const verdict = await runTest(definition, context(new SequenceSource([broken]), store, 'all', { startedServices }));
  assert.equal(verdict.outcome, 'failed');
  assert.match(verdict.notRecorded ?? '', /the trace looks incomplete \(run 1 of 3\): shop › POST called port 5001, whose service exports spans, and no server span arrived below it/);
  assert.equal(await store.read(SNAPSHOT), undefined);
  // A third party (a port no exporting service has) is no sign of an incomplete trace.
  const thirdParty = broken.map((s) => (s.spanId.endsWith('2') ? { ...s, attributes: { 'http.request.method': 'POST', 'server.port': 443 } } : s));
  const fine = await runTest(definition, context(new SequenceSource([thirdParty]), store, 'all', { startedServices }));
  assert.equal(fine.snapshotAction, 'written');
  assert.equal(fine.pendingFile, undefined);
});

test('a drifted local verify leaves a pending tree learned from several runs, ready to accept', async () => {
  const store = new InMemorySnapshotStore();
  await runTest(definition, context(new SequenceSource([cart(1)]), store, 'all', { recordRuns: 1 }));
  const drifted = new SequenceSource([cart(1, { extra: true }), cart(1, { extra: true, connect: true }), cart(1, { extra: true })]);
  const verdict = await runTest(definition, context(drifted, store, 'new'));
  assert.equal(verdict.outcome, 'failed');
  assert.equal(verdict.snapshotAction, 'pending');
  // The runner names the pending file once, on the verdict; reporters and the summary read it there.
  assert.equal(verdict.pendingFile, 'snapshots/cart.trace.new.yaml');
  assert.equal(verdict.learnedFrom, 3);
  assert.equal(drifted.calls, 3);
  const pending = (await store.read('/project/snapshots/cart.trace.new.yaml')) ?? '';
  assert.match(pending, /span: DELETE/);
  assert.match(pending, /learned: \{ seen: 1\/3 runs \}/);
});

test('verify -u writes a run whose specs fail (they still fail the test), never an incomplete one', async () => {
  const store = new InMemorySnapshotStore();
  const specced: TestDefinition = { ...definition, specs: [{ selector: 'span[name="SET"]', assertions: ['attr:db.system = "postgresql"'] }] };
  const verdict = await runTest(specced, context(new SequenceSource([cart(1)]), store, 'all', { writeDespiteFailedSpecs: true }));
  assert.equal(verdict.outcome, 'failed');
  assert.equal(verdict.snapshotAction, 'written');
});

test('a rewrite keeps a golden duration unless every run was slower: one slow run is load', async () => {
  const store = new InMemorySnapshotStore();
  await runTest(definition, context(new SequenceSource([cart(1, { ms: 5 })]), store, 'all', { recordRuns: 1 }));
  const runs = new SequenceSource([cart(1, { extra: true, ms: 6 }), cart(1, { extra: true, ms: 900 }), cart(1, { extra: true, ms: 7 })]);
  const verdict = await runTest(definition, context(runs, store, 'all'));
  assert.equal(verdict.snapshotAction, 'updated');
  const text = (await store.read(SNAPSHOT)) ?? '';
  assert.match(text, /span: GET \/cart\n(.*\n){3}\s+duration: 5ms/, 'the root keeps its golden duration');
  assert.match(text, /span: DELETE/);
  const slower = new SequenceSource([cart(1, { extra: true, ms: 600 }), cart(1, { extra: true, ms: 900 }), cart(1, { extra: true, ms: 700 })]);
  await runTest(definition, context(slower, store, 'all', { force: true }));
  assert.match((await store.read(SNAPSHOT)) ?? '', /span: GET \/cart\n(.*\n){3}\s+duration: 900ms/, 'slower in every run: the slowest is the new baseline');
});

test('a re-record whose first run was slow, and whose runs only marked siblings concurrent, keeps the golden file byte for byte', async () => {
  const store = new InMemorySnapshotStore();
  // SET, then DELETE: sequential in the golden run.
  const request = (options: { rootMs: number; deleteAtMs: number }): Span[] => [
    span('1', 'GET /cart', { ms: options.rootMs, attributes: { 'http.route': '/cart' } }),
    span('3', 'SET', { parent: '1', kind: 'client', startMs: 1, ms: 0.4, attributes: { 'db.system': 'redis' } }),
    span('4', 'DELETE', { parent: '1', kind: 'client', startMs: options.deleteAtMs, ms: 0.4, attributes: { 'db.system': 'redis' } }),
  ];
  await runTest(definition, context(new SequenceSource([request({ rootMs: 5, deleteAtMs: 3 })]), store, 'all', { recordRuns: 1 }));
  const golden = (await store.read(SNAPSHOT)) ?? '';
  assert.doesNotMatch(golden, /concurrent: true/);

  // A busy machine: the first run is slow past tolerance, the others are not, and in one of them
  // the two calls start in the same millisecond (their order could not be told).
  const busy = new SequenceSource([request({ rootMs: 900, deleteAtMs: 3 }), request({ rootMs: 5, deleteAtMs: 1 }), request({ rootMs: 6, deleteAtMs: 3 })]);
  const rerecorded = await runTest(definition, context(busy, store, 'all'));
  assert.equal(busy.calls, 3, 'the drift of the first run made it learn from three runs');
  assert.equal(rerecorded.snapshotAction, 'matched');
  assert.equal(rerecorded.learnedFrom, undefined);
  assert.match(rerecorded.notes?.join('\n') ?? '', /kept as it was: what drifted in the first run did not hold in every run/);
  assert.equal(await store.read(SNAPSHOT), golden, 'the golden file is untouched');

  // A drift that holds in every run is still written, concurrency marks and all.
  const changed = new SequenceSource([1, 2, 3].map(() => request({ rootMs: 5, deleteAtMs: 1 }).map((s) => (s.name === 'DELETE' ? { ...s, attributes: { ...s.attributes, 'db.operation.name': 'DEL' } } : s))));
  const rewritten = await runTest(definition, context(changed, store, 'all'));
  assert.equal(rewritten.snapshotAction, 'updated');
  assert.match((await store.read(SNAPSHOT)) ?? '', /db\.operation\.name: DEL/);
});
