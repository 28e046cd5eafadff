// The query stage's public face: Tracetest's selector and assertion languages (compatible, with
// their defects fixed), parsed to syntax trees, bound, and evaluated over raw or canonical trees.
// Pure: no I/O, no environment, no clock. Other stages import query only through this file.

/** Syntax trees with offsets, for tools and tests. */
export type {
  AssertionAst,
  ComparisonOperator,
  Combinator,
  DurationUnit,
  ExprAst,
  PseudoClassAst,
  SelectorAst,
  SelectorChainAst,
  SelectorFilterAst,
  SelectorValueAst,
  SpanStepAst,
  StringPart,
  TextSpan,
  VariableRefAst,
} from './ast.ts';

/** Parse text to a syntax tree, or throw a ParseError (a TbtError of kind 'syntax') with its offset. */
export { parseSelector, parseAssertion, parseExpression } from './parse.ts';

/** Print a syntax tree back to canonical text; parsing the text gives the same tree. */
export { printSelector, printAssertion, printExpression } from './print.ts';

/** The error for a selector or assertion that does not parse or bind; `offset`, `line`, `column` within the text. */
export { ParseError } from './errors.ts';
export type { QueryLanguage } from './errors.ts';

/** Parse and bind in one step (cacheable): operators, filters and pseudo-classes resolved, literals typed. */
export { bindSelector, bindAssertion, bindExpression } from './bind.ts';
export type { BoundSelector, BoundAssertion, BoundExpression } from './bind.ts';
/** What selection functions accept besides text: a bound selector, or a parsed syntax tree. */
export type { ParsedSelector } from './query-matches.ts';

/** Variables visible to selectors and assertions: `${env:X}`, `${var:X}`, `env:X`, `var:X`. */
export type { EvaluationScope } from './select.ts';
/** A scope with no variables. */
export { EMPTY_SCOPE } from './select.ts';

/**
 * Compile a test's specs and flows (and outputs) up front. `compileSpecs` throws the first
 * problem as a TbtError located in the file; `compileCollecting` returns them all (for `tbt check`).
 * A `Locator` lets a loader map each text to its exact file position.
 */
export { compileSpecs, compileCollecting, locateIn } from './compile.ts';
export type {
  CompiledSpecs,
  CompiledSpec,
  CompiledFlow,
  CompiledOutput,
  CompileOptions,
  Locator,
  SourceRef,
  TextOrigin,
} from './compile.ts';

/**
 * Evaluate specs and flows on a raw span tree: one AssertionResult per assertion (and per
 * flow), stable order. Zero matches: `tracetest.selected_spans.count = 0` passes, any other
 * `attr:` fails with "no span matched SELECTOR". Throws TbtError('variable') for a missing variable.
 */
export { evaluateSpecs, evaluateOutputs, RAW_VALUES } from './run-specs.ts';
export type { OutputResult, ShownValues } from './run-specs.ts';

/** Selection over trees for tools and the diff engine. */
export { queryTree, selectCanonical } from './query-matches.ts';
export type { QueryMatch } from './query-matches.ts';
