// Matches two canonical trees and lists their drift: top-down by identity through a work queue
// (no recursion), then one global pass that finds moved subtrees among what stayed unmatched.
import type { CanonicalNode, CanonicalTree, Finding, SpanMatching, Tolerances } from '../model/index.ts';
import { isTriggerSpan, spanIdentity } from '../normalize/index.ts';
import { IGNORED_SUBTREE, OptionalSpanMatcher, ToleranceContext, type Judged, type SelectNodes } from './apply-tolerances.ts';
import { makeFinding, draft, PathBook, withUniqueKeys } from './build-findings.ts';
import { checkOrder } from './check-order.ts';
import { countLabel, judgeLearnedAttribute, judgeLearnedCount } from './learned-judge.ts';
import { compareAttributes, compareEvents, EVENTS_KEY } from './compare-attributes.ts';
import { matchChildren, type ChildPair } from './match-children.ts';
import { spanMatchingOf } from './span-matching.ts';
import { childCount, indexCanonicalTree, Interner, type CanonicalTreeIndex } from './canonical-tree-index.ts';

export interface DiffOptions {
  readonly tolerances: Tolerances;
  /** Resolves a rule's selector to the spans it picks in a tree (the query stage). */
  readonly selectNodes?: SelectNodes;
  /** What a span is, for matching; defaults to normalize's span identity. */
  readonly identityOf?: (node: CanonicalNode) => string;
}

/** Attributes of tbt's trigger root that describe the response, and how findings name them. */
const RESPONSE_KEYS: Readonly<Record<string, string>> = {
  'http.response.status_code': 'status',
  'tbt.response.body_shape': 'body shape',
};

/** What one diff found: the drift, and which golden span it matched with which current one. */
export interface TreeDiff {
  /** The drift: as found here, most important first from the stage's index (`diffTreesWithMatching`). */
  readonly findings: Finding[];
  /** The pairs the findings were judged on, for stages that compare a span with its golden self. */
  readonly matching: SpanMatching;
}

const IGNORED: Judged = { suppressed: true, tolerance: IGNORED_SUBTREE };

function isTriggerRoot(index: CanonicalTreeIndex, i: number): boolean {
  return index.parent[i] === 0 && isTriggerSpan(index.nodes[i] as CanonicalNode);
}

