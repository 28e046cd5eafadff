// Groups decoded spans into traces and notes what a person should know about each trace's shape
// (missing parents, clock skew, duplicates). It repairs nothing but exact duplicate copies.
import type { Span, Trace } from '../model/index.ts';

const LISTED = 5;

function ms(nanos: bigint): string {
  return nanos < 1_000_000n ? `${(Number(nanos) / 1e3).toFixed(0)} µs` : `${(Number(nanos) / 1e6).toFixed(1)} ms`;
}

function label(span: Span): string {
  return `'${span.name}' (${span.service}, ${span.spanId})`;
}

function listed(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.service === b.service && a.name === b.name && a.parentSpanId === b.parentSpanId &&
    a.startTimeUnixNano === b.startTimeUnixNano && a.endTimeUnixNano === b.endTimeUnixNano;
}

/** Drops exact repeats (an exporter that retried a batch), and names ids that truly collide. */
function dedupe(spans: readonly Span[], warnings: string[]): Span[] {
  const byId = new Map<string, Span[]>();
  const kept: Span[] = [];
  let repeats = 0;
  const collisions: string[] = [];
  for (const span of spans) {
    const same = byId.get(span.spanId);
    if (same === undefined) {
      byId.set(span.spanId, [span]);
    } else if (same.some((other) => sameSpan(other, span))) {
      repeats++;
      continue;
    } else {
      if (same.length === 1) collisions.push(span.spanId);
      same.push(span);
    }
    kept.push(span);
  }
  if (repeats > 0) warnings.push(`dropped ${repeats} repeated cop${repeats === 1 ? 'y' : 'ies'} of spans that arrived twice (an exporter retry)`);
  if (collisions.length > 0) {
    warnings.push(`${collisions.length} span id(s) are shared by different spans: ${listed(collisions)}; parent links to them are ambiguous`);
  }
  return kept;
}

/** The structural warnings of one trace's spans, in a fixed order. */
function inspect(spans: readonly Span[], warnings: string[]): void {
  const byId = new Map<string, Span>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);

  const absentParents = new Map<string, number>();
  const skewed: { span: Span; parent: Span; by: bigint }[] = [];
  let backwards = 0;
  let roots = 0;
  for (const span of spans) {
    if (span.endTimeUnixNano < span.startTimeUnixNano) backwards++;
    if (span.parentSpanId === undefined) {
      roots++;
      continue;
    }
    const parent = byId.get(span.parentSpanId);
    if (parent === undefined) {
      absentParents.set(span.parentSpanId, (absentParents.get(span.parentSpanId) ?? 0) + 1);
    } else if (span.startTimeUnixNano < parent.startTimeUnixNano) {
      skewed.push({ span, parent, by: parent.startTimeUnixNano - span.startTimeUnixNano });
    }
  }
  if (absentParents.size > 0) {
    const orphans = [...absentParents.values()].reduce((a, b) => a + b, 0);
    warnings.push(
      `missing parent: ${orphans} span(s) point to ${absentParents.size} parent(s) absent from the trace: ` +
        `${listed([...absentParents.keys()])}; they are kept as extra roots`,
    );
  } else if (roots === 0 && spans.length > 0) {
    warnings.push('no root span: every span has a parent inside the trace, so parent links form a cycle');
  }
  if (skewed.length > 0) {
    const worst = skewed.reduce((a, b) => (b.by > a.by ? b : a));
    warnings.push(
      `clock skew: ${skewed.length} span(s) start before their parent; the largest gap is ${ms(worst.by)} ` +
        `(${label(worst.span)} under ${label(worst.parent)}). Times are kept as recorded`,
    );
  }
  if (backwards > 0) warnings.push(`${backwards} span(s) end before they start`);
}

/**
 * Groups spans by trace id, in order of first arrival, keeping arrival order within a trace.
 * `warnings` carries what a decoder already noticed, per trace id; they come first.
 */
export function groupSpansIntoTraces(spans: readonly Span[], warnings?: ReadonlyMap<string, readonly string[]>): Trace[] {
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list === undefined) byTrace.set(span.traceId, [span]);
    else list.push(span);
  }
  const traces: Trace[] = [];
  for (const [traceId, traceSpans] of byTrace) {
    const notes = [...(warnings?.get(traceId) ?? [])];
    const kept = dedupe(traceSpans, notes);
    inspect(kept, notes);
    traces.push({ traceId, spans: kept, warnings: notes });
  }
  return traces;
}
