// Turns the raw span tree into the canonical tree a snapshot holds: rules applied, siblings
// ordered by cluster and identity, identical subtrees collapsed. Pure and iterative.
import {
  STATUS_OF_CODE,
  type Attributes,
  type AttributeValue,
  type CanonicalEvent,
  type CanonicalTree,
  type NormalizeRules,
  type Span,
  type SpanStatus,
  type SpanTree,
  type SpanTreeNode,
} from '../model/index.ts';
import { bodyShape } from './body-shape.ts';
import { AttributeEntries } from './attribute-entries.ts';
import { ContentIds } from './content-ids.ts';
import { collapseSiblings, orderSiblings, type WorkNode } from './order-siblings.ts';
import { RuleEngine, type ScopedNormalizer } from './rule-engine.ts';

/** True for tbt's own root span (`trigger POST /checkout`, service `tbt`). */
export function isTriggerSpan(span: Pick<Span, 'service' | 'name'>): boolean {
  return span.service === 'tbt' && span.name.startsWith('trigger ');
}

/**
 * The canonical tree of a span tree under the given rules. True roots come first, then the extra
 * roots of spans whose parent never arrived; each group is ordered and collapsed like siblings.
 */
export function canonicalize(tree: SpanTree, rules: NormalizeRules, options: { readonly knownSecrets?: readonly string[] } = {}): CanonicalTree {
  return new Canonicalizer(rules, options).canonicalize(tree, { last: true });
}

/**
 * Canonicalizes trees under one set of rules, keeping what it learned from one tree for the next:
 * the masked values (value-cache.ts) and the content ids. The runs of a comparison (`tbt diff A
 * B`, the traces of one file) repeat most of each other's values, so the second tree costs a
 * lookup per value where the first cost the masks (issue 14); each tree's canonical tree is the
 * one `canonicalize` gives it alone (test/normalize/canonicalizer.test.ts).
 */
export class Canonicalizer {
  private readonly engine: RuleEngine;
  private readonly ids = new ContentIds();

  constructor(rules: NormalizeRules, options: { readonly knownSecrets?: readonly string[] } = {}) {
    this.engine = new RuleEngine(rules, options.knownSecrets);
  }

  /** `last`: no tree follows, so the value memos write down nothing for one. */
  canonicalize(tree: SpanTree, { last = false }: { readonly last?: boolean } = {}): CanonicalTree {
    const { ids } = this;
    this.engine.nextTrace(!last);
    const own = ownContents(tree, this.engine, ids);
    const trueRoots: WorkNode[] = [];
    const extraRoots: WorkNode[] = [];
    for (const root of tree.roots) {
      const work = workTree(root, own, ids);
      (root.span.parentSpanId === undefined || root.span.parentSpanId === '' ? trueRoots : extraRoots).push(work);
    }
    const roots = [...collapseSiblings(orderSiblings(trueRoots)), ...collapseSiblings(orderSiblings(extraRoots))];
    return { roots: roots.map((root) => root.node) };
  }
}

/** A span's normalized name, service, attributes, status and events, and their content id. */
interface OwnContent {
  readonly name: string;
  readonly service: string;
  readonly attributes: Attributes;
  readonly status: SpanStatus;
  readonly events: readonly CanonicalEvent[];
  readonly content: number;
}

/** Every span's own content, by the span's place in `nodes`, and how to find a node's place. */
interface OwnContents {
  readonly indexOf: (node: SpanTreeNode) => number;
  readonly list: readonly OwnContent[];
}

/**
 * The own content of every span, worked out in the order the spans sit in memory (the tree's
 * `nodes`: as they arrived), not in tree order: on a 100k-span trace that order reads spans,
 * their attributes and their strings one after the other (canonicalize −12% CPU; issue 14). A
 * tree built without `nodes` is listed here.
 */
function ownContents(tree: SpanTree, engine: RuleEngine, ids: ContentIds): OwnContents {
  let nodes = tree.nodes;
  let indexOf = (node: SpanTreeNode): number => node.index as number;
  if (nodes === undefined) {
    const listed = everyNode(tree);
    const places = new Map(listed.map((node, index) => [node, index]));
    nodes = listed;
    indexOf = (node) => places.get(node) as number;
  }
  const list: OwnContent[] = [];
  // Indexed loops in the per-span passes: a for-of here allocated an iterator result per span.
  for (let i = 0; i < nodes.length; i++) {
    const { span } = nodes[i] as SpanTreeNode;
    list.push(ownContent(span, engine.forSpan(span.service, span.name), ids));
  }
  return { indexOf, list };
}

/** Every node of a tree, parents before children. */
function everyNode(tree: SpanTree): SpanTreeNode[] {
  const out: SpanTreeNode[] = [];
  const stack = [...tree.roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    out.push(node);
    for (const child of node.children) stack.push(child);
  }
  return out;
}

