// Turns the raw span tree into the canonical tree a snapshot holds: rules applied, siblings
// ordered by cluster and identity, identical subtrees collapsed. Pure and iterative.
import type {
  AttributeValue,
  CanonicalEvent,
  CanonicalNode,
  CanonicalTree,
  NormalizeRules,
  Span,
  SpanStatus,
  SpanTree,
  SpanTreeNode,
} from '../model/index.ts';
import { bodyShape } from './body-shape.ts';
import { ContentIds } from './content-ids.ts';
import { collapseSiblings, orderSiblings, type WorkNode } from './order-siblings.ts';
import { RuleEngine, type ScopedNormalizer } from './rule-engine.ts';
import { identityOf } from './span-identity.ts';

/** True for tbt's own root span (`trigger POST /checkout`, service `tbt`). */
export function isTriggerSpan(span: Pick<Span, 'service' | 'name'>): boolean {
  return span.service === 'tbt' && span.name.startsWith('trigger ');
}

/**
 * The canonical tree of a span tree under the given rules. True roots come first, then the extra
 * roots of spans whose parent never arrived; each group is ordered and collapsed like siblings.
 */
export function canonicalize(tree: SpanTree, rules: NormalizeRules, options: { readonly knownSecrets?: readonly string[] } = {}): CanonicalTree {
  const engine = new RuleEngine(rules, options.knownSecrets);
  const ids = new ContentIds();
  const built = new Map<SpanTreeNode, WorkNode>();
  const stack: [SpanTreeNode, boolean][] = [];
  for (let i = tree.roots.length - 1; i >= 0; i--) {
    const root = tree.roots[i];
    if (root) stack.push([root, false]);
  }
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, expanded] = entry;
    if (!expanded) {
      stack.push([node, true]);
      for (const child of node.children) stack.push([child, false]);
      continue;
    }
    const work = ownWork(node.span, engine.forSpan(node.span.service, node.span.name), ids);
    const children: WorkNode[] = [];
    for (const child of node.children) {
      const built1 = built.get(child);
      if (built1) children.push(built1);
      built.delete(child);
    }
    setChildren(work, children, ids);
    built.set(node, work);
  }

  const trueRoots: WorkNode[] = [];
  const extraRoots: WorkNode[] = [];
  for (const root of tree.roots) {
    const work = built.get(root);
    if (!work) continue;
    (root.span.parentSpanId === undefined || root.span.parentSpanId === '' ? trueRoots : extraRoots).push(work);
  }
  const roots = [...collapseSiblings(orderSiblings(trueRoots)), ...collapseSiblings(orderSiblings(extraRoots))];
  return { roots: freeze(roots) };
}

function setChildren(work: WorkNode, children: WorkNode[], ids: ContentIds): void {
  work.children = children.length === 0 ? children : collapseSiblings(orderSiblings(children));
  let list = ids.noChildren;
  for (const child of work.children) list = ids.pair(list, ids.pair(child.subtree, child.count));
  work.subtree = ids.pair(work.content, list);
}

function ownWork(span: Span, rules: ScopedNormalizer, ids: ContentIds): WorkNode {
  let source = span.attributes;
  const body = source['tbt.response.body'];
  if (isTriggerSpan(span) && typeof body === 'string') {
    const { ['tbt.response.body']: _omitted, ...rest } = source;
    const shape: AttributeValue = bodyShape(body, (text) => rules.text('tbt.response.body', text));
    source = { ...rest, 'tbt.response.body_shape': shape };
  }
  const attributes = rules.attributes(source, span.resource);
  const name = rules.text('span.name', span.name);
  const status: SpanStatus =
    span.status.message === undefined || span.status.message === ''
      ? { code: span.status.code }
      : { code: span.status.code, message: rules.text('status.message', span.status.message) };
  // Most spans have no events: no copy, sort and map for them.
  const events: CanonicalEvent[] = span.events.length === 0 ? [] : [...span.events]
    .sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((event) => ({ name: rules.text('event.name', event.name), attributes: rules.attributes(event.attributes) }));
  const identity = identityOf(span.service, name, span.kind, attributes);
  return {
    name,
    service: span.service,
    kind: span.kind,
    attributes,
    status,
    events,
    count: 1,
    durationMs: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
    concurrent: false,
    children: [],
    start: span.startTimeUnixNano,
    end: span.endTimeUnixNano,
    identity,
    content: ids.own(name, span.service, span.kind, status, attributes, events),
    subtree: 0,
  };
}

/** Nanoseconds to milliseconds, rounded to the microsecond (0.001 ms); negative spans are 0. */
export function durationMs(start: bigint, end: bigint): number {
  const ns = end - start;
  if (ns <= 0n) return 0;
  // Below 2^53 the same rounding in exact double arithmetic, without two more bigints per span.
  if (ns < EXACT_NS) {
    const shifted = Number(ns) + 500;
    return (shifted - (shifted % 1000)) / 1000 / 1000;
  }
  return Number((ns + 500n) / 1000n) / 1000;
}

const EXACT_NS = 2n ** 53n - 1000n;

/** Work nodes to readonly canonical nodes, without the working fields; iterative. */
function freeze(roots: readonly WorkNode[]): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  const stack: [WorkNode, CanonicalNode[]][] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    const root = roots[i];
    if (root) stack.push([root, out]);
  }
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [work, target] = entry;
    const children: CanonicalNode[] = [];
    target.push({
      name: work.name,
      service: work.service,
      kind: work.kind,
      attributes: work.attributes,
      status: work.status,
      events: work.events,
      count: work.count,
      durationMs: work.durationMs,
      concurrent: work.concurrent,
      children,
    });
    for (let i = work.children.length - 1; i >= 0; i--) {
      const child = work.children[i];
      if (child) stack.push([child, children]);
    }
  }
  return out;
}

/**
 * Masks and redacts a free text the way span names are (secrets, ids, numbers in paths), for
 * texts made from raw spans that reach a file: detector finding keys and messages.
 */
export function textMasker(rules: NormalizeRules, knownSecrets: readonly string[] = []): (text: string) => string {
  const normalizer = new RuleEngine(rules, knownSecrets).forSpan('', '');
  return (text) => normalizer.text('span.name', text);
}
