// The two tree shapes: the raw span tree (every span, with ids and clocks) that query and detect
// walk, and the canonical tree (normalized, collapsed, stable) that snapshots hold and diff compares.
import type { Attributes } from './attributes.ts';
import type { Span, SpanKind, SpanStatus } from './span.ts';

/** A span with its children, ordered by start time (ties by identity). */
export interface SpanTreeNode {
  readonly span: Span;
  readonly children: readonly SpanTreeNode[];
  /** The node's place in its tree's `nodes`, when the tree has them. */
  readonly index?: number;
}

/**
 * The raw tree of one trace. `roots` holds the true root first; a span whose parent never
 * arrived becomes an extra root, and is named in `warnings`.
 */
export interface SpanTree {
  readonly traceId: string;
  readonly roots: readonly SpanTreeNode[];
  readonly spanCount: number;
  readonly warnings: readonly string[];
  /**
   * Every node in the order of the trace's spans (as they arrived, which is how they sit in
   * memory), each with its `index`, when the builder kept them (buildSpanTree does). A pass
   * that needs no tree order reads a big trace much faster this way than in tree order.
   */
  readonly nodes?: readonly SpanTreeNode[];
}

/**
 * What recording learned about one span from several runs of its test, kept in the snapshot so a
 * reviewer sees it (`learned: { seen: 2/3 runs }`). Only a difference between runs is learned:
 * what every run agreed on stays exact.
 */
export interface LearnedFacts {
  /** `2/3 runs`: runs that saw the span, of those that saw its parent, when not all did. */
  readonly seen?: string;
  /** The span's count in each run that saw it, smallest first, when they differed. */
  readonly counts?: readonly number[];
  /**
   * Attribute key → what varied (`3 values in 3 runs`). Such an attribute's value is a pattern:
   * `{*}` stands for the part that varied, the rest must match as written.
   */
  readonly masked?: Readonly<Record<string, string>>;
}

export interface CanonicalEvent {
  readonly name: string;
  readonly attributes: Attributes;
}

/**
 * One node of the canonical tree: what a snapshot stores and what diff matches. It holds no ids,
 * clocks, ports or arrival order. Identical sibling subtrees are collapsed into one node with
 * `count > 1`.
 */
export interface CanonicalNode {
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  /** Normalized attributes: volatile keys dropped, values masked, secrets redacted. */
  readonly attributes: Attributes;
  readonly status: SpanStatus;
  readonly events: readonly CanonicalEvent[];
  /** How many identical siblings this node stands for (1 when not collapsed); with `minCount`, the most allowed. */
  readonly count: number;
  /** The fewest allowed, when a range was learned (`count: 0..1` for an optional span). */
  readonly minCount?: number;
  /** Why the node is looser than one run (optional, a count range, masked values). */
  readonly learned?: LearnedFacts;
  /** Duration of the slowest occurrence, in milliseconds. Informational; compared within tolerance. */
  readonly durationMs: number;
  /**
   * True when this span overlapped in time with the sibling before it. The order between
   * concurrent siblings is not a fact, so diff checks order only where this is false.
   */
  readonly concurrent: boolean;
  readonly children: readonly CanonicalNode[];
}

export interface CanonicalTree {
  readonly roots: readonly CanonicalNode[];
}