export function diffTrees(golden: CanonicalTree, current: CanonicalTree, options: DiffOptions): TreeDiff {
  const identityOf = options.identityOf ?? spanIdentity;
  // Connects and session statements come and go with the pool's state: never drift by default.
  const matcher = new OptionalSpanMatcher(options.tolerances.optional);
  // Remembered per shared attribute map while indexing a tree that shares them (see
  // indexCanonicalTree); asked again only for a finding.
  const optionalReason = (node: CanonicalNode, remember = false): string | undefined => matcher.reason(node, remember);
  const isOptional = (node: CanonicalNode, remember = false): boolean => optionalReason(node, remember) !== undefined;
  const asOptional = (judged: Judged, ...nodes: CanonicalNode[]): Judged => {
    if (judged.suppressed) return judged;
    for (const node of nodes) {
      const reason = optionalReason(node);
      if (reason !== undefined) return { suppressed: true, tolerance: reason };
    }
    return judged;
  };
  // The interner holds every key text; it is garbage once both trees are indexed.
  const [G, C] = ((interner: Interner) => [indexCanonicalTree(golden, identityOf, interner, isOptional), indexCanonicalTree(current, identityOf, interner, isOptional)])(new Interner());
  const tolerances = new ToleranceContext(options.tolerances, { tree: golden, index: G }, { tree: current, index: C }, options.selectNodes);
  const pathsG = new PathBook(G);
  const pathsC = new PathBook(C);
  const findings: Finding[] = [];
  const partnerG = new Int32Array(G.nodes.length).fill(-1);
  const partnerC = new Int32Array(C.nodes.length).fill(-1);
  const missingTops: number[] = [];
  const unexpectedTops: number[] = [];

  const ignoredAt = (g: number, c: number): Judged | undefined =>
    (g >= 0 && tolerances.ignoredG[g] === 1) || (c >= 0 && tolerances.ignoredC[c] === 1) ? IGNORED : undefined;

  const comparePair = (pair: ChildPair, gParent: number, cParent: number): void => {
    const { g, c } = pair;
    const gNode = G.nodes[g] as CanonicalNode;
    const cNode = C.nodes[c] as CanonicalNode;
    // The pair's path (pathsC.path(c)) is built only for a finding: eager paths would be quadratic on a deep chain.
    const ignored = ignoredAt(g, c);
    const tolerance = tolerances.forPair(g, c);
    if (pair.renamed) findings.push(makeFinding(draft.renamed(pathsC.path(c), gNode, cNode, ignored)));
    if (pair.counts !== undefined && pair.counts[0] !== pair.counts[1]) {
      const [before, after] = pair.counts;
      let judged = tolerance.judgeCount(before, after);
      if (!judged.suppressed && before === gNode.count) judged = judgeLearnedCount(gNode, after) ?? judged;
      if (!judged.suppressed && after > before && tolerances.allowsExtraChildren(gParent, cParent)) {
        judged = { suppressed: true, tolerance: 'allowExtraChildren' };
      }
      judged = asOptional(judged, gNode, cNode);
      findings.push(makeFinding(draft.count(pathsC.path(c), before, after, judged, ignored, before === gNode.count ? countLabel(gNode) : undefined)));
    }
    if (G.self[g] !== C.self[c]) {
      if (gNode.status.code !== cNode.status.code || (gNode.status.message ?? '') !== (cNode.status.message ?? '')) {
        findings.push(makeFinding(draft.status(pathsC.path(c), gNode, cNode, ignored)));
      }
      const isRoot = isTriggerRoot(C, c);
      for (const drift of compareAttributes(gNode.attributes, cNode.attributes)) {
        let judged = tolerance.judgeAttribute(drift.key, drift.before, drift.after);
        if (!judged.suppressed && drift.change === 'changed') judged = judgeLearnedAttribute(gNode, drift.key, drift.after) ?? judged;
        const response = isRoot ? RESPONSE_KEYS[drift.key] : undefined;
        findings.push(makeFinding(response === undefined ? draft.attribute(pathsC.path(c), drift, judged, ignored) : draft.response(pathsC.path(c), response, drift, judged, ignored)));
      }
      const events = compareEvents(gNode.events, cNode.events);
      if (events) findings.push(makeFinding(draft.attribute(pathsC.path(c), events, tolerance.judgeAttribute(EVENTS_KEY, undefined, undefined), ignored)));
    }
    // tbt's own trigger span times the request from outside: its growth beyond the system's spans
    // is tbt's (and the machine's) overhead, and its children are judged on their own.
    const slow = isTriggerRoot(C, c) ? undefined : tolerance.judgeDuration(G.durationMs[g] as number, C.durationMs[c] as number);
    if (slow) findings.push(makeFinding(draft.duration(pathsC.path(c), gNode.durationMs, cNode.durationMs, slow, ignored)));
  };

  // Pairs to compare, a level at a time, in the order one queue would take them; a pair's parents
  // are its spans' parents in each tree (moves included). A level is garbage once the next is
  // listed: one queue of all 100k pairs kept each alive to the end, into the old generation.
  let level: ChildPair[] = [];
  const walk = (): void => {
    while (level.length > 0) {
      const next: ChildPair[] = [];
      for (const pair of level) {
        const { g, c } = pair;
        const gParent = G.parent[g] as number;
        const cParent = C.parent[c] as number;
        partnerG[g] = c;
        partnerC[c] = g;
        if (g !== 0) comparePair(pair, gParent, cParent);
        if (childCount(G, g) === 0 && childCount(C, c) === 0) continue;
        const match = matchChildren(G, C, g, c);
        for (const child of match.pairs) next.push(child);
        for (const top of match.missing) missingTops.push(top);
        for (const top of match.unexpected) unexpectedTops.push(top);
        if (g === 0) continue; // roots have no parent whose steps they are
        for (const change of checkOrder(match.pairs, G, C)) {
          const node = C.nodes[change.pair.c] as CanonicalNode;
          const witness = C.nodes[change.witness.c] as CanonicalNode;
          const ignored = ignoredAt(change.pair.g, change.pair.c);
          findings.push(makeFinding(draft.order(pathsC.path(change.pair.c), node, witness, change.now, ignored)));
        }
      }
      level = next;
    }
  };

  level = [{ g: 0, c: 0, renamed: false }];
  walk();

  // A connect that happened under another request this time has not moved: it is optional.
  const moved = findMoved(
    G,
    C,
    missingTops.filter((g) => !isOptional(G.nodes[g] as CanonicalNode)),
    unexpectedTops.filter((c) => !isOptional(C.nodes[c] as CanonicalNode)),
  );
  for (const [g, c] of moved.pairs) {
    const gParent = G.parent[g] as number;
    const cParent = C.parent[c] as number;
    const path = pathsC.path(c);
    const fromParent = pathsG.path(gParent);
    findings.push(makeFinding(draft.moved(path, fromParent, pathsC.path(cParent), pathsG.path(g), ignoredAt(g, c))));
    const gNode = G.nodes[g] as CanonicalNode;
    const cNode = C.nodes[c] as CanonicalNode;
    level.push({ g, c, renamed: false, counts: [gNode.count, cNode.count] });
  }
  const settled = { g: missingTops.length, c: unexpectedTops.length };
  walk();

  missingTops.forEach((g, at) => {
    if (at < settled.g && moved.claimedG[g] === 1) return;
    const node = G.nodes[g] as CanonicalNode;
    const gParent = G.parent[g] as number;
    // Where it was expected: under the current partner of its golden parent.
    const cParent = partnerG[gParent] as number;
    const prefix = cParent >= 0 ? pathsC.path(cParent) : pathsG.path(gParent);
    let judged = tolerances.forPair(g, -1).judgeCount(node.count, 0);
    if (!judged.suppressed) judged = judgeLearnedCount(node, 0) ?? judged;
    judged = asOptional(judged, node);
    findings.push(makeFinding(draft.missing([...prefix, pathsG.segment(g)], node.count, judged, ignoredAt(g, cParent), countLabel(node))));
  });
  unexpectedTops.forEach((c, at) => {
    if (at < settled.c && moved.claimedC[c] === 1) return;
    const node = C.nodes[c] as CanonicalNode;
    const cParent = C.parent[c] as number;
    let judged = tolerances.forPair(-1, c).judgeCount(0, node.count);
    if (!judged.suppressed && tolerances.allowsExtraChildren(partnerC[cParent] as number, cParent)) {
      judged = { suppressed: true, tolerance: 'allowExtraChildren' };
    }
    judged = asOptional(judged, node);
    findings.push(makeFinding(draft.unexpected(pathsC.path(c), node.count, judged, ignoredAt(-1, c))));
  });
  return { findings: withUniqueKeys(findings), matching: spanMatchingOf(G.nodes, C.nodes, partnerC) };
}

