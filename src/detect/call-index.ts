// One pass over a raw span tree that every rule shares: parent links, and the outbound calls under
// each parent grouped by call shape, with their timing, parameters and retries worked out.
import { pathSegmentOf, type PathSegment, type SpanPath, type SpanTree, type SpanTreeNode } from '../model/index.ts';
import { isConnectionSetup } from '../normalize/index.ts';
import { callSignature, type CallSignature } from './call-signature.ts';
import { isErrored } from './span-facts.ts';
import { CLOCK_NOISE_NS } from '../common/index.ts';

export interface CallOccurrence {
  readonly node: SpanTreeNode;
  readonly signature: CallSignature;
  readonly errored: boolean;
  /** Set when this call repeats, with the same parameters, the errored call just before it. */
  readonly retryOf?: CallOccurrence;
}

/** The calls of one shape under one parent, in start order. */
export interface CallGroup {
  readonly parent: SpanTreeNode;
  readonly calls: readonly CallOccurrence[];
  /** Adjacent pairs (in start order) where the later call began before the earlier one ended. */
  readonly overlappingPairs: number;
  /** True when no call began before every earlier call had ended. */
  readonly sequential: boolean;
  readonly sumMs: number;
  readonly wallMs: number;
}

/**
 * What the detectors read of one raw span tree: its spans with their parents (for paths), and the
 * calls under each parent grouped by shape. (Not diff's tree index, which flattens canonical trees.)
 */
export interface CallIndex {
  readonly tree: SpanTree;
  /** Every node, parents before children. */
  readonly nodes: readonly SpanTreeNode[];
  readonly parentOf: ReadonlyMap<SpanTreeNode, SpanTreeNode>;
  /** Groups of two or more calls of one shape under one parent. */
  readonly groups: readonly CallGroup[];
}

/** Indexes a raw tree's spans and calls in O(n); iterative, so a deep trace cannot overflow the stack. */
export function indexCalls(tree: SpanTree): CallIndex {
  const nodes: SpanTreeNode[] = [];
  const parentOf = new Map<SpanTreeNode, SpanTreeNode>();
  const groups: CallGroup[] = [];
  const stack: SpanTreeNode[] = [...tree.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as SpanTreeNode;
    nodes.push(node);
    if (node.children.length > 1) groups.push(...groupCalls(node));
    for (let index = node.children.length - 1; index >= 0; index -= 1) {
      const child = node.children[index] as SpanTreeNode;
      parentOf.set(child, node);
      stack.push(child);
    }
  }
  return { tree, nodes, parentOf, groups };
}

function groupCalls(parent: SpanTreeNode): CallGroup[] {
  const byShape = new Map<string, CallOccurrence[]>();
  for (const child of parent.children) {
    // A pool opening connections (and setting up their sessions) is not an N+1 nor a duplicate.
    if (isConnectionSetup(child.span)) continue;
    const signature = callSignature(child.span);
    if (!signature) continue;
    const calls = byShape.get(signature.shapeKey);
    const previous = calls?.[calls.length - 1];
    const errored = isErrored(child.span);
    const isRetry =
      previous !== undefined &&
      previous.errored &&
      previous.signature.params === signature.params &&
      child.span.startTimeUnixNano >= previous.node.span.endTimeUnixNano;
    const occurrence: CallOccurrence = isRetry ? { node: child, signature, errored, retryOf: previous } : { node: child, signature, errored };
    if (calls) calls.push(occurrence);
    else byShape.set(signature.shapeKey, [occurrence]);
  }
  const groups: CallGroup[] = [];
  for (const calls of byShape.values()) {
    if (calls.length < 2) continue;
    groups.push(measure(parent, calls));
  }
  return groups;
}

function measure(parent: SpanTreeNode, calls: readonly CallOccurrence[]): CallGroup {
  let overlappingPairs = 0;
  let sequential = true;
  let sumNs = 0n;
  const first = calls[0] as CallOccurrence;
  let latestEnd = first.node.span.endTimeUnixNano;
  let previousEnd = latestEnd;
  for (const [index, call] of calls.entries()) {
    const { startTimeUnixNano: start, endTimeUnixNano: end } = call.node.span;
    sumNs += end > start ? end - start : 0n;
    if (index === 0) continue;
    if (start + CLOCK_NOISE_NS < previousEnd) overlappingPairs += 1;
    if (start + CLOCK_NOISE_NS < latestEnd) sequential = false;
    previousEnd = end;
    if (end > latestEnd) latestEnd = end;
  }
  const wallNs = latestEnd - first.node.span.startTimeUnixNano;
  return { parent, calls, overlappingPairs, sequential, sumMs: nsToMs(sumNs), wallMs: nsToMs(wallNs > 0n ? wallNs : 0n) };
}

/** Nanoseconds to milliseconds, keeping microsecond precision. */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

/** The path from the root down to `node`, included. */
export function pathOf(node: SpanTreeNode, parentOf: ReadonlyMap<SpanTreeNode, SpanTreeNode>): SpanPath {
  const path: PathSegment[] = [];
  for (let current: SpanTreeNode | undefined = node; current; current = parentOf.get(current)) {
    path.push(pathSegmentOf(current.span));
  }
  return path.reverse();
}
