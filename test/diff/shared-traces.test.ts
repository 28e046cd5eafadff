// Diff on real third-party traces (../shared/traces): a trace against itself re-ingested with new
// ids, shifted clocks and shuffled arrival has no drift, and losing one leaf span is one finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diffTrees, DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import type { CanonicalTree, Span, Trace } from '../../src/model/index.ts';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { brief } from './trees.ts';

const FILES = [
  'jaeger-skill-fixtures/n_plus_one_full_serial.json',
  'jaeger-skill-fixtures/error_timeout_masked.json',
  'jaeger-ui/hotrod-getTrace-response.otlp.json',
  'jaeger-ui/petclinic-owners.jaeger.json',
  'otel-proto/trace.json',
];

function load(file: string): Trace {
  const { traces } = decodeTraceFile(readFileSync(sharedTrace(file)), file);
  const [largest] = [...traces].sort((a, b) => b.spans.length - a.spans.length);
  assert.ok(largest, `${file} holds a trace`);
  return largest;
}

function canonical(trace: Trace): CanonicalTree {
  return canonicalize(buildSpanTree(trace), DEFAULT_NORMALIZE_RULES);
}

/** The same spans as another run would send them: fresh ids, a later clock, reversed arrival. */
function rerun(trace: Trace): Trace {
  const fresh = new Map<string, string>();
  const idOf = (id: string): string => {
    let next = fresh.get(id);
    if (next === undefined) {
      next = (0xabc000 + fresh.size).toString(16).padStart(16, '0');
      fresh.set(id, next);
    }
    return next;
  };
  const shift = 3_600_000_000_000n;
  const spans: Span[] = trace.spans.map((span) => ({
    ...span,
    traceId: 'f'.repeat(32),
    spanId: idOf(span.spanId),
    ...(span.parentSpanId === undefined ? {} : { parentSpanId: idOf(span.parentSpanId) }),
    startTimeUnixNano: span.startTimeUnixNano + shift,
    endTimeUnixNano: span.endTimeUnixNano + shift,
    events: span.events.map((event) => ({ ...event, timeUnixNano: event.timeUnixNano + shift })),
  }));
  return { traceId: 'f'.repeat(32), spans: spans.reverse(), warnings: trace.warnings };
}

function depthOf(trace: Trace, span: Span): number {
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  let depth = 1;
  // A parent that never arrived makes its child an extra root.
  for (let parent = byId.get(span.parentSpanId ?? ''); parent !== undefined; parent = byId.get(parent.parentSpanId ?? '')) depth++;
  return depth;
}

test('a real trace re-run with new ids, clocks and arrival order has no drift', { skip: skipWithoutSharedTraces }, () => {
  for (const file of FILES) {
    const trace = load(file);
    const findings = diffTrees(canonical(trace), canonical(rerun(trace)), { tolerances: DEFAULT_TOLERANCES });
    assert.deepStrictEqual(brief(findings), [], file);
  }
});

test('losing one leaf span of a real trace is exactly one finding, at that span', { skip: skipWithoutSharedTraces }, () => {
  for (const file of FILES) {
    const trace = load(file);
    const parents = new Set(trace.spans.map((span) => span.parentSpanId));
    const leaf = trace.spans.find((span) => !parents.has(span.spanId) && span.parentSpanId !== undefined);
    if (leaf === undefined) continue;
    const lost = { ...trace, spans: trace.spans.filter((span) => span !== leaf) };
    const findings = diffTrees(canonical(trace), canonical(lost), { tolerances: DEFAULT_TOLERANCES });
    assert.equal(findings.length, 1, `${file}: ${brief(findings).join('; ')}`);
    const [finding] = findings;
    assert.ok(finding?.kind === 'missing' || finding?.kind === 'count-changed', `${file}: ${finding?.kind}`);
    assert.equal(finding?.path.at(-1)?.service, leaf.service, file);
    assert.equal(finding?.path.length, depthOf(trace, leaf), file);
  }
});
