// Slowness locus: under a span that got slower, the descendant whose own (self) time grew the
// most between the golden and the current canonical trees. A slower root is explained by the span
// that actually got slower, not by the ancestors that merely waited for it. Each span is compared
// with the golden span diff matched it with: the locus never matches the trees again.
import { formatPath, pathSegmentOf } from '../model/index.ts';
import type { CanonicalNode, CanonicalTree, DetectorConfig, DetectorFinding, PathSegment, SpanMatching, SpanPath } from '../model/index.ts';
import { isTriggerSpan } from '../normalize/index.ts';
import { looseName } from './loose-name.ts';
import { findingKey, formatMs } from './span-facts.ts';

interface Candidate {
  readonly node: CanonicalNode;
  readonly path: SpanPath;
  readonly beforeMs: number;
  readonly afterMs: number;
}

/**
 * The locus under the span at `path` in `current` (itself included), or undefined when that span
 * has no golden partner in `matching` (diff's), or no self time grew by `minGrowthMs`. A span
 * without a partner (new, or one more of a repeated call) had no self time before.
 */
export function findSlownessLocus(
  current: CanonicalTree,
  matching: SpanMatching,
  path: SpanPath,
  config: DetectorConfig,
): DetectorFinding | undefined {
  // Of look-alike spans at the path, the slowest that diff matched: a duration finding is about a pair.
  const currentNode = findCanonicalNode(current.roots, path, (node) => matching.goldenOf(node) !== undefined);
  if (!currentNode) return undefined;

  // Entries keep their parent entry, so that only the locus pays for its path.
  interface Entry {
    readonly node: CanonicalNode;
    readonly parent: Entry | undefined;
  }
  let best: { entry: Entry; beforeMs: number; afterMs: number } | undefined;
  const stack: Entry[] = [{ node: currentNode, parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop() as Entry;
    const golden = matching.goldenOf(entry.node);
    const beforeMs = golden ? totalSelfMs(golden) : 0;
    const afterMs = totalSelfMs(entry.node);
    // tbt's trigger span's self time is tbt's overhead (client, loopback, a busy machine), never a locus.
    const blameable = !isTriggerSpan(entry.node);
    if (blameable && (!best || afterMs - beforeMs > best.afterMs - best.beforeMs)) best = { entry, beforeMs, afterMs };
    for (let index = entry.node.children.length - 1; index >= 0; index -= 1) {
      stack.push({ node: entry.node.children[index] as CanonicalNode, parent: entry });
    }
  }
  if (!best) return undefined;
  const below: PathSegment[] = [];
  for (let at: Entry | undefined = best.entry; at?.parent; at = at.parent) below.push(pathSegmentOf(at.node));
  return describeLocus({ node: best.entry.node, path: [...path, ...below.reverse()], beforeMs: best.beforeMs, afterMs: best.afterMs }, currentNode, config);
}

function describeLocus(best: Candidate, currentNode: CanonicalNode, config: DetectorConfig): DetectorFinding | undefined {
  if (best.afterMs - best.beforeMs < config.slownessLocus.minGrowthMs) return undefined;

  const growth = best.afterMs - best.beforeMs;
  const times = best.node.count > 1 ? ` (×${best.node.count})` : '';
  const change = `${formatMs(best.beforeMs)} → ${formatMs(best.afterMs)}, +${formatMs(growth)}`;
  const message =
    best.node === currentNode
      ? `slowness locus: the span's own time grew (${change}), not its children's`
      : `slowness locus: ${formatPath(best.path.slice(-2))}${times}, whose self time grew ${change}`;
  return {
    kind: 'slowness-locus',
    severity: config.slownessLocus.severity,
    path: best.path,
    message,
    key: findingKey('slowness-locus', best.path, ''),
    evidence: {
      rule: 'slowness-locus',
      span: { service: best.node.service, name: best.node.name },
      count: best.node.count,
      beforeMs: round(best.beforeMs),
      afterMs: round(best.afterMs),
    },
  };
}

/**
 * Self time of all the occurrences a node stands for, approximated from what a canonical node
 * keeps (the slowest occurrence's duration, the count, and whether a sibling overlapped the one
 * before it): children that overlap form one run, which covers the longest of its members; a
 * collapsed child covers its duration × count; coverage is capped at the parent's duration. The
 * result is duration − coverage, times the node's own count.
 */
export function totalSelfMs(node: CanonicalNode): number {
  let covered = 0;
  let run = 0;
  for (const child of node.children) {
    const span = child.durationMs * child.count;
    if (child.concurrent) {
      run = Math.max(run, span);
    } else {
      covered += run;
      run = span;
    }
  }
  covered += run;
  return Math.max(0, node.durationMs - Math.min(covered, node.durationMs)) * node.count;
}

/**
 * The node at `path`, comparing names loosely (ids and placeholders masked). Where several
 * siblings share a service and name (different kinds or attributes), all are followed, and the
 * slowest node at the end of the path that `accepts` wins: it is the one a duration finding is about.
 */
export function findCanonicalNode(
  roots: readonly CanonicalNode[],
  path: SpanPath,
  accepts: (node: CanonicalNode) => boolean = () => true,
): CanonicalNode | undefined {
  let candidates: readonly CanonicalNode[] = [];
  let level: readonly CanonicalNode[] = roots;
  for (const segment of path) {
    const name = looseName(segment.name);
    candidates = level.filter((node) => node.service === segment.service && looseName(node.name) === name);
    if (candidates.length === 0) return undefined;
    level = candidates.flatMap((node) => node.children);
  }
  let found: CanonicalNode | undefined;
  for (const node of candidates) if (accepts(node) && (!found || node.durationMs > found.durationMs)) found = node;
  return found;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
