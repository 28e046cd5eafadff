// Links a trace's spans into the raw span tree: parents to children, siblings in start order.
// Iterative throughout, so a 100k-deep chain costs no stack.
import type { Span, SpanParents, SpanTree, SpanTreeNode, Trace } from '../model/index.ts';
import { rawSpanIdentity } from './span-identity.ts';

/** Past this many, per-span warnings are summarized in one line. */
const MAX_SPAN_WARNINGS = 20;

/** The children of every leaf: one shared empty list, frozen so that none grows (most spans are leaves). */
const NO_CHILDREN: readonly never[] = Object.freeze([]);

interface MutableNode {
  readonly span: Span;
  /** NO_CHILDREN until the first child comes (addChild); a list of its own from then on. */
  children: readonly MutableNode[];
  /**
   * The span's position in the trace (and in SpanTree.nodes), where `starts` (see buildSpanTree)
   * holds its start. A small integer is stored in the node as it is; a double field gave every
   * node a 16-byte box that lives as long as the tree (issue 14).
   */
  readonly index: number;
}

/**
 * Builds the span tree of a trace. Spans whose parent is absent (or that sit in a parent cycle)
 * become extra roots after the true roots, each named in `warnings`. Siblings and roots are
 * ordered by start time, then identity, then span id, so equal input gives an equal tree.
 */
export function buildSpanTree(trace: Trace): SpanTree {
  const spans = trace.spans;
  const base = spans[0]?.startTimeUnixNano ?? 0n;
  // Start times in nanoseconds after the trace's first span, as doubles: exact below 2^53 ns (104
  // days), so siblings sort by them without a bigint comparison each.
  const starts = new Float64Array(spans.length);
  let exactStarts = true;
  const nodes: MutableNode[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const start = Number(span.startTimeUnixNano - base);
    starts[i] = start;
    if (Math.abs(start) > Number.MAX_SAFE_INTEGER) exactStarts = false;
    nodes.push({ span, children: NO_CHILDREN, index: i });
  }
  // Grouping found every parent already; a trace built elsewhere (tests, a backend pull) is indexed here.
  const { parentIndex, repeatedIds } = trace.parents?.spans === spans ? trace.parents : spanParents(spans);
  const spanWarnings: string[] = [];
  for (let r = 0; r < repeatedIds.length; r++) {
    const span = spans[repeatedIds[r] as number] as Span;
    spanWarnings.push(`span id ${span.spanId} appears twice; children attach to the first (${describe(span)})`);
  }

  const trueRoots: MutableNode[] = [];
  const extraRoots: MutableNode[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as MutableNode;
    const parentId = node.span.parentSpanId;
    if (parentId === undefined || parentId === '') {
      trueRoots.push(node);
      continue;
    }
    const parentAt = parentIndex[i] as number;
    if (parentAt === -1 || parentAt === i) {
      extraRoots.push(node);
      spanWarnings.push(
        parentAt === i
          ? `${describe(node.span)} is its own parent; shown as an extra root`
          : `${describe(node.span)} has parent ${parentId}, which is not in the trace; shown as an extra root`,
      );
      continue;
    }
    addChild(nodes[parentAt] as MutableNode, node);
  }

  // Spans on a parent cycle are reachable from no root: cut each cycle at its earliest span.
  // Every span has one parent, so a walk from the roots meets each reachable span once: when it
  // meets them all (no cycle, the usual case), no visited set or parent map is needed.
  if (countReachable(trueRoots) + countReachable(extraRoots) < nodes.length) {
    const parentOf = new Map<MutableNode, MutableNode>();
    for (const node of nodes) for (const child of node.children) parentOf.set(child, node);
    const visited = new Set<MutableNode>();
    markReachable([...trueRoots, ...extraRoots], visited);
    const unreached = nodes.filter((node) => !visited.has(node)).sort(compareNodes(new Map(), exactStarts ? starts : undefined));
    for (const node of unreached) {
      if (visited.has(node)) continue;
      const parent = parentOf.get(node);
      if (parent) (parent.children as MutableNode[]).splice(parent.children.indexOf(node), 1);
      extraRoots.push(node);
      spanWarnings.push(`${describe(node.span)} is on a parent cycle; shown as an extra root`);
      markReachable([node], visited);
    }
  }

  const identities = new Map<Span, string>();
  const compare = compareNodes(identities, exactStarts ? starts : undefined);
  for (let i = 0; i < nodes.length; i++) {
    const children = (nodes[i] as MutableNode).children;
    if (children.length > 1) sortSiblings(children as MutableNode[], exactStarts ? starts : undefined, compare);
  }
  sortSiblings(trueRoots, exactStarts ? starts : undefined, compare);
  sortSiblings(extraRoots, exactStarts ? starts : undefined, compare);

  const warnings = [...trace.warnings, ...spanWarnings.slice(0, MAX_SPAN_WARNINGS)];
  if (spanWarnings.length > MAX_SPAN_WARNINGS) {
    warnings.push(`… and ${spanWarnings.length - MAX_SPAN_WARNINGS} more span warnings`);
  }
  const roots: readonly SpanTreeNode[] = [...trueRoots, ...extraRoots];
  return { traceId: trace.traceId, roots, spanCount: spans.length, warnings, nodes };
}

