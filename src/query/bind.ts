// The binder's face: parse and bind selectors, assertions and expressions, each text once (the
// bound trees are immutable and cached). See bind-selector.ts and bind-expression.ts.
import { bindAssertionText, bindExpression } from './bind-expression.ts';
import { bindSelectorText } from './bind-selector.ts';
import type { BoundAssertion, BoundSelector } from './bound.ts';

export type {
  AggregateName,
  BoundAssertion,
  BoundChain,
  BoundExpr,
  BoundExpression,
  BoundFilter,
  BoundSelector,
  BoundStep,
  SelectorLiteral,
  TemplatePart,
} from './bound.ts';
export { normalizeLiteral } from './literals.ts';
export { bindExpression };

const selectorCache = new Map<string, BoundSelector>();
const assertionCache = new Map<string, BoundAssertion>();

/** Bound trees are immutable, so the same text binds once (the cache is bounded). */
function cached<T>(cache: Map<string, T>, text: string, bind: (text: string) => T): T {
  let bound = cache.get(text);
  if (bound === undefined) {
    bound = bind(text);
    if (cache.size >= 2000) cache.clear();
    cache.set(text, bound);
  }
  return bound;
}

/** Parses and binds a selector; a ParseError when it is not valid. */
export function bindSelector(text: string): BoundSelector {
  return cached(selectorCache, text, bindSelectorText);
}

/** Parses and binds an assertion: `LEFT OP RIGHT`. */
export function bindAssertion(text: string): BoundAssertion {
  return cached(assertionCache, text, bindAssertionText);
}
