// Slowness locus: under a span that got slower, the descendant whose own (self) time grew the
// most between the golden and the current canonical trees. A slower root is explained by the span
// that actually got slower, not by the ancestors that merely waited for it.
import { formatPath, pathSegmentOf } from '../model/index.ts';
import type { CanonicalNode, CanonicalTree, DetectorConfig, DetectorFinding, SpanPath } from '../model/index.ts';
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
 * The locus under the span at `path` (itself included), or undefined when the span is in only one
 * of the trees, or no self time grew by `minGrowthMs`.
 */
export function findSlownessLocus(
  golden: CanonicalTree,
  current: CanonicalTree,
  path: SpanPath,
  config: DetectorConfig,
): DetectorFinding | undefined {
  const currentNode = findCanonicalNode(current.roots, path);
  const goldenNode = findCanonicalNode(golden.roots, path);
  if (!currentNode || !goldenNode) return undefined;

  let best: Candidate | undefined;
  const stack: { node: CanonicalNode; golden: CanonicalNode | undefined; path: SpanPath }[] = [
    { node: currentNode, golden: goldenNode, path },
  ];
  while (stack.length > 0) {
    const entry = stack.pop() as (typeof stack)[number];
    const candidate: Candidate = {
      node: entry.node,
      path: entry.path,
      beforeMs: entry.golden ? totalSelfMs(entry.golden) : 0,
      afterMs: totalSelfMs(entry.node),
    };
    // tbt's trigger span's self time is tbt's overhead (client, loopback, a busy machine), never a locus.
    const blameable = !isTriggerSpan(entry.node);
    if (blameable && (!best || candidate.afterMs - candidate.beforeMs > best.afterMs - best.beforeMs)) best = candidate;
    const matches = matchChildren(entry.golden?.children ?? [], entry.node.children);
    for (let index = entry.node.children.length - 1; index >= 0; index -= 1) {
      const child = entry.node.children[index] as CanonicalNode;
      stack.push({ node: child, golden: matches[index], path: [...entry.path, pathSegmentOf(child)] });
    }
  }
  if (!best || best.afterMs - best.beforeMs < config.slownessLocus.minGrowthMs) return undefined;

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

/** Pairs each current child with a golden child of the same service, kind and name, in order. */
function matchChildren(golden: readonly CanonicalNode[], current: readonly CanonicalNode[]): (CanonicalNode | undefined)[] {
  const pools = new Map<string, CanonicalNode[]>();
  for (const node of golden) {
    const key = identity(node);
    const pool = pools.get(key);
    if (pool) pool.push(node);
    else pools.set(key, [node]);
  }
  return current.map((node) => pools.get(identity(node))?.shift());
}

function identity(node: CanonicalNode): string {
  return `${node.service}|${node.kind}|${looseName(node.name)}`;
}

/**
 * The node at `path`, comparing names loosely (ids and placeholders masked). Where several
 * siblings share a service and name (different kinds or attributes), all are followed, and the
 * slowest node at the end of the path wins: it is the one a duration finding is about.
 */
export function findCanonicalNode(roots: readonly CanonicalNode[], path: SpanPath): CanonicalNode | undefined {
  let candidates: readonly CanonicalNode[] = [];
  let level: readonly CanonicalNode[] = roots;
  for (const segment of path) {
    const name = looseName(segment.name);
    candidates = level.filter((node) => node.service === segment.service && looseName(node.name) === name);
    if (candidates.length === 0) return undefined;
    level = candidates.flatMap((node) => node.children);
  }
  let found: CanonicalNode | undefined;
  for (const node of candidates) if (!found || node.durationMs > found.durationMs) found = node;
  return found;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
