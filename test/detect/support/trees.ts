// Builds span trees for the detect tests: small synthetic ones from a compact description, and
// real ones from ../shared/traces through the project's own decoders and tree builder.
import { readFileSync } from 'node:fs';
import { decodeTraceFile } from '../../../src/ingest/index.ts';
import type { Attributes, Span, SpanEvent, SpanKind, SpanTree, SpanTreeNode, StatusCode } from '../../../src/model/index.ts';
import { buildSpanTree } from '../../../src/normalize/index.ts';
import { sharedTrace } from '../../support/shared-traces.ts';
import { makeSpan } from '../../support/span.ts';

export interface SpanSpec {
  readonly name: string;
  readonly service?: string;
  readonly kind?: SpanKind;
  /** Milliseconds from the trace's start. */
  readonly start: number;
  readonly end: number;
  readonly attributes?: Attributes;
  readonly status?: StatusCode;
  readonly statusMessage?: string;
  readonly events?: readonly { readonly name: string; readonly attributes?: Attributes }[];
  readonly children?: readonly SpanSpec[];
}

const BASE_NS = 1_700_000_000_000_000_000n;
const nanos = (ms: number): bigint => BASE_NS + BigInt(Math.round(ms * 1e6));

/** A tree from nested specs; ids are assigned in order, siblings sorted by start. */
export function synthTree(...roots: SpanSpec[]): SpanTree {
  let nextId = 1;
  let count = 0;
  const build = (spec: SpanSpec, parentSpanId?: string): SpanTreeNode => {
    const spanId = (nextId++).toString(16).padStart(16, '0');
    count += 1;
    const events: SpanEvent[] = (spec.events ?? []).map((event) => ({
      name: event.name,
      timeUnixNano: nanos(spec.end),
      attributes: event.attributes ?? {},
    }));
    const span: Span = makeSpan({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId,
      parentSpanId: parentSpanId || undefined,
      name: spec.name,
      kind: spec.kind ?? 'internal',
      service: spec.service ?? 'app',
      startTimeUnixNano: nanos(spec.start),
      endTimeUnixNano: nanos(spec.end),
      attributes: spec.attributes ?? {},
      status: { code: spec.status ?? 'unset', ...(spec.statusMessage ? { message: spec.statusMessage } : {}) },
      events,
    });
    const children = [...(spec.children ?? [])]
      .sort((a, b) => a.start - b.start)
      .map((child) => build(child, spanId));
    return { span, children };
  };
  const built = roots.map((root) => build(root));
  return { traceId: '0af7651916cd43dd8448eb211c80319c', roots: built, spanCount: count, warnings: [] };
}

/** `count` sequential (gap 1 ms) or overlapping client calls, each made by `make(i)`. */
export function calls(count: number, concurrent: boolean, make: (index: number) => Omit<SpanSpec, 'start' | 'end'>): SpanSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    ...make(index),
    start: concurrent ? 10 + index : 10 + index * 11,
    end: concurrent ? 30 + index : 20 + index * 11,
  }));
}

/** The span trees of a file under ../shared/traces, in any format decodeTraceFile reads. */
export function sharedTrees(relativePath: string): SpanTree[] {
  const bytes = readFileSync(sharedTrace(relativePath));
  return decodeTraceFile(bytes, relativePath).traces.map((trace) => buildSpanTree(trace));
}

/** The one tree of a single-trace file. */
export function sharedTree(relativePath: string): SpanTree {
  const trees = sharedTrees(relativePath);
  if (trees.length !== 1) throw new Error(`${relativePath}: expected one trace, found ${trees.length}`);
  return trees[0] as SpanTree;
}

/** Finds a span by id in a tree (iteratively). */
export function findSpan(tree: SpanTree, spanId: string): SpanTreeNode | undefined {
  const stack = [...tree.roots];
  while (stack.length > 0) {
    const node = stack.pop() as SpanTreeNode;
    if (node.span.spanId === spanId) return node;
    stack.push(...node.children);
  }
  return undefined;
}
