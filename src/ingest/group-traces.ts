// Groups decoded spans into traces and notes what a person should know about each trace's shape
// (missing parents, clock skew, duplicates). It repairs nothing but exact duplicate copies.
import { formatDurationMs } from '../common/index.ts';
import type { Span, Trace } from '../model/index.ts';
import { positionOf, positionOrAdd, spanIdPositions, type SpanIdPositions } from './id-positions.ts';

const LISTED = 5;

/** A gap in nanoseconds in common's one style (`850µs`, `47ms`), as every message writes durations. */
function ms(nanos: bigint): string {
  return formatDurationMs(Number(nanos) / 1e6);
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

/**
 * Drops exact repeats (an exporter that retried a batch), and names ids that truly collide.
 * Fills `firstById` with the position (in the kept list) of the first span of each id, which
 * `inspect` reuses, and `repeatedIds` with the kept spans whose id an earlier one has: one map per trace.
 */
function dedupe(spans: readonly Span[], firstById: SpanIdPositions, repeatedIds: number[], warnings: string[]): Span[] {
  // Most ids are unique: only ids seen twice get a list of their distinct spans.
  let others: Map<string, Span[]> | undefined;
  // Until a span is dropped the kept list is the input's prefix, and positions in both agree.
  let kept: Span[] | undefined;
  let repeats = 0;
  const collisions: string[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const position = kept === undefined ? i : kept.length;
    const firstAt = positionOrAdd(firstById, span.spanId, position);
    if (firstAt === -1) {
      kept?.push(span);
      continue;
    }
    others ??= new Map();
    let same = others.get(span.spanId);
    if (same === undefined) {
      same = [(kept ?? spans)[firstAt] as Span];
      others.set(span.spanId, same);
    }
    if (same.some((other) => sameSpan(other, span))) {
      repeats++;
      // Copy-on-drop: the input list is kept as it is until a span must go.
      kept ??= spans.slice(0, i);
      continue;
    }
    if (same.length === 1) collisions.push(span.spanId);
    same.push(span);
    repeatedIds.push(position);
    kept?.push(span);
  }
  if (repeats > 0) warnings.push(`dropped ${repeats} repeated cop${repeats === 1 ? 'y' : 'ies'} of spans that arrived twice (an exporter retry)`);
  if (collisions.length > 0) {
    warnings.push(`${collisions.length} span id(s) are shared by different spans: ${listed(collisions)}; parent links to them are ambiguous`);
  }
  return kept ?? (spans as Span[]);
}

/**
 * The structural warnings of one trace's spans, in a fixed order; `byId` holds each id's first
 * position. Returns each span's parent position (-1 for none), which the span tree reuses.
 */
function inspect(spans: readonly Span[], byId: SpanIdPositions, warnings: string[]): Int32Array {
  const parentIndex = new Int32Array(spans.length).fill(-1);
  let absentParents: Map<string, number> | undefined;
  let skewed = 0;
  let worst: { span: Span; parent: Span; by: bigint } | undefined;
  let backwards = 0;
  let roots = 0;
  // Start times after the first span's, as doubles, read in one pass in span order: a child then
  // compares with its parent's start in this array instead of loading the parent span and its
  // bigint from wherever they lie (two cache misses a span). Exact below 2^53 ns (104 days);
  // otherwise the bigints are compared, as before.
  const base = spans[0]?.startTimeUnixNano ?? 0n;
  const starts = new Float64Array(spans.length);
  let exactStarts = true;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const start = Number(span.startTimeUnixNano - base);
    starts[i] = start;
    if (Math.abs(start) > Number.MAX_SAFE_INTEGER) exactStarts = false;
    if (span.endTimeUnixNano < span.startTimeUnixNano) backwards++;
  }
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    if (span.parentSpanId === undefined) {
      roots++;
      continue;
    }
    const parentAt = positionOf(byId, span.parentSpanId);
    if (parentAt === -1) {
      absentParents ??= new Map();
      absentParents.set(span.parentSpanId, (absentParents.get(span.parentSpanId) ?? 0) + 1);
      continue;
    }
    parentIndex[i] = parentAt;
    const startsFirst = exactStarts
      ? (starts[i] as number) < (starts[parentAt] as number)
      : span.startTimeUnixNano < (spans[parentAt] as Span).startTimeUnixNano;
    if (!startsFirst) continue;
    const parent = spans[parentAt] as Span;
    skewed++;
    const by = parent.startTimeUnixNano - span.startTimeUnixNano;
    // The first of the largest gaps, as a reduce over all skewed spans would keep.
    if (worst === undefined || by > worst.by) worst = { span, parent, by };
  }
  if (absentParents !== undefined) {
    const orphans = [...absentParents.values()].reduce((a, b) => a + b, 0);
    warnings.push(
      `missing parent: ${orphans} span(s) point to ${absentParents.size} parent(s) absent from the trace: ` +
        `${listed([...absentParents.keys()])}; they are kept as extra roots`,
    );
  } else if (roots === 0 && spans.length > 0) {
    warnings.push('no root span: every span has a parent inside the trace, so parent links form a cycle');
  }
  if (worst !== undefined) {
    warnings.push(
      `clock skew: ${skewed} span(s) start before their parent; the largest gap is ${ms(worst.by)} ` +
        `(${label(worst.span)} under ${label(worst.parent)}). Times are kept as recorded`,
    );
  }
  if (backwards > 0) warnings.push(`${backwards} span(s) end before they start`);
  return parentIndex;
}

/**
 * Groups spans by trace id, in order of first arrival, keeping arrival order within a trace.
 * `warnings` carries what a decoder already noticed, per trace id; they come first.
 */
export function groupSpansIntoTraces(spans: readonly Span[], warnings?: ReadonlyMap<string, readonly string[]>): Trace[] {
  const byTrace = new Map<string, Span[]>();
  // Spans of one trace mostly arrive together: the previous list is checked before the map.
  let lastId: string | undefined;
  let lastList: Span[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    if (span.traceId !== lastId) {
      lastId = span.traceId;
      const list = byTrace.get(lastId);
      if (list === undefined) byTrace.set(lastId, (lastList = []));
      else lastList = list;
    }
    lastList.push(span);
  }
  const traces: Trace[] = [];
  for (const [traceId, traceSpans] of byTrace) {
    const notes = [...(warnings?.get(traceId) ?? [])];
    const firstById = spanIdPositions(traceSpans.length);
    const repeatedIds: number[] = [];
    const kept = dedupe(traceSpans, firstById, repeatedIds, notes);
    const parentIndex = inspect(kept, firstById, notes);
    traces.push({ traceId, spans: kept, warnings: notes, parents: { spans: kept, parentIndex, repeatedIds } });
  }
  return traces;
}
