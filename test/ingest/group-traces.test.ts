// Grouping spans into traces, and the warnings that tell a person about a trace's odd shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { groupSpansIntoTraces } from '../../src/ingest/index.ts';
import type { Span } from '../../src/model/index.ts';
import { makeSpan } from '../support/span.ts';

function span(fields: Partial<Span> & { spanId: string }): Span {
  return makeSpan({ traceId: 'a'.repeat(32), name: fields.spanId, startTimeUnixNano: 1000n, endTimeUnixNano: 2000n, resource: {}, scope: { name: '', attributes: {} }, ...fields });
}

test('spans group by trace id in first-arrival order, keeping arrival order inside a trace', () => {
  const t2 = 'b'.repeat(32);
  const traces = groupSpansIntoTraces([
    span({ spanId: '1' }), span({ spanId: '2', traceId: t2 }), span({ spanId: '3', parentSpanId: '1' }),
  ]);
  assert.deepEqual(traces.map((t) => [t.traceId, t.spans.map((s) => s.spanId), t.warnings]), [
    ['a'.repeat(32), ['1', '3'], []],
    [t2, ['2'], []],
  ]);
});

test('a decoder\'s own warnings come first', () => {
  const [trace] = groupSpansIntoTraces([span({ spanId: '1' })], new Map([['a'.repeat(32), ['from the decoder']]]));
  assert.deepEqual(trace?.warnings, ['from the decoder']);
});

test('missing parents, clock skew and backwards spans each produce a warning', () => {
  const [trace] = groupSpansIntoTraces([
    span({ spanId: 'root', startTimeUnixNano: 10_000_000n, endTimeUnixNano: 90_000_000n }),
    span({ spanId: 'early', parentSpanId: 'root', service: 'other', startTimeUnixNano: 5_000_000n, endTimeUnixNano: 9_000_000n }),
    span({ spanId: 'orphan1', parentSpanId: 'gone' }),
    span({ spanId: 'orphan2', parentSpanId: 'gone' }),
    span({ spanId: 'reversed', parentSpanId: 'root', startTimeUnixNano: 20_000_000n, endTimeUnixNano: 19_000_000n }),
  ]);
  const warnings = trace?.warnings ?? [];
  assert.equal(warnings.length, 3);
  assert.match(warnings[0] ?? '', /^missing parent: 2 span\(s\) point to 1 parent\(s\).*gone/);
  assert.match(warnings[1] ?? '', /^clock skew: 1 span\(s\).*5ms.*'early' \(other, early\)/);
  assert.match(warnings[2] ?? '', /1 span\(s\) end before they start/);
  assert.equal(trace?.spans.length, 5, 'nothing is dropped or re-parented');
});

test('an exact repeat (exporter retry) is dropped with a warning; a true id collision is kept', () => {
  const [trace] = groupSpansIntoTraces([
    span({ spanId: 'x' }), span({ spanId: 'x' }), span({ spanId: 'x', name: 'other' }),
  ]);
  assert.deepEqual(trace?.spans.map((s) => s.name), ['x', 'other']);
  assert.equal(trace?.warnings.length, 2);
  assert.match(trace?.warnings[0] ?? '', /dropped 1 repeated copy/);
  assert.match(trace?.warnings[1] ?? '', /1 span id\(s\) are shared/);
});

test('parent links that form a cycle are named', () => {
  const [trace] = groupSpansIntoTraces([span({ spanId: 'p', parentSpanId: 'q' }), span({ spanId: 'q', parentSpanId: 'p' })]);
  assert.match(trace?.warnings[0] ?? '', /no root span/);
});

test('clock skew is counted and its largest gap found as exact bigint comparisons would, also for starts more than 2^53 ns apart', () => {
  const starts = fc.oneof(fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_700_000_000_000_000_100n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
  const id = fc.integer({ min: 1, max: 8 }).map((n) => n.toString(16).padStart(16, '0'));
  const spec = fc.record({ spanId: id, parent: fc.option(id, { nil: undefined }), start: starts });
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 12 }), fc.boolean(), (specs, wide) => {
      const spans = specs.map((s, i) => span({
        spanId: s.spanId, name: `n${i}`, startTimeUnixNano: wide ? s.start : s.start % 1000n, endTimeUnixNano: 2n ** 64n, ...(s.parent === undefined ? {} : { parentSpanId: s.parent }),
      }));
      const [trace] = groupSpansIntoTraces(spans);
      const kept = trace?.spans ?? [];
      // The rule, spelled out: the parent is the first kept span with the parent id.
      let skewed = 0;
      let worst: { child: Span; parent: Span; by: bigint } | undefined;
      for (const child of kept) {
        const parent = kept.find((other) => other.spanId === child.parentSpanId);
        if (parent === undefined || child.startTimeUnixNano >= parent.startTimeUnixNano) continue;
        skewed++;
        const by = parent.startTimeUnixNano - child.startTimeUnixNano;
        if (worst === undefined || by > worst.by) worst = { child, parent, by };
      }
      const warning = trace?.warnings.find((w) => w.startsWith('clock skew'));
      if (worst === undefined) {
        assert.equal(warning, undefined);
      } else {
        assert.match(warning ?? '', new RegExp(`^clock skew: ${skewed} span\\(s\\)`));
        assert.ok(warning?.includes(`('${worst.child.name}' (svc, ${worst.child.spanId}) under '${worst.parent.name}' (svc, ${worst.parent.spanId}))`), warning);
      }
    }),
    { numRuns: 1000 },
  );
});
