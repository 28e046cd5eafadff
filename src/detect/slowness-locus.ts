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
 * has no golden partner in `matching` (diff's), or no self time grew by `minGrowthMs`. Below it, a
 * span without a partner (new, or one more of a repeated call) counts all its self time as growth.
 * For many paths of one diff, use one SlownessLocator.
 */
export function findSlownessLocus(
  current: CanonicalTree,
  matching: SpanMatching,
  path: SpanPath,
  config: DetectorConfig,
): DetectorFinding | undefined {
  return new SlownessLocator(current, matching, config).locusAt(path);
}

/** Under one span, the span whose self time grew the most: itself, or one below `via`. */
interface MostGrown {
  /** The child whose subtree holds it; undefined when it is the span itself. */
  readonly via: CanonicalNode | undefined;
  readonly node: CanonicalNode;
  readonly beforeMs: number;
  readonly afterMs: number;
}

/**
 * The loci of the duration findings of one diff. Many findings share spans (each slowed span,
 * and every ancestor that waited for it), so path look-ups and each subtree's most-grown span are
 * worked out once: a fan-out of 10,000 slowed calls costs one walk, not one walk per finding.
 */
export class SlownessLocator {
  private readonly lookup = new LooseNameLookup();
  /** Per span, the most-grown span of its subtree; null when the subtree holds none that is blameable. */
  private readonly mostGrown = new Map<CanonicalNode, MostGrown | null>();

  constructor(
    private readonly current: CanonicalTree,
    private readonly matching: SpanMatching,
    private readonly config: DetectorConfig,
  ) {}

  locusAt(path: SpanPath): DetectorFinding | undefined {
    // Of look-alike spans at the path, the slowest that diff matched: a duration finding is about a pair.
    const start = this.lookup.nodeAt(this.current.roots, path, (node) => this.matching.goldenOf(node) !== undefined);
    if (!start) return undefined;
    const best = this.mostGrownUnder(start);
    if (!best) return undefined;
    const below: PathSegment[] = [];
    for (let at = best; at.via !== undefined; at = this.mostGrown.get(at.via) as MostGrown) below.push(pathSegmentOf(at.via));
    return describeLocus({ node: best.node, path: [...path, ...below], beforeMs: best.beforeMs, afterMs: best.afterMs }, start, this.config);
  }

  /**
   * Children before parents, without recursion (a 100k-deep chain is fine). Ties go to the span
   * met first in pre-order: the span itself, then its children's subtrees in order.
   */
  private mostGrownUnder(root: CanonicalNode): MostGrown | null {
    const stack: { node: CanonicalNode; expanded: boolean }[] = [{ node: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop() as { node: CanonicalNode; expanded: boolean };
      if (this.mostGrown.has(top.node)) continue;
      if (!top.expanded) {
        stack.push({ node: top.node, expanded: true });
        for (const child of top.node.children) if (!this.mostGrown.has(child)) stack.push({ node: child, expanded: false });
        continue;
      }
      let best: MostGrown | null = null;
      // tbt's trigger span's self time is tbt's overhead (client, loopback, a busy machine), never a locus.
      if (!isTriggerSpan(top.node)) {
        const golden = this.matching.goldenOf(top.node);
        best = { via: undefined, node: top.node, beforeMs: golden ? totalSelfMs(golden) : 0, afterMs: totalSelfMs(top.node) };
      }
      for (const child of top.node.children) {
        const below = this.mostGrown.get(child);
        if (below && (!best || below.afterMs - below.beforeMs > best.afterMs - best.beforeMs)) {
          best = { via: child, node: below.node, beforeMs: below.beforeMs, afterMs: below.afterMs };
        }
      }
      this.mostGrown.set(top.node, best);
    }
    return this.mostGrown.get(root) ?? null;
  }
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
  return new LooseNameLookup().nodeAt(roots, path, accepts);
}

/** Siblings grouped by service and loose name, per list of siblings, grouped once when first asked. */
class LooseNameLookup {
  private readonly groups = new Map<readonly CanonicalNode[], Map<string, CanonicalNode[]>>();

  nodeAt(roots: readonly CanonicalNode[], path: SpanPath, accepts: (node: CanonicalNode) => boolean): CanonicalNode | undefined {
    let candidates: CanonicalNode[] = [];
    let levels: (readonly CanonicalNode[])[] = [roots];
    for (const segment of path) {
      const key = keyOf(segment.service, segment.name);
      candidates = [];
      for (const siblings of levels) for (const node of this.groupsOf(siblings).get(key) ?? []) candidates.push(node);
      if (candidates.length === 0) return undefined;
      levels = candidates.map((node) => node.children);
    }
    let found: CanonicalNode | undefined;
    for (const node of candidates) if (accepts(node) && (!found || node.durationMs > found.durationMs)) found = node;
    return found;
  }

  private groupsOf(siblings: readonly CanonicalNode[]): Map<string, CanonicalNode[]> {
    let groups = this.groups.get(siblings);
    if (groups === undefined) {
      groups = new Map();
      for (const node of siblings) {
        const key = keyOf(node.service, node.name);
        const group = groups.get(key);
        if (group) group.push(node);
        else groups.set(key, [node]);
      }
      this.groups.set(siblings, groups);
    }
    return groups;
  }
}

function keyOf(service: string, name: string): string {
  return `${service}\u0000${looseName(name)}`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
