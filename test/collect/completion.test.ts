// Trace completion: the pure assessment, and the settle/timeout/shape rules of a hub's collect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Span } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { TraceHub } from '../../src/collect/index.ts';
import { assessCompleteness } from '../../src/collect/assess-completeness.ts';
import { makeSpan } from '../support/span.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const ROOT = 'f000000000000001';

function span(spanId: string, parentSpanId?: string, name = `op ${spanId}`, traceId = TRACE): Span {
  return makeSpan({ traceId, spanId, parentSpanId, name, startTimeUnixNano: 1n, endTimeUnixNano: 2n });
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs `fn` after `ms`: this simulates a span arriving later, it is not a wait. */
function later(ms: number, fn: () => void): void {
  setTimeout(fn, ms);
}

describe('assessCompleteness', () => {
  it('accepts a tree under tbt’s root span and true roots', () => {
    const result = assessCompleteness([span('a', ROOT), span('b', 'a'), span('c', 'b'), span('r')], ROOT);
    assert.equal(result.complete, true);
    assert.equal(result.spanCount, 4);
    assert.equal(result.topSpanCount, 2);
    assert.equal(result.orphanCount, 0);
    assert.equal(result.problem, undefined);
  });

  it('names missing parents and the spans waiting for them', () => {
    const result = assessCompleteness(
      [span('a', ROOT), span('b', 'x', 'SELECT stock'), span('c', 'x'), span('d', 'y', 'publish')],
      ROOT,
    );
    assert.equal(result.complete, false);
    assert.equal(result.orphanCount, 3);
    assert.deepEqual(
      result.missingParents.map((m) => [m.parentSpanId, m.waiting.map((s) => s.spanId)]),
      [['x', ['b', 'c']], ['y', ['d']]],
    );
    assert.match(result.problem ?? '', /^3 spans still wait for parent\(s\) x, y \(e\.g\. 'SELECT stock' in svc, 'publish' in svc\)$/);
  });

  it('treats the root span id as an orphan parent when no root id is given', () => {
    const result = assessCompleteness([span('a', ROOT)]);
    assert.equal(result.complete, false);
    assert.equal(result.missingParents[0]?.parentSpanId, ROOT);
  });

  it('is incomplete without spans, and for a parent cycle', () => {
    assert.equal(assessCompleteness([], ROOT).problem, 'no spans arrived');
    const cycle = assessCompleteness([span('a', 'b'), span('b', 'a')], ROOT);
    assert.equal(cycle.complete, false);
    assert.match(cycle.problem ?? '', /cycle/);
  });

  it('counts a repeated span id once', () => {
    const result = assessCompleteness([span('a', ROOT), span('a', ROOT)], ROOT);
    assert.equal(result.spanCount, 1);
    assert.equal(result.complete, true);
  });
});

describe('TraceHub.collect completion', () => {
  it('completes once the trigger answered, nothing is orphaned and the settle window passed', async () => {
    const hub = new TraceHub();
    const trigger = deferred();
    const progress: number[] = [];
    const pending = hub.collect(TRACE, {
      rootSpanId: ROOT,
      triggerDone: trigger.promise,
      settleMs: 30,
      timeoutMs: 2000,
      onProgress: (n) => progress.push(n),
    });
    hub.accept([span('b', 'a'), span('c', 'b')]);
    hub.accept([span('a', ROOT)]);
    trigger.resolve();
    const result = await pending;
    assert.equal(result.complete, true);
    assert.equal(result.problem, undefined);
    assert.deepEqual(result.spans.map((s) => s.spanId), ['b', 'c', 'a']);
    assert.deepEqual(progress, [2, 3]);
    assert.ok(result.elapsedMs >= 28, `elapsed ${result.elapsedMs}`);
  });

  it('does not decide before the trigger answers', async () => {
    const hub = new TraceHub();
    const trigger = deferred();
    const pending = hub.collect(TRACE, { rootSpanId: ROOT, triggerDone: trigger.promise, settleMs: 20, timeoutMs: 2000 });
    hub.accept([span('a', ROOT)]);
    // The trigger answers well after a settle window; a span exported meanwhile must be kept.
    later(100, () => hub.accept([span('b', 'a')]));
    later(120, () => trigger.resolve());
    const result = await pending;
    assert.equal(result.complete, true);
    assert.deepEqual(result.spans.map((s) => s.spanId), ['a', 'b']);
  });

  it('counts a rejected trigger as answered', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(TRACE, {
      rootSpanId: ROOT,
      triggerDone: Promise.reject(new Error('connection refused')),
      settleMs: 20,
      timeoutMs: 2000,
    });
    hub.accept([span('a', ROOT)]);
    const result = await pending;
    assert.equal(result.complete, true);
  });

  it('keeps waiting past the settle window while a span is orphaned', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(TRACE, { rootSpanId: ROOT, triggerDone: Promise.resolve(), settleMs: 20, timeoutMs: 3000 });
    hub.accept([span('child', 'parent')]);
    later(150, () => hub.accept([span('parent', ROOT)]));
    const result = await pending;
    assert.equal(result.complete, true);
    assert.deepEqual(result.spans.map((s) => s.spanId), ['child', 'parent']);
    assert.ok(result.elapsedMs >= 150, `elapsed ${result.elapsedMs}`);
  });

  it('times out naming the trace when no span arrives', async () => {
    const hub = new TraceHub();
    const result = await hub.collect(TRACE, { rootSpanId: ROOT, triggerDone: Promise.resolve(), settleMs: 30, timeoutMs: 200 });
    assert.equal(result.complete, false);
    assert.deepEqual(result.spans, []);
    assert.equal(result.problem, `no spans arrived for trace ${TRACE} within 200ms`);
    assert.ok(result.elapsedMs >= 195, `elapsed ${result.elapsedMs}`);
  });

  it('times out naming the missing parents', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(TRACE, { rootSpanId: ROOT, triggerDone: Promise.resolve(), settleMs: 30, timeoutMs: 200 });
    hub.accept([span('a', ROOT), span('b', 'gone1', 'SELECT stock'), span('c', 'gone2')]);
    const result = await pending;
    assert.equal(result.complete, false);
    assert.equal(result.spans.length, 3);
    assert.match(result.problem ?? '', /^2 spans still wait for parent\(s\) gone1, gone2 \(e\.g\. 'SELECT stock' in svc/);
  });

  it('times out saying the trigger never answered', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(TRACE, { rootSpanId: ROOT, triggerDone: new Promise(() => {}), settleMs: 10, timeoutMs: 150 });
    hub.accept([span('a', ROOT)]);
    const result = await pending;
    assert.equal(result.complete, false);
    assert.match(result.problem ?? '', /trigger did not answer within 150ms/);
  });

  it('ends after the short settle once the snapshot shape is reached', async () => {
    const hub = new TraceHub();
    const seen: number[] = [];
    const result = await (() => {
      const pending = hub.collect(TRACE, {
        rootSpanId: ROOT,
        triggerDone: Promise.resolve(),
        settleMs: 5000,
        shapeSettleMs: 10,
        timeoutMs: 8000,
        isShapeReached: (spans) => {
          seen.push(spans.length);
          return spans.length === 2;
        },
      });
      hub.accept([span('a', ROOT), span('b', 'a')]);
      return pending;
    })();
    assert.equal(result.complete, true);
    assert.equal(result.spans.length, 2);
    assert.deepEqual(seen, [2]);
    assert.ok(result.elapsedMs < 5000, `elapsed ${result.elapsedMs}`);
  });

  it('falls back to the full settle window when the shape is not reached', async () => {
    const hub = new TraceHub();
    const pending = hub.collect(TRACE, {
      rootSpanId: ROOT,
      triggerDone: Promise.resolve(),
      settleMs: 80,
      shapeSettleMs: 10,
      timeoutMs: 3000,
      isShapeReached: () => false,
    });
    hub.accept([span('a', ROOT)]);
    const result = await pending;
    assert.equal(result.complete, true);
    assert.ok(result.elapsedMs >= 78, `elapsed ${result.elapsedMs}`);
  });

  it('ends at once, incomplete, when aborted', async () => {
    const hub = new TraceHub();
    const controller = new AbortController();
    const pending = hub.collect(TRACE, { triggerDone: Promise.resolve(), timeoutMs: 5000, signal: controller.signal });
    hub.accept([span('a')]);
    controller.abort();
    const result = await pending;
    assert.equal(result.complete, false);
    assert.equal(result.problem, 'collection was cancelled');
    assert.equal(result.spans.length, 1);
  });

  it('rejects a negative duration as a usage error', async () => {
    const hub = new TraceHub();
    await assert.rejects(hub.collect(TRACE, { triggerDone: Promise.resolve(), settleMs: -1 }), (error: unknown) => {
      assert.ok(error instanceof TbtError);
      assert.equal(error.kind, 'usage');
      return true;
    });
  });
});
