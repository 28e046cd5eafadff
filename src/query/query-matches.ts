// Offline selection for tools: which spans a selector matches in a raw or canonical tree, as
// plain records (report renders them for `tbt query`).
import {
  formatPath,
  type CanonicalNode,
  type CanonicalTree,
  type JsonValue,
  type SpanKind,
  type SpanTree,
} from '../model/index.ts';
import type { SelectorAst } from './ast.ts';
import { bindSelector, type BoundSelector } from './bind.ts';
import { printSelector } from './print.ts';
import { EMPTY_SCOPE, selectIndices, type EvaluationScope } from './select.ts';
import { canonicalTreePort, flatten, pathOf, spanTreePort, type FlatTree } from './source.ts';
import { fromAttribute, toJson } from './values.ts';

/** One matched span, as `tbt query --json` prints it. */
export interface QueryMatch {
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  /** `service › name › …` from the root. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, JsonValue>>;
  /** How many spans this match stands for: a snapshot's collapsed node (`count: N`) is N spans. */
  readonly count: number;
}

function isSpanTree(tree: SpanTree | CanonicalTree): tree is SpanTree {
  return 'spanCount' in tree;
}

/** A selector already parsed: bound (from `bindSelector`) or a bare syntax tree (from `parseSelector`). */
export type ParsedSelector = BoundSelector | SelectorAst;

function bound(selector: string | ParsedSelector): BoundSelector {
  if (typeof selector === 'string') return bindSelector(selector);
  return 'variables' in selector ? selector : bindSelector(printSelector(selector));
}

function flatOf(tree: SpanTree | CanonicalTree): FlatTree {
  return isSpanTree(tree) ? flatten(tree, spanTreePort(tree)) : flatten(tree, canonicalTreePort(tree));
}

/** The spans `selector` matches, in depth-first, start-time order. Throws ParseError when invalid. */
export function queryTree(selector: string | ParsedSelector, tree: SpanTree | CanonicalTree, scope: EvaluationScope = EMPTY_SCOPE): QueryMatch[] {
  const flat = flatOf(tree);
  return selectIndices(bound(selector), flat, scope).map((index): QueryMatch => {
    const span = flat.spans[index];
    if (!span) throw new RangeError(`no span at ${index}`);
    const attributes = toJson(fromAttribute(span.attributes)) as Record<string, JsonValue>;
    const count = copiesOf(flat, index);
    return { name: span.name, service: span.service, kind: span.kind, path: formatPath(pathOf(flat, index)), attributes, count };
  });
}

/** A canonical node with `count: N` is N spans, and so is everything under it, N times over. */
function copiesOf(flat: FlatTree, index: number): number {
  let copies = 1;
  for (let at = index; at >= 0; at = flat.parent[at] ?? -1) {
    const node = flat.nodes[at];
    if (typeof node === 'object' && node !== null && 'count' in node && typeof node.count === 'number') copies *= node.count;
  }
  return copies;
}

/**
 * The canonical nodes `selector` matches: the diff engine's hook for per-selector tolerance
 * rules. Accepts a selector text or one already bound.
 */
export function selectCanonical(selector: string | ParsedSelector, tree: CanonicalTree, scope: EvaluationScope = EMPTY_SCOPE): Set<CanonicalNode> {
  const flat = flatten(tree, canonicalTreePort(tree));
  return new Set(selectIndices(bound(selector), flat, scope).map((index) => flat.nodes[index] as CanonicalNode));
}