function addChild(parent: MutableNode, child: MutableNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else (parent.children as MutableNode[]).push(child);
}

/** Each span's parent by position, for a trace that grouping did not index (SpanParents). */
function spanParents(spans: readonly Span[]): SpanParents {
  const firstById = new Map<string, number>();
  const repeatedIds: number[] = [];
  for (let i = 0; i < spans.length; i++) {
    const id = (spans[i] as Span).spanId;
    if (firstById.has(id)) repeatedIds.push(i);
    else firstById.set(id, i);
  }
  const parentIndex = new Int32Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const parentId = (spans[i] as Span).parentSpanId;
    parentIndex[i] = parentId === undefined ? -1 : (firstById.get(parentId) ?? -1);
  }
  return { spans, parentIndex, repeatedIds };
}

/** How many spans a walk from `starts` meets (each once: a span sits in one children list). */
function countReachable(starts: readonly MutableNode[]): number {
  const stack = [...starts];
  let count = 0;
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    count++;
    const children = node.children;
    for (let c = 0; c < children.length; c++) stack.push(children[c] as MutableNode);
  }
  return count;
}

function markReachable(starts: readonly MutableNode[], visited: Set<MutableNode>): void {
  const stack = [...starts];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (visited.has(node)) continue;
    visited.add(node);
    for (const child of node.children) stack.push(child);
  }
}

/** Up to this many siblings are sorted by insertion (see sortSiblings); longer lists by Array.prototype.sort. */
const INSERTION_SORT_MAX = 64;

/**
 * Sorts siblings as `list.sort(compare)` would: both sorts are stable and `compare` orders by a
 * key (start, identity, span id), so they give the same order. A short list is sorted by
 * insertion, its start offsets compared inline and `compare` called only on equal starts: the
 * built-in sort's call to `compare` for every comparison took most of the span tree's CPU.
 * `exactStarts` as in compareNodes.
 */
function sortSiblings(list: MutableNode[], exactStarts: Float64Array | undefined, compare: (a: MutableNode, b: MutableNode) => number): void {
  if (exactStarts === undefined || list.length > INSERTION_SORT_MAX) {
    list.sort(compare);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const node = list[i] as MutableNode;
    const start = exactStarts[node.index] as number;
    // Every earlier sibling that sorts after this one moves right; equal ones stay before it.
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = list[j] as MutableNode;
      const otherStart = exactStarts[other.index] as number;
      if (otherStart < start || (otherStart === start && compare(other, node) <= 0)) break;
      list[j + 1] = other;
    }
    list[j + 1] = node;
  }
}

/** `exactStarts`: every node's start offset, when all are exact, so that comparing them compares the start times. */
function compareNodes(identities: Map<Span, string>, exactStarts: Float64Array | undefined): (a: MutableNode, b: MutableNode) => number {
  const identity = (span: Span): string => {
    let id = identities.get(span);
    if (id === undefined) {
      id = rawSpanIdentity(span);
      identities.set(span, id);
    }
    return id;
  };
  return (a, b) => {
    if (exactStarts !== undefined) {
      const sa = exactStarts[a.index] as number;
      const sb = exactStarts[b.index] as number;
      if (sa !== sb) return sa < sb ? -1 : 1;
    } else {
      const sa = a.span.startTimeUnixNano;
      const sb = b.span.startTimeUnixNano;
      if (sa !== sb) return sa < sb ? -1 : 1;
    }
    const ia = identity(a.span);
    const ib = identity(b.span);
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a.span.spanId < b.span.spanId ? -1 : a.span.spanId > b.span.spanId ? 1 : 0;
  };
}

function describe(span: Span): string {
  return `span "${span.name}" (${span.service}, id ${span.spanId})`;
}
