// Learning from several recorded runs of one test: their canonical trees merged into one golden
// tree that every one of them verifies against. Only what differed between runs is loosened, and
// each loosening is written down in the node's `learned` facts for review. Pure.
import { setOwnKey } from '../common/index.ts';
import type { AttributeValue, Attributes, CanonicalNode, CanonicalTree, LearnedFacts } from '../model/index.ts';
import { spanIdentity } from '../normalize/index.ts';
import { maskOfValues } from './learned-mask.ts';
import { matchChildren } from './match-children.ts';
import { indexCanonicalTree, Interner } from './canonical-tree-index.ts';
import { stableStringify } from './stable-stringify.ts';

/** One attribute across the runs that saw its span: its distinct values, first seen first. */
interface AttributeRecord {
  readonly values: AttributeValue[];
  readonly seen: Set<string>;
}

/** One span across the runs merged so far. */
interface Learning {
  readonly first: CanonicalNode;
  readonly attributes: Map<string, AttributeRecord>;
  /** Its count in each run that saw it. */
  readonly counts: number[];
  /** Runs that saw its parent (for a root: every run). */
  parentRuns: number;
  durationMs: number;
  concurrent: boolean;
  readonly children: Learning[];
}

export interface MergeRunsOptions {
  /** What a span is, for matching; defaults to normalize's span identity (as diff uses). */
  readonly identityOf?: (node: CanonicalNode) => string;
}

/**
 * Merges the canonical trees of several runs of one test (in run order) into one tree:
 * - spans are matched run to run as diff matches them; a span some runs lack becomes optional
 *   (`minCount: 0`, `learned.seen: "2/3 runs"`), a count that varied becomes a range;
 * - an attribute whose value varied becomes a mask of only the part that varied
 *   (`learned.masked`); one that every run agreed on stays exact;
 * - each span's duration is the slowest run's, and siblings that overlapped in any run are
 *   concurrent (their order is no fact).
 * Merging copies of one tree gives that tree back. Status and events are taken from the first
 * run that saw the span: an error in some runs only is drift worth seeing, not noise.
 */
export function mergeRuns(runs: readonly CanonicalTree[], options: MergeRunsOptions = {}): CanonicalTree {
  const [first, ...rest] = runs;
  if (first === undefined) throw new Error('mergeRuns: no runs to merge');
  if (rest.length === 0) return first;
  const identityOf = options.identityOf ?? spanIdentity;
  const roots = first.roots.map((node) => startLearning(node, 1));
  for (const [fold, run] of rest.entries()) {
    const { tree, learningOf } = finish(roots);
    const interner = new Interner();
    const G = indexCanonicalTree(tree, identityOf, interner);
    const C = indexCanonicalTree(run, identityOf, interner);
    // parentSeen: runs that saw the parent, this one included (a span new here was absent from the others).
    const queue: Array<{ g: number; c: number; children: Learning[]; parentSeen: number }> = [{ g: 0, c: 0, children: roots, parentSeen: fold + 2 }];
    for (let head = 0; head < queue.length; head++) {
      const { g, c, children, parentSeen } = queue[head] as (typeof queue)[number];
      for (const child of children) child.parentRuns += 1;
      const match = matchChildren(G, C, g, c);
      const paired = new Map<number, Learning>();
      for (const pair of match.pairs) {
        if (pair.renamed) continue; // another span: each of the two is optional
        const learning = learningOf.get(G.nodes[pair.g] as CanonicalNode) as Learning;
        learn(learning, C.nodes[pair.c] as CanonicalNode);
        paired.set(pair.c, learning);
        queue.push({ g: pair.g, c: pair.c, children: learning.children, parentSeen: learning.counts.length });
      }
      // Spans first seen in this run go after the sibling they followed in it. Next to a sibling
      // this run did not see, their order was never observed: it is no fact (concurrent).
      const seenNow = new Set(paired.values());
      const freshAfter = new Map<Learning | undefined, Learning[]>();
      let previous: Learning | undefined;
      for (const k of C.children[c] as number[]) {
        const known = paired.get(k);
        if (known !== undefined) {
          previous = known;
          continue;
        }
        const fresh = startLearning(C.nodes[k] as CanonicalNode, parentSeen);
        paired.set(k, fresh);
        const group = freshAfter.get(previous);
        if (group) group.push(fresh);
        else freshAfter.set(previous, [fresh]);
      }
      if (freshAfter.size > 0) {
        const fresh = new Set([...freshAfter.values()].flat());
        const unseen = (learning: Learning): boolean => !fresh.has(learning) && !seenNow.has(learning);
        const merged: Learning[] = [];
        const push = (learning: Learning): void => {
          const before = merged[merged.length - 1];
          if (before !== undefined && ((fresh.has(learning) && unseen(before)) || (unseen(learning) && fresh.has(before)))) learning.concurrent = true;
          merged.push(learning);
        };
        for (const learning of freshAfter.get(undefined) ?? []) push(learning);
        for (const child of children) {
          push(child);
          for (const learning of freshAfter.get(child) ?? []) push(learning);
        }
        children.length = 0;
        for (const learning of merged) children.push(learning);
      }
      looseOrderWhereRunsDisagree(children, (C.children[c] as number[]).map((k) => paired.get(k) as Learning));
    }
  }
  return finish(roots).tree;
}

