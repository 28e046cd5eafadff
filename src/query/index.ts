// The query stage's public face: Tracetest's selector and assertion languages (compatible, with
// their defects fixed), parsed to syntax trees, bound, and evaluated over raw or canonical trees.
// Pure: no I/O, no environment, no clock. Other stages import query only through this file.

/** Parse text to a syntax tree, or throw a ParseError (a TbtError of kind 'syntax') with its offset. */
export { parseSelector, parseAssertion } from './parse.ts';

/** Variables visible to selectors and assertions: `${env:X}`, `${var:X}`, `env:X`, `var:X`. */
export type { EvaluationScope } from './select.ts';
/** A scope with no variables. */
export { EMPTY_SCOPE } from './select.ts';

/**
 * Compile a test's specs and flows (and outputs) up front. `compileSpecs` throws the first
 * problem as a TbtError located in the file; `compileCollecting` returns them all (for `tbt check`).
 * A `Locator` lets a loader map each text to its exact file position.
 */
export { compileSpecs, compileCollecting } from './compile.ts';
export type { Locator, SourceRef, TextOrigin } from './compile.ts';

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
