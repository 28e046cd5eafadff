// The value port: how the evaluator reads a tree without knowing which kind it is. One adapter
// for raw SpanTrees (runner, `tbt query`), one for CanonicalTrees (diff's per-selector rules).
// Trees are flattened once, iteratively, into preorder arrays that the selector walks.
import type {
  Attributes,
  CanonicalNode,
  CanonicalTree,
  InstrumentationScope,
  PathSegment,
  SpanKind,
  SpanLink,
  SpanPath,
  SpanStatus,
  SpanTree,
  SpanTreeNode,
} from '../model/index.ts';
import { pathSegmentOf } from '../model/index.ts';
import { fromNumber, multiply, nanos, ratio, type Duration } from './duration.ts';

interface PortEvent {
  readonly name: string;
  readonly timeUnixNano?: bigint;
  readonly attributes: Attributes;
}

/** What the languages can see of one span. A raw `Span` already has this shape. */
export interface PortSpan {
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly resource: Attributes;
  readonly scope?: InstrumentationScope;
  readonly status: SpanStatus;
  readonly events: readonly PortEvent[];
  readonly links: readonly SpanLink[];
  readonly spanId?: string;
  readonly parentSpanId?: string;
  readonly startTimeUnixNano?: bigint;
  readonly endTimeUnixNano?: bigint;
  /** Set when there are no clocks (canonical nodes keep only a duration). */
  readonly durationNanos?: Duration;
}

interface TreePort<N> {
  roots(): readonly N[];
  children(node: N): readonly N[];
  span(node: N): PortSpan;
}

export function spanTreePort(tree: SpanTree): TreePort<SpanTreeNode> {
  return { roots: () => tree.roots, children: (node) => node.children, span: (node) => node.span };
}

const canonicalSpans = new WeakMap<CanonicalNode, PortSpan>();
const MS = nanos(1_000_000n);

export function canonicalTreePort(tree: CanonicalTree): TreePort<CanonicalNode> {
  return {
    roots: () => tree.roots,
    children: (node) => node.children,
    span(node) {
      let span = canonicalSpans.get(node);
      if (!span) {
        const milliseconds = fromNumber(node.durationMs);
        span = {
          name: node.name,
          service: node.service,
          kind: node.kind,
          attributes: node.attributes,
          resource: { 'service.name': node.service },
          status: node.status,
          events: node.events,
          links: [],
          ...(milliseconds ? { durationNanos: multiply(milliseconds, MS) } : {}),
        };
        canonicalSpans.set(node, span);
      }
      return span;
    },
  };
}

/** A tree in preorder (depth-first, children in start order): the order selectors report. */
export interface FlatTree<N = unknown> {
  readonly nodes: readonly N[];
  readonly spans: readonly PortSpan[];
  /** Preorder index of the parent, or -1 for a root. */
  readonly parent: Int32Array;
  /** One past the last preorder index of the node's subtree: descendants are (i, end[i]). */
  readonly end: Int32Array;
  /** Index of tbt's trigger root span, or -1 when the tree has none. */
  readonly triggerRoot: number;
  /** Per-key value indexes, filled on first use by the selector. */
  readonly indexes: Map<string, AttributeIndex>;
}

/** Preorder indexes by typed value key; `others` holds values an index key cannot describe. */
export interface AttributeIndex {
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  readonly others: readonly number[];
}

const flatCache = new WeakMap<object, FlatTree>();

/** Flattens (once per tree object) without recursion, so a 100k-deep chain is fine. */
export function flatten<N>(key: object, port: TreePort<N>): FlatTree<N> {
  const cached = flatCache.get(key);
  if (cached) return cached as FlatTree<N>;
  const nodes: N[] = [];
  const parents: number[] = [];
  const stack: { node: N; parent: number }[] = [];
  const roots = port.roots();
  for (let index = roots.length - 1; index >= 0; index--) stack.push({ node: roots[index] as N, parent: -1 });
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: N; parent: number };
    const position = nodes.length;
    nodes.push(node);
    parents.push(parent);
    const kids = port.children(node);
    for (let index = kids.length - 1; index >= 0; index--) stack.push({ node: kids[index] as N, parent: position });
  }
  const count = nodes.length;
  const parent = Int32Array.from(parents);
  const end = new Int32Array(count);
  for (let index = 0; index < count; index++) end[index] = index + 1;
  // A parent's subtree ends where its last descendant's does; children come after parents.
  for (let index = count - 1; index >= 0; index--) {
    const up = parent[index] as number;
    if (up >= 0 && (end[index] as number) > (end[up] as number)) end[up] = end[index] as number;
  }
  const spans = nodes.map((node) => port.span(node));
  const first = spans[0];
  const triggerRoot = first && first.service === 'tbt' && (first.name.startsWith('trigger') || first.spanId === undefined) ? 0 : -1;
  const flat: FlatTree<N> = { nodes, spans, parent, end, triggerRoot, indexes: new Map() };
  flatCache.set(key, flat as FlatTree);
  return flat;
}

/** Exact duration of a span: from its clocks, else the canonical duration, else undefined. */
export function spanDuration(span: PortSpan): Duration | undefined {
  if (span.startTimeUnixNano !== undefined && span.endTimeUnixNano !== undefined) {
    return ratio(span.endTimeUnixNano - span.startTimeUnixNano, 1n);
  }
  return span.durationNanos;
}

/** The path of span `index`: root to span, each hop as service and name. */
export function pathOf(flat: FlatTree, index: number): SpanPath {
  const path: PathSegment[] = [];
  for (let at = index; at >= 0; at = flat.parent[at] as number) {
    const span = flat.spans[at];
    // tbt's trigger span heads every path of a test's trace; paths read from the first service.
    if (span && !(at === flat.triggerRoot && at !== index)) path.push(pathSegmentOf(span));
  }
  return path.reverse();
}