/**
 * This run saw `seen` in this order. Where that contradicts the merged order, the order of those
 * siblings is no fact: everything from the one that came early up to the one it passed becomes
 * concurrent (diff checks order only between sequential siblings).
 */
function looseOrderWhereRunsDisagree(children: readonly Learning[], seen: readonly Learning[]): void {
  const position = new Map(children.map((learning, at) => [learning, at]));
  let furthest = -1;
  for (const learning of seen) {
    const at = position.get(learning) as number;
    if (at < furthest) for (let k = at + 1; k <= furthest; k++) (children[k] as Learning).concurrent = true;
    furthest = Math.max(furthest, at);
  }
}

/** A span and its subtree as first seen, in a run whose parent count so far is `parentRuns`. */
function startLearning(node: CanonicalNode, parentRuns: number): Learning {
  const make = (n: CanonicalNode, runs: number): Learning => {
    const attributes = new Map<string, AttributeRecord>();
    for (const [key, value] of Object.entries(n.attributes)) attributes.set(key, { values: [value], seen: new Set([stableStringify(value)]) });
    return { first: n, attributes, counts: [n.count], parentRuns: runs, durationMs: n.durationMs, concurrent: n.concurrent, children: [] };
  };
  const top = make(node, parentRuns);
  const stack: Array<[CanonicalNode, Learning]> = [[node, top]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [n, learning] = entry;
    for (const child of n.children) {
      const childLearning = make(child, 1);
      learning.children.push(childLearning);
      stack.push([child, childLearning]);
    }
  }
  return top;
}

/** Adds one more run's sighting of a matched span. */
function learn(learning: Learning, node: CanonicalNode): void {
  learning.counts.push(node.count);
  learning.durationMs = Math.max(learning.durationMs, node.durationMs);
  learning.concurrent ||= node.concurrent;
  for (const [key, value] of Object.entries(node.attributes)) {
    const record = learning.attributes.get(key);
    const text = stableStringify(value);
    if (record === undefined) learning.attributes.set(key, { values: [value], seen: new Set([text]) });
    else if (!record.seen.has(text)) {
      record.seen.add(text);
      record.values.push(value);
    }
  }
}

/** The merged tree as it stands, and which learning each of its nodes came from. Iterative. */
function finish(roots: readonly Learning[]): { tree: CanonicalTree; learningOf: Map<CanonicalNode, Learning> } {
  const learningOf = new Map<CanonicalNode, Learning>();
  const built = new Map<Learning, CanonicalNode>();
  const stack: Array<{ learning: Learning; expanded: boolean }> = roots.map((learning) => ({ learning, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { learning: Learning; expanded: boolean };
    if (!top.expanded) {
      stack.push({ learning: top.learning, expanded: true });
      for (const child of top.learning.children) stack.push({ learning: child, expanded: false });
      continue;
    }
    const node = nodeOf(top.learning, top.learning.children.map((child) => built.get(child) as CanonicalNode));
    built.set(top.learning, node);
    learningOf.set(node, top.learning);
  }
  return { tree: { roots: roots.map((learning) => built.get(learning) as CanonicalNode) }, learningOf };
}

function nodeOf(learning: Learning, children: CanonicalNode[]): CanonicalNode {
  const { first, counts, parentRuns } = learning;
  const seenRuns = counts.length;
  const most = Math.max(...counts);
  const fewest = seenRuns < parentRuns ? 0 : Math.min(...counts);
  const attributes: Attributes = {};
  const masked: Record<string, string> = {};
  for (const key of Object.keys(first.attributes).concat([...learning.attributes.keys()].filter((key) => !(key in first.attributes)))) {
    const record = learning.attributes.get(key) as AttributeRecord;
    if (record.values.length === 1) setOwnKey(attributes, key, record.values[0] as AttributeValue);
    else {
      setOwnKey(attributes, key, maskOfValues(record.values));
      setOwnKey(masked, key, `${record.values.length} values in ${seenRuns} runs`);
    }
  }
  const facts: { -readonly [K in keyof LearnedFacts]: LearnedFacts[K] } = {};
  if (seenRuns < parentRuns) facts.seen = `${seenRuns}/${parentRuns} runs`;
  if (new Set(counts).size > 1) facts.counts = [...counts].sort((a, b) => a - b);
  if (Object.keys(masked).length > 0) facts.masked = masked;
  const { minCount: _minCount, learned: _learned, ...plain } = first;
  return {
    ...plain,
    attributes,
    count: most,
    ...(fewest < most ? { minCount: fewest } : {}),
    ...(Object.keys(facts).length > 0 ? { learned: facts } : {}),
    durationMs: learning.durationMs,
    concurrent: learning.concurrent,
    children,
  };
}