/**
 * Pairs unmatched golden subtrees with identical unmatched current ones anywhere in the tree,
 * biggest first, so a subtree that changed parent reads as one move. Ranges of pre-order indices
 * make "inside an already claimed subtree" an O(1) test.
 */
function findMoved(G: CanonicalTreeIndex, C: CanonicalTreeIndex, missingTops: readonly number[], unexpectedTops: readonly number[]) {
  const claimedG = new Uint8Array(G.nodes.length);
  const claimedC = new Uint8Array(C.nodes.length);
  const pairs: Array<[number, number]> = [];
  if (missingTops.length === 0 || unexpectedTops.length === 0) return { pairs, claimedG, claimedC };
  const byShape = new Map<number, { list: number[]; next: number }>();
  for (const top of unexpectedTops) {
    for (let c = top; c < top + (C.size[top] as number); c++) {
      const shape = C.shape[c] as number;
      const entry = byShape.get(shape);
      if (entry) entry.list.push(c);
      else byShape.set(shape, { list: [c], next: 0 });
    }
  }
  const candidates: number[] = [];
  for (const top of missingTops) for (let g = top; g < top + (G.size[top] as number); g++) candidates.push(g);
  candidates.sort((a, b) => (G.size[b] as number) - (G.size[a] as number) || a - b);
  for (const g of candidates) {
    if (claimedG[g] === 1) continue;
    const entry = byShape.get(G.shape[g] as number);
    if (entry === undefined) continue;
    while (entry.next < entry.list.length && claimedC[entry.list[entry.next] as number] === 1) entry.next++;
    const c = entry.list[entry.next];
    if (c === undefined) continue;
    entry.next++;
    claimedG.fill(1, g, g + (G.size[g] as number));
    claimedC.fill(1, c, c + (C.size[c] as number));
    pairs.push([g, c]);
  }
  return { pairs, claimedG, claimedC };
}
