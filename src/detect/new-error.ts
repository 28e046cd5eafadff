// New error: a span with status ERROR or an exception event, named where the error originates:
// the deepest errored span of its chain, or, when that span timed out while a child was still
// running, the deepest span that was still running, even though its status is OK.
import type { DetectorFinding, SpanPath, SpanTreeNode } from '../model/index.ts';
import { errorText, findingKey, formatMs, formatSegment, isErrored } from './span-facts.ts';
import { maskIds } from '../normalize/index.ts';
import { nsToMs, pathOf, type CallIndex } from './call-index.ts';
import type { TreeDetector } from './tree-detector.ts';

/** A child that covers this share of a failed span's time, and was still running at its end… */
const TIMEOUT_COVERAGE = 0.9;
/** …within this share of the span's duration (or 1 ms), took the time the span gave up waiting for. */
const TIMEOUT_END_SLACK = 0.01;
/** What a span that gave up waiting says: HTTP 504/408, gRPC DEADLINE_EXCEEDED, or the words. */
const TIMEOUT_ERROR = /\bHTTP (?:504|408)\b|\bgRPC status (?:4|DEADLINE_EXCEEDED)\b|time[sd]?[ -]?out|deadline/i;

interface ErrorOrigin {
  readonly errored: SpanTreeNode;
  readonly locus: SpanTreeNode;
  readonly surfacesAt: SpanTreeNode;
}

export const newErrorDetector: TreeDetector = {
  name: 'new-error',
  enabled: (config) => config.newError.enabled,
  run(index, config) {
    const byKey = new Map<string, { origins: ErrorOrigin[]; path: SpanPath }>();
    for (const origin of errorOrigins(index)) {
      const path = pathOf(origin.locus, index.parentOf);
      const key = findingKey('new-error', path, `${origin.locus.span.kind}|${maskIds(origin.errored.span.name)}`);
      const entry = byKey.get(key);
      if (entry) entry.origins.push(origin);
      else byKey.set(key, { origins: [origin], path });
    }
    const findings: DetectorFinding[] = [];
    for (const [key, { origins, path }] of byKey) {
      const first = origins[0] as ErrorOrigin;
      const surfacesAt = pathOf(first.surfacesAt, index.parentOf);
      const error = errorText(first.errored.span);
      findings.push({
        kind: 'new-error',
        severity: config.newError.severity,
        path,
        message: describe(first, origins.length, error, surfacesAt),
        key,
        evidence: {
          rule: 'new-error',
          span: { service: first.locus.span.service, name: first.locus.span.name },
          count: origins.length,
          ...(error !== '' ? { error } : {}),
          ...(first.surfacesAt !== first.locus ? { surfacesAt } : {}),
        },
      });
    }
    return findings;
  },
};

function describe(origin: ErrorOrigin, count: number, error: string, surfacesAt: SpanPath): string {
  const what = (node: SpanTreeNode): string => `${node.span.service} ${node.span.name}`;
  const because = error === '' ? '' : ` (${error})`;
  if (origin.locus !== origin.errored) {
    const locus = origin.locus.span;
    return (
      `new error at ${what(origin.locus)}: it was still running after ${formatMs(durationMs(origin.locus))} ` +
      `(status ${locus.status.code === 'error' ? 'ERROR' : 'OK'}) when ${what(origin.errored)} gave up with ERROR${because} ` +
      `after ${formatMs(durationMs(origin.errored))}; the error shows at ${formatSegment(surfacesAt[surfacesAt.length - 1])}, ` +
      `the time was spent here`
    );
  }
  const times = count === 1 ? '' : `${count} × `;
  const shows =
    origin.surfacesAt !== origin.errored ? `; it surfaces at ${formatSegment(surfacesAt[surfacesAt.length - 1])}` : '';
  return `new error: ${times}${what(origin.errored)} ended in ERROR${because}${shows}`;
}

/** Every errored span with no errored descendant, with where it shows and where it originates. */
export function errorOrigins(index: CallIndex): ErrorOrigin[] {
  const errorBelow = new Set<SpanTreeNode>();
  // Parents come before children in index.nodes, so a backward pass sees children first.
  for (let position = index.nodes.length - 1; position >= 0; position -= 1) {
    const node = index.nodes[position] as SpanTreeNode;
    if (!isErrored(node.span) && !errorBelow.has(node)) continue;
    const parent = index.parentOf.get(node);
    if (parent) errorBelow.add(parent);
  }
  const origins: ErrorOrigin[] = [];
  for (const node of index.nodes) {
    if (!isErrored(node.span) || errorBelow.has(node)) continue;
    let surfacesAt = node;
    for (let parent = index.parentOf.get(node); parent && isErrored(parent.span); parent = index.parentOf.get(parent)) {
      surfacesAt = parent;
    }
    const locus = TIMEOUT_ERROR.test(errorText(node.span)) ? timeoutLocus(node) : node;
    origins.push({ errored: node, locus, surfacesAt });
  }
  return origins;
}

/**
 * Follows the children that were still running when a timed-out span ended and took nearly all
 * its time: the call it gave up on never returned, so the deepest of them is where the time went.
 */
function timeoutLocus(errored: SpanTreeNode): SpanTreeNode {
  const { startTimeUnixNano: start, endTimeUnixNano: end } = errored.span;
  const duration = end - start;
  if (duration <= 0n) return errored;
  const minCovered = (duration * BigInt(Math.round(TIMEOUT_COVERAGE * 1000))) / 1000n;
  const slack = bigMax((duration * BigInt(Math.round(TIMEOUT_END_SLACK * 1000))) / 1000n, 1_000_000n);
  let locus = errored;
  for (;;) {
    let next: SpanTreeNode | undefined;
    for (const child of locus.children) {
      const childSpan = child.span;
      const covered = childSpan.endTimeUnixNano - childSpan.startTimeUnixNano;
      if (covered < minCovered || childSpan.endTimeUnixNano < end - slack) continue;
      if (!next || childSpan.endTimeUnixNano > next.span.endTimeUnixNano) next = child;
    }
    if (!next) return locus;
    locus = next;
  }
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function durationMs(node: SpanTreeNode): number {
  const { startTimeUnixNano: start, endTimeUnixNano: end } = node.span;
  return nsToMs(end > start ? end - start : 0n);
}
