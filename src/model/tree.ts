// The two tree shapes: the raw span tree (every span, with ids and clocks) that query and detect
// walk, and the canonical tree (normalized, collapsed, stable) that snapshots hold and diff compares.
import type { Attributes } from './attributes.ts';
import type { Span, SpanKind, SpanStatus } from './span.ts';

/** A span with its children, ordered by start time (ties by identity). */
export interface SpanTreeNode {
  readonly span: Span;
  readonly children: readonly SpanTreeNode[];
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
  /** How many identical siblings this node stands for (1 when not collapsed). */
  readonly count: number;
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
