// LiveTraceAssembler: grouping a live span stream into whole traces, with small settle windows.
// Every wait is on the onTrace callback, bounded; ordering between traces proves who waited longer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Span, Trace } from '../../src/model/index.ts';
import type { CollectDiagnostic } from '../../src/collect/index.ts';
import { LiveTraceAssembler, type LiveTraceAssemblerOptions } from '../../src/collect/live-traces.ts';
import { makeSpan } from '../support/span.ts';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const C = 'cccccccccccccccccccccccccccccccc';

function span(traceId: string, spanId: string, parentSpanId?: string): Span {
  return makeSpan({
    traceId,
    spanId: spanId.padStart(16, '0'),
    parentSpanId: parentSpanId?.padStart(16, '0'),
    name: `op ${spanId}`,
    startTimeUnixNano: 1_000n,
    endTimeUnixNano: 2_000n,
  });
}

/** An assembler whose emissions are queued, and awaited one at a time within a bound. */
function harness(options: Partial<LiveTraceAssemblerOptions> = {}) {
  const emitted: Trace[] = [];
  const diagnostics: CollectDiagnostic[] = [];
  let wake: (() => void) | undefined;
  const assembler = new LiveTraceAssembler({
    settleMs: 20,
    maxWaitMs: 2000,
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    ...options,
    onTrace: (trace) => {
      emitted.push(trace);
      wake?.();
      options.onTrace?.(trace);
    },
  });
  let taken = 0;
  async function next(boundMs = 3000): Promise<Trace> {
    if (taken >= emitted.length) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no trace was emitted within ${boundMs} ms`)), boundMs);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      });
    }
    const trace = emitted[taken++];
    assert.ok(trace);
    return trace;
  }
  return { assembler, emitted, diagnostics, next };
}

const ids = (trace: Trace): string[] => trace.spans.map((s) => s.spanId.replace(/^0+/, '')).sort();

test('a whole trace arriving in batches is emitted once, after it settles', async () => {
  const { assembler, emitted, next } = harness();
  assembler.accept([span(A, '2', '1'), span(A, '3', '1')]);
  assembler.accept([span(A, '1')]);
  const trace = await next();
  assert.equal(trace.traceId, A);
  assert.deepEqual(ids(trace), ['1', '2', '3']);
  assert.deepEqual(trace.warnings, []);
  assert.equal(assembler.pendingTraceCount, 0);
  assert.equal(emitted.length, 1);
});

test('interleaved traces are kept apart, and re-sent spans count once', async () => {
  const { assembler, next } = harness();
  assembler.accept([span(A, '1'), span(B, '1'), span(A, '2', '1'), span(B, '2', '1'), span(B, '3', '2')]);
  assembler.accept([span(B, '3', '2')]);
  const traces = [await next(), await next()].sort((x, y) => x.traceId.localeCompare(y.traceId));
  assert.deepEqual(traces.map((t) => [t.traceId, ids(t)]), [
    [A, ['1', '2']],
    [B, ['1', '2', '3']],
  ]);
});

test('a trace with a missing parent waits past the settle window, until the max wait, then says what is missing', async () => {
  const { assembler, next } = harness({ maxWaitMs: 300 });
  // Span 3's parent (2) never arrives; trace B is whole and must come out first.
  assembler.accept([span(A, '1'), span(A, '3', '2')]);
  assembler.accept([span(B, '1'), span(B, '2', '1')]);
  const first = await next();
  assert.equal(first.traceId, B);
  const second = await next();
  assert.equal(second.traceId, A);
  assert.deepEqual(ids(second), ['1', '3']);
  assert.ok(second.warnings.some((w) => /incomplete after 300ms/.test(w) && w.includes('0000000000000002')), String(second.warnings));
});

test('the missing parent arriving before the max wait completes the trace without a warning', async () => {
  const { assembler, next } = harness({ maxWaitMs: 5000 });
  assembler.accept([span(A, '1'), span(A, '3', '2')]);
  assembler.accept([span(B, '1')]);
  assert.equal((await next()).traceId, B);
  assembler.accept([span(A, '2', '1')]);
  const trace = await next();
  assert.equal(trace.traceId, A);
  assert.deepEqual(ids(trace), ['1', '2', '3']);
  assert.deepEqual(trace.warnings, []);
});

test('a trace that hangs from one absent caller span is whole', async () => {
  const { assembler, next } = harness();
  // The caller (say tbt's trigger span, or a browser) is never exported to this receiver.
  assembler.accept([span(A, '2', 'f'), span(A, '3', '2'), span(A, '4', '2')]);
  const trace = await next();
  assert.deepEqual(ids(trace), ['2', '3', '4']);
  assert.ok(!trace.warnings.some((w) => /incomplete/.test(w)));
});

test('a late span reopens an emitted trace, which is emitted again whole; a re-sent one does not', async () => {
  const { assembler, next } = harness();
  assembler.accept([span(A, '1'), span(A, '2', '1')]);
  assert.deepEqual(ids(await next()), ['1', '2']);

  assembler.accept([span(A, '2', '1')]); // an exporter retry: nothing new
  assembler.accept([span(C, '1')]);
  assert.equal((await next()).traceId, C);

  assembler.accept([span(A, '3', '2')]);
  assert.equal(assembler.pendingSpanCount, 3, 'a reopened trace holds its earlier spans again');
  const again = await next();
  assert.equal(again.traceId, A);
  assert.deepEqual(ids(again), ['1', '2', '3']);
  assert.ok(again.warnings.some((w) => /1 span\(s\) arrived after this trace was first reported/.test(w)), String(again.warnings));
});

test('close() emits every pending trace at once, incomplete ones with a warning', () => {
  const { assembler, emitted } = harness({ settleMs: 60_000 });
  assembler.accept([span(A, '1'), span(A, '2', '1')]);
  assembler.accept([span(B, '3', '2'), span(B, '1'), span(B, '1')]);
  assert.equal(assembler.pendingTraceCount, 2);
  assert.equal(assembler.pendingSpanCount, 4, 'the spans held, a re-sent one counted once');
  assembler.close();
  assert.equal(assembler.pendingTraceCount, 0);
  assert.equal(assembler.pendingSpanCount, 0);
  const byId = new Map(emitted.map((t) => [t.traceId, t]));
  assert.deepEqual(byId.get(A)?.warnings, []);
  assert.ok(byId.get(B)?.warnings.some((w) => /incomplete when the receiver stopped/.test(w)));
  assembler.close();
  assert.equal(emitted.length, 2);
});

test('spans after close() are dropped with a diagnostic', () => {
  const { assembler, emitted, diagnostics } = harness();
  assembler.close();
  assembler.accept([span(A, '1')]);
  assert.equal(emitted.length, 0);
  assert.equal(assembler.pendingTraceCount, 0);
  assert.match(diagnostics[0]?.message ?? '', /after the assembler was closed/);
});

test('past maxPendingTraces the oldest trace is emitted early, with a warning', () => {
  const { assembler, emitted } = harness({ settleMs: 60_000, maxPendingTraces: 2 });
  assembler.accept([span(A, '1')]);
  assembler.accept([span(B, '1')]);
  assert.equal(emitted.length, 0);
  assembler.accept([span(C, '1')]);
  assert.equal(emitted.length, 1);
  assert.equal(emitted[0]?.traceId, A);
  assert.ok(emitted[0]?.warnings.some((w) => /more than 2 traces were pending/.test(w)));
  assembler.close();
});

test('an onTrace that throws is reported, and the assembler keeps going', async () => {
  let calls = 0;
  const { assembler, diagnostics, next } = harness({
    onTrace: () => {
      calls++;
      if (calls === 1) throw new Error('printer broke');
    },
  });
  assembler.accept([span(A, '1')]);
  await next();
  assembler.accept([span(B, '1')]);
  assert.equal((await next()).traceId, B);
  assert.match(diagnostics[0]?.message ?? '', /onTrace threw .*printer broke/);
});

test('emitted traces are remembered within a span bound; past it a late span comes out on its own', async () => {
  const { assembler, next } = harness({ rememberEmittedSpans: 2 });
  assembler.accept([span(A, '1'), span(A, '2', '1')]);
  assert.deepEqual(ids(await next()), ['1', '2']);
  assembler.accept([span(A, '3', '1')]);
  assert.deepEqual(ids(await next()), ['1', '2', '3'], 'a remembered trace is reopened whole');
  // Three spans are more than the bound: the trace is not remembered, so its file must keep them.
  assembler.accept([span(B, '1'), span(B, '2', '1'), span(B, '3', '1')]);
  assert.deepEqual(ids(await next()), ['1', '2', '3']);
  assembler.accept([span(B, '4', '1')]);
  assert.deepEqual(ids(await next()), ['4']);
});
