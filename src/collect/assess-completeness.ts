// The pure half of trace completion: is this set of spans structurally whole, and if not, what
// is missing? No clock, no I/O, so the hub and a backend-pull poller decide the same way.
import type { Span } from '../model/index.ts';

/** One parent span that some received spans point at but that has not arrived. */
export interface MissingParent {
  readonly parentSpanId: string;
  /** The received spans that wait for it, in arrival order. */
  readonly waiting: readonly Span[];
}

/** The structural verdict on a set of spans of one trace. */
export interface Completeness {
  /** True when there is at least one span, no orphan and at least one top span. */
  readonly complete: boolean;
  readonly spanCount: number;
  /** Spans with no parent, or whose parent is tbt's own root span. */
  readonly topSpanCount: number;
  /** Parents that are referenced but absent, in order of first reference. */
  readonly missingParents: readonly MissingParent[];
  /** How many spans wait for a missing parent (the sum over `missingParents`). */
  readonly orphanCount: number;
  /** Why it is not complete, in words; absent when complete. */
  readonly problem?: string;
}

/** How many missing parents and example spans a problem message names before it abbreviates. */
const NAMED_PARENTS = 3;

/**
 * Decides whether `spans` (of one trace) form a whole tree: every span's parent is present,
 * except true roots and spans whose parent is `rootSpanId` — tbt's own trigger span, which the
 * system under test never exports. Duplicate span ids count once (a re-sent export).
 */
export function assessCompleteness(
  spans: readonly Span[],
  rootSpanId?: string,
): Completeness {
  const ids = new Set<string>();
  for (const span of spans) ids.add(span.spanId);

  const missing = new Map<string, Span[]>();
  let topSpanCount = 0;
  let orphanCount = 0;
  const seen = new Set<string>();
  for (const span of spans) {
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    const parent = span.parentSpanId;
    if (parent === undefined || parent === '' || parent === rootSpanId) {
      topSpanCount++;
      continue;
    }
    if (ids.has(parent)) continue;
    orphanCount++;
    const waiting = missing.get(parent);
    if (waiting === undefined) missing.set(parent, [span]);
    else waiting.push(span);
  }

  const missingParents: MissingParent[] = [];
  for (const [parentSpanId, waiting] of missing) missingParents.push({ parentSpanId, waiting });

  const base = { spanCount: seen.size, topSpanCount, missingParents, orphanCount };
  if (seen.size === 0) return { ...base, complete: false, problem: 'no spans arrived' };
  if (orphanCount > 0) {
    return { ...base, complete: false, problem: describeMissingParents(missingParents, orphanCount) };
  }
  if (topSpanCount === 0) {
    // Every parent is present yet nothing is a root: the parent links form a cycle.
    return { ...base, complete: false, problem: `none of the ${seen.size} spans is a root (parent links form a cycle)` };
  }
  return { ...base, complete: true };
}

/** "3 spans still wait for parent(s) 1a2b…, 3c4d… (e.g. 'SELECT stock' in inventory-service)". */
function describeMissingParents(
  missingParents: readonly MissingParent[],
  orphanCount: number,
): string {
  const named = missingParents.slice(0, NAMED_PARENTS).map((m) => m.parentSpanId);
  const more = missingParents.length - named.length;
  const parents = named.join(', ') + (more > 0 ? ` and ${more} more` : '');
  const examples = missingParents
    .slice(0, NAMED_PARENTS)
    .map((m) => m.waiting[0])
    .filter((s): s is Span => s !== undefined)
    .map((s) => `'${s.name}' in ${s.service}`);
  const noun = orphanCount === 1 ? 'span still waits' : 'spans still wait';
  return `${orphanCount} ${noun} for parent(s) ${parents} (e.g. ${examples.join(', ')})`;
}
