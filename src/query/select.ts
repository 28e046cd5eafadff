// Runs a bound selector over a flattened tree. Steps seed from a per-key value index when they
// have an `=` filter; combinators test preorder intervals (descendant) or parent links (child),
// so no pair of spans is ever compared. Results are in depth-first, start-time order.
import { TbtError, type SourceLocation } from '../model/index.ts';
import type { BoundChain, BoundFilter, BoundSelector, BoundStep, SelectorLiteral } from './bind.ts';
import { normalizeLiteral } from './bind.ts';
import { lookup } from './lookup.ts';
import type { ComparisonContext } from './operators.ts';
import type { AttributeIndex, FlatTree } from './source.ts';
import { asNumber, str, type Value } from './values.ts';

/** Variables a selector or expression may read: `${env:X}` and `${var:X}`. */
export interface EvaluationScope {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: Readonly<Record<string, string>>;
}

export const EMPTY_SCOPE: EvaluationScope = { env: {}, vars: {} };

/** Reads a variable or throws the TbtError('variable') the CLI turns into exit 2. */
export function readVariable(scope: EvaluationScope, source: 'env' | 'var', name: string, where?: SourceLocation, usedIn?: string): string {
  const value = source === 'env' ? scope.env[name] : Object.prototype.hasOwnProperty.call(scope.vars, name) ? scope.vars[name] : undefined;
  if (value !== undefined) return value;
  const fix = source === 'env' ? `set the environment variable ${name}` : `define ${name} in a VariableSet passed with --vars, or as an output of an earlier suite step`;
  throw new TbtError('variable', `variable ${source}:${name} is not set${usedIn ? ` (used in ${usedIn})` : ''}`, {
    hint: fix,
    ...(where ? { location: where } : {}),
  });
}

const regexCache = new Map<string, RegExp | string>();