/**
 * The work tree of one root, children before parents, without recursion (a 100k-deep chain has no
 * stack for it). Parallel stacks hold the path from the root: each node, the index of its next
 * child to visit, and its children built so far; no entry or map per span. A leaf (most spans
 * are) is built where its parent meets it, without a visit on the path. Nodes are made in this
 * order, so a tree's nodes sit together in memory for the diff that walks them next.
 */
function workTree(root: SpanTreeNode, own: OwnContents, ids: ContentIds): WorkNode {
  if (root.children.length === 0) return leafWork(root, own);
  const path: SpanTreeNode[] = [root];
  const nextChild: number[] = [0];
  const builtChildren: WorkNode[][] = [[]];
  for (;;) {
    const top = path.length - 1;
    const node = path[top] as SpanTreeNode;
    const next = nextChild[top] as number;
    if (next < node.children.length) {
      nextChild[top] = next + 1;
      const child = node.children[next] as SpanTreeNode;
      if (child.children.length === 0) {
        (builtChildren[top] as WorkNode[]).push(leafWork(child, own));
        continue;
      }
      path.push(child);
      nextChild.push(0);
      builtChildren.push([]);
      continue;
    }
    const work = workNode(node.span, own.list[own.indexOf(node)] as OwnContent);
    setChildren(work, builtChildren[top] as WorkNode[], ids);
    path.pop();
    nextChild.pop();
    builtChildren.pop();
    if (top === 0) return work;
    (builtChildren[top - 1] as WorkNode[]).push(work);
  }
}

/** The work node of a leaf: its subtree is its own content (ContentIds.subtree). */
function leafWork(node: SpanTreeNode, own: OwnContents): WorkNode {
  const work = workNode(node.span, own.list[own.indexOf(node)] as OwnContent);
  work.subtree = work.content;
  return work;
}

/** Orders and collapses a parent's (one or more) children, and works out its subtree id. */
function setChildren(work: WorkNode, children: WorkNode[], ids: ContentIds): void {
  // One child is ordered and collapsed as it is (not concurrent, nothing to fold into it).
  work.children = children.length === 1 ? children : collapseSiblings(orderSiblings(children));
  work.node.children = work.children.map((child) => child.node);
  work.subtree = ids.subtree(work.content, work.children);
}

/** The children of every leaf, work or canonical: one shared empty list, frozen so that none grows. */
const NO_CHILDREN: readonly never[] = Object.freeze([]);
/** The events of every span without events. */
const NO_EVENTS: readonly never[] = Object.freeze([]);

/** One span's normalized attribute entries at a time (ownContent is not reentrant). */
const entries = new AttributeEntries();

/** A span's own content: its name, attributes, status and events normalized, and their id. */
function ownContent(span: Span, rules: ScopedNormalizer, ids: ContentIds): OwnContent {
  let source = span.attributes;
  const body = source['tbt.response.body'];
  if (isTriggerSpan(span) && typeof body === 'string') {
    const { ['tbt.response.body']: _omitted, ...rest } = source;
    const shape: AttributeValue = bodyShape(body, (text) => rules.text('tbt.response.body', text));
    source = { ...rest, 'tbt.response.body_shape': shape };
  }
  rules.attributeEntries(source, span.resource, entries);
  const attributes = ids.sharedOfEntries(entries);
  const name = rules.text('span.name', span.name);
  // A service's name is shown with its secret shapes redacted, as keys are; rules still match it as it is.
  const service = rules.shownName(span.service);
  const status: SpanStatus =
    span.status.message === undefined || span.status.message === ''
      ? STATUS_OF_CODE[span.status.code]
      : { code: span.status.code, message: rules.text('status.message', span.status.message) };
  // Most spans have no events: no copy, sort and map for them.
  const events: readonly CanonicalEvent[] = span.events.length === 0 ? NO_EVENTS : [...span.events]
    .sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((event) => ({ name: rules.text('event.name', event.name), attributes: rules.attributes(event.attributes) }));
  return { name, service, attributes, status, events, content: ids.own(name, service, span.kind, status, attributes, events) };
}

/** The work node (and its canonical node) of a span with its own content. */
function workNode(span: Span, { name, service, attributes, status, events, content }: OwnContent): WorkNode {
  return {
    node: {
      name,
      service,
      kind: span.kind,
      attributes,
      status,
      events,
      count: 1,
      durationMs: durationMs(span.startTimeUnixNano, span.endTimeUnixNano),
      concurrent: false,
      children: NO_CHILDREN,
    },
    children: NO_CHILDREN,
    start: span.startTimeUnixNano,
    end: span.endTimeUnixNano,
    content,
    subtree: 0,
    // Set later, when needed; present from the start so that every work node has one shape.
    identity: undefined,
    hash: undefined,
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

/**
 * Masks and redacts a free text the way span names are (secrets, ids, numbers in paths), for
 * texts made from raw spans that reach a file: detector finding keys and messages.
 */
export function textMasker(rules: NormalizeRules, knownSecrets: readonly string[] = []): (text: string) => string {
  const normalizer = new RuleEngine(rules, knownSecrets).forSpan('', '');
  return (text) => normalizer.text('span.name', text);
}
