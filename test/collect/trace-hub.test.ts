// The hub's routing: spans go only to the collect call of their trace, early spans are buffered
// (within bounds), late ones are reported, and a bad batch never throws out of accept.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { TraceHub, type CollectDiagnostic } from '../../src/collect/index.ts';
import { makeSpan } from '../support/span.ts';

const T1 = '11111111111111111111111111111111';
const T2 = '22222222222222222222222222222222';
const ROOT = 'f000000000000001';

function span(traceId: string, spanId: string, parentSpanId?: string): Span {
  return makeSpan({ traceId, spanId, parentSpanId, kind: 'server', startTimeUnixNano: 1n, endTimeUnixNano: 2n, resource: {} });
}

const fast = { rootSpanId: ROOT, triggerDone: Promise.resolve(), settleMs: 30, timeoutMs: 2000 } as const;

describe('TraceHub routing', () => {
  it('keeps spans that arrive before anyone waits, and hands them to the collector', async () => {
    const hub = new TraceHub();
    hub.accept([span(T1, 'a', ROOT), span(T1, 'b', 'a')]);
    assert.equal(hub.pendingTraceCount, 1);
    const result = await hub.collect(T1, fast);
    assert.equal(hub.pendingTraceCount, 0);
    assert.equal(result.complete, true);
    assert.deepEqual(result.spans.map((s) => s.spanId), ['a', 'b']);
  });

  it('matches trace ids case-insensitively', async () => {
    const hub = new TraceHub();
    hub.accept([span(T1.replace(/1/g, 'A'), 'a', ROOT)]);
    const result = await hub.collect(T1.replace(/1/g, 'a'), fast);
    assert.equal(result.spans.length, 1);
  });

  it('collects two traces in parallel without crosstalk', async () => {
    const hub = new TraceHub();
    const first = hub.collect(T1, fast);
    const second = hub.collect(T2, fast);
    // One batch mixing both traces, as a collector or a shared exporter sends them.
    hub.accept([span(T1, 'a1', ROOT), span(T2, 'a2', ROOT), span(T1, 'b1', 'a1'), span(T2, 'b2', 'a2')]);
    hub.accept([span(T2, 'c2', 'b2')]);
    const [r1, r2] = await Promise.all([first, second]);
    assert.deepEqual(r1.spans.map((s) => s.spanId), ['a1', 'b1']);
    assert.deepEqual(r2.spans.map((s) => s.spanId), ['a2', 'b2', 'c2']);
    assert.ok(r1.spans.every((s) => s.traceId === T1));
    assert.ok(r2.spans.every((s) => s.traceId === T2));
  });

  it('ignores a re-sent span', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(T1, fast);
    hub.accept([span(T1, 'a', ROOT)]);
    hub.accept([span(T1, 'a', ROOT)]);
    const result = await pending;
    assert.equal(result.spans.length, 1);
  });

  it('rejects a second collect of the same trace while the first waits', async () => {
    const hub = new TraceHub();
    const first = hub.collect(T1, fast);
    await assert.rejects(hub.collect(T1, fast), (error: unknown) => error instanceof TbtError && error.kind === 'usage');
    hub.accept([span(T1, 'a', ROOT)]);
    assert.equal((await first).complete, true);
    // Once the first ended, the trace can be collected again.
    const again = hub.collect(T1, { ...fast, timeoutMs: 60 });
    assert.equal((await again).complete, false);
  });

  it('reports and drops spans that arrive after their collection ended', async () => {
    const diagnostics: CollectDiagnostic[] = [];
    const hub = new TraceHub({ onDiagnostic: (d) => diagnostics.push(d) });
    const pending = hub.collect(T1, fast);
    hub.accept([span(T1, 'a', ROOT)]);
    await pending;
    hub.accept([span(T1, 'late', 'a')]);
    assert.equal(hub.pendingTraceCount, 0);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.source, 'trace-hub');
    assert.match(diagnostics[0]?.message ?? '', new RegExp(`1 span\\(s\\) of trace ${T1} arrived after`));
  });

  it('never throws out of accept, even on a malformed span', () => {
    const diagnostics: CollectDiagnostic[] = [];
    const hub = new TraceHub({ onDiagnostic: (d) => diagnostics.push(d) });
    const broken = { spanId: 'x' } as unknown as Span;
    assert.doesNotThrow(() => hub.accept([broken]));
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]?.message ?? '', /dropped a batch of 1 spans/);
  });

  it('survives a throwing diagnostic listener and onProgress', async () => {
    const hub = new TraceHub({
      onDiagnostic: () => {
        throw new Error('listener bug');
      },
    });
    const pending = hub.collect(T1, {
      ...fast,
      onProgress: () => {
        throw new Error('progress bug');
      },
    });
    assert.doesNotThrow(() => hub.accept([span(T1, 'a', ROOT)]));
    assert.equal((await pending).complete, true);
  });
});

describe('TraceHub buffer bounds', () => {
  it('drops unclaimed traces after the TTL, checked on the next accept', async () => {
    let now = 0;
    const diagnostics: string[] = [];
    const hub = new TraceHub({ pendingTtlMs: 1000, now: () => now, onDiagnostic: (d) => diagnostics.push(d.message) });
    hub.accept([span(T1, 'a', ROOT)]);
    now = 500;
    hub.accept([span(T2, 'b', ROOT)]);
    assert.equal(hub.pendingTraceCount, 2);
    now = 1200;
    hub.accept([]);
    assert.equal(hub.pendingTraceCount, 1);
    assert.match(diagnostics[0] ?? '', new RegExp(`trace ${T1}: nobody collected it within 1000ms`));
    const survivor = await hub.collect(T2, fast);
    assert.equal(survivor.spans.length, 1);
  });

  it('drops the oldest unclaimed trace when over the trace or span cap', () => {
    const diagnostics: string[] = [];
    const hub = new TraceHub({ maxPendingTraces: 2, maxPendingSpans: 3, onDiagnostic: (d) => diagnostics.push(d.message) });
    const ids = ['a', 'b', 'c'].map((c) => c.repeat(32));
    for (const id of ids) hub.accept([span(id, 's1')]);
    assert.equal(hub.pendingTraceCount, 2);
    assert.match(diagnostics[0] ?? '', new RegExp(`trace ${ids[0]}: too many unclaimed spans`));
    hub.accept([span(ids[2] ?? '', 's2'), span(ids[2] ?? '', 's3')]);
    // Four spans exceed the cap of three: the oldest trace (b…) goes.
    assert.equal(hub.pendingTraceCount, 1);
    assert.match(diagnostics[1] ?? '', new RegExp(`trace ${ids[1]}`));
  });
});