/** Shared regex compilation with a bounded cache; an invalid pattern gives its reason. */
export function compileRegex(pattern: string): RegExp | string {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(pattern);
    } catch (error) {
      compiled = `invalid regular expression: ${(error as Error).message}`;
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

const comparisonContext: ComparisonContext = { regex: compileRegex };

/** Preorder indices of the spans `selector` matches, de-duplicated across `,` groups. */
export function selectIndices(selector: BoundSelector, flat: FlatTree, scope: EvaluationScope, where?: SourceLocation): number[] {
  const count = flat.nodes.length;
  if (selector.groups.length === 0) return Array.from({ length: count }, (_, index) => index);
  if (selector.groups.length === 1) return runChain(selector.groups[0] as BoundChain, flat, scope, where, selector.text);
  const marked = new Uint8Array(count);
  for (const chain of selector.groups) for (const index of runChain(chain, flat, scope, where, selector.text)) marked[index] = 1;
  const out: number[] = [];
  for (let index = 0; index < count; index++) if (marked[index]) out.push(index);
  return out;
}

function runChain(chain: BoundChain, flat: FlatTree, scope: EvaluationScope, where: SourceLocation | undefined, text: string): number[] {
  let current: number[] = [];
  chain.steps.forEach((step, position) => {
    let matches = matchStep(step, flat, scope, where, text);
    if (position > 0) {
      matches = chain.combinators[position - 1] === 'child' ? childrenOf(current, matches, flat) : descendantsOf(current, matches, flat);
    }
    current = step.pseudo ? step.pseudo.definition.pick(matches, step.pseudo.argument) : matches;
  });
  return current;
}

/** Candidates inside the subtree (not at the root) of some span in `ancestors`. Both sorted. */
function descendantsOf(ancestors: readonly number[], candidates: readonly number[], flat: FlatTree): number[] {
  const out: number[] = [];
  let limit = -1;
  let cursor = 0;
  const outerStarts: number[] = [];
  const outerEnds: number[] = [];
  for (const ancestor of ancestors) {
    if (ancestor >= limit) {
      outerStarts.push(ancestor);
      limit = flat.end[ancestor] as number;
      outerEnds.push(limit);
    }
  }
  for (const candidate of candidates) {
    while (cursor < outerEnds.length && (outerEnds[cursor] as number) <= candidate) cursor++;
    if (cursor < outerStarts.length && (outerStarts[cursor] as number) < candidate) out.push(candidate);
  }
  return out;
}

function childrenOf(parents: readonly number[], candidates: readonly number[], flat: FlatTree): number[] {
  const isParent = new Uint8Array(flat.nodes.length);
  for (const parent of parents) isParent[parent] = 1;
  return candidates.filter((candidate) => {
    const parent = flat.parent[candidate] as number;
    return parent >= 0 && isParent[parent] === 1;
  });
}

interface ResolvedFilter {
  readonly filter: BoundFilter;
  readonly value: Value;
}

function resolveLiteral(filter: BoundFilter, literal: SelectorLiteral, scope: EvaluationScope, where: SourceLocation | undefined, text: string): Value {
  if (literal.kind === 'constant') return literal.value;
  const joined = literal.parts.map((part) => (typeof part === 'string' ? part : readVariable(scope, part.kind, part.name, where, `selector ${text}`))).join('');
  return normalizeLiteral(filter.key, str(joined));
}

function matchStep(step: BoundStep, flat: FlatTree, scope: EvaluationScope, where: SourceLocation | undefined, text: string): number[] {
  const resolved: ResolvedFilter[] = step.filters.map((filter) => ({ filter, value: resolveLiteral(filter, filter.value, scope, where, text) }));
  let seed: readonly number[] | undefined;
  for (const item of resolved) {
    if (item.filter.operator.symbol !== '=') continue;
    const candidates = indexCandidates(flat, item);
    if (candidates && (!seed || candidates.length < seed.length)) seed = candidates;
  }
  const test = (index: number): boolean => resolved.every((item) => filterPasses(flat, index, item));
  if (seed) return seed.filter(test);
  const out: number[] = [];
  for (let index = 0; index < flat.nodes.length; index++) if (test(index)) out.push(index);
  return out;
}

function filterPasses(flat: FlatTree, index: number, { filter, value }: ResolvedFilter): boolean {
  if (filter.triggerAlias && index === flat.triggerRoot) return true;
  const actual = lookup(flat, index, filter.key);
  if (actual === undefined) return false;
  const outcome = filter.operator.compare(actual, value, comparisonContext);
  return 'passed' in outcome && outcome.passed;
}

/** Index keys of a value: numeric and boolean text also files under the number or boolean. */
function indexKeys(value: Value): string[] | undefined {
  switch (value.kind) {
    case 'string': {
      const keys = [`s:${value.value}`];
      const number = asNumber(value);
      if (number !== undefined) keys.push(`n:${number}`);
      const trimmed = value.value.trim();
      if (trimmed === 'true' || trimmed === 'false') keys.push(`b:${trimmed}`);
      return keys;
    }
    case 'number':
      return [`n:${value.value}`];
    case 'boolean':
      return [`b:${value.value}`];
    default:
      return undefined;
  }
}

function buildIndex(flat: FlatTree, key: string): AttributeIndex {
  const byKey = new Map<string, number[]>();
  const others: number[] = [];
  for (let index = 0; index < flat.nodes.length; index++) {
    const value = lookup(flat, index, key);
    if (value === undefined) continue;
    const keys = indexKeys(value);
    if (!keys) {
      others.push(index);
      continue;
    }
    for (const indexKey of keys) {
      const list = byKey.get(indexKey);
      if (list) list.push(index);
      else byKey.set(indexKey, [index]);
    }
  }
  return { byKey, others };
}

/** A superset of the spans an `=` filter can match (every candidate is re-checked), sorted. */
function indexCandidates(flat: FlatTree, { filter, value }: ResolvedFilter): readonly number[] | undefined {
  const keys = indexKeys(value);
  if (!keys) return undefined;
  let index = flat.indexes.get(filter.key);
  if (!index) {
    index = buildIndex(flat, filter.key);
    flat.indexes.set(filter.key, index);
  }
  const lists: (readonly number[])[] = [index.others];
  for (const key of keys) lists.push(index.byKey.get(key) ?? []);
  if (filter.triggerAlias && flat.triggerRoot >= 0) lists.push([flat.triggerRoot]);
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return [...new Set(nonEmpty.flat())].sort((a, b) => a - b);
}
