// Runs compiled specs on a span tree and reports them as AssertionResult values: one per
// assertion, at the assertion's own line, with each selected span's path, observed value and
// verdict (or, for counts and aggregates, the selection listed once), in a stable order.
import {
  formatPath,
  type AssertionResult,
  type JsonValue,
  type FlowDefinition,
  type OutputDefinition,
  type SpanAssertionResult,
  type SpanTree,
  type SpecDefinition,
} from '../model/index.ts';
import type { BoundAssertion, BoundExpr } from './bind.ts';
import { compileSpecs, type CompiledSpec } from './compile.ts';
import { evaluateExpr, type EvaluationContext } from './evaluate.ts';
import { observedAsWritten, onceMessage, selectionLines, wanted } from './failure-text.ts';
import { EvaluationFailure } from './filters.ts';
import { evaluateFlow } from './flow.ts';
import { selectIndices, compileRegex, type EvaluationScope } from './select.ts';
import { flatten, pathOf, spanTreePort, type FlatTree } from './source.ts';
import { asText, fromJson, toJson, type Value } from './values.ts';

/**
 * How results show the values they read. Specs are judged on the raw values (a redaction, or a
 * false positive of one, never changes a verdict); what a result prints of them (observed values,
 * failure messages, span paths) goes through this. The runner passes normalize's secret redactor.
 */
export interface ShownValues {
  text(text: string): string;
  /** A value read from attribute `key` (undefined: not an attribute's). */
  value(key: string | undefined, value: JsonValue): JsonValue;
  /** A span's path, its services and names shown as a snapshot shows them. */
  path(text: string): string;
}

/** Shows everything as it is (library callers that want raw results). */
export const RAW_VALUES: ShownValues = { text: (text) => text, value: (_key, value) => value, path: (text) => text };

function flattenSpanTree(tree: SpanTree): FlatTree {
  return flatten(tree, spanTreePort(tree));
}

/**
 * Evaluates a test's specs and flows on a raw span tree. Specs are compiled on the way (and
 * cached), so an invalid one throws its located TbtError; a missing variable throws too.
 */
export function evaluateSpecs(
  specs: readonly SpecDefinition[],
  flows: readonly FlowDefinition[],
  tree: SpanTree,
  scope: EvaluationScope,
  shown: ShownValues = RAW_VALUES,
): AssertionResult[] {
  const file = specs[0]?.location?.file ?? flows[0]?.location?.file ?? '<test>';
  const compiled = compileSpecs(specs, flows, file);
  const flat = flattenSpanTree(tree);
  const results: AssertionResult[] = [];
  for (const spec of compiled.specs) results.push(...evaluateSpec(spec, flat, scope, shown));
  for (const flow of compiled.flows) results.push(evaluateFlow(flow, flat, scope));
  return shown === RAW_VALUES ? results : results.map((result) => showResult(result, shown));
}

/** Every text of a result through `shown.text`, every observed value through `shown.value`. */
function showResult(result: AssertionResult, shown: ShownValues): AssertionResult {
  return {
    ...result,
    ...(result.specName === undefined ? {} : { specName: shown.text(result.specName) }),
    selector: shown.text(result.selector),
    assertion: shown.text(result.assertion),
    ...(result.message === undefined ? {} : { message: shown.text(result.message) }),
    spans: result.spans.map((span) => ({
      ...span,
      path: shown.path(span.path),
      ...(span.observed === undefined ? {} : { observed: shown.value(undefined, span.observed) }),
      ...(span.message === undefined ? {} : { message: shown.text(span.message) }),
    })),
  };
}

/** A value as a result may print it: read from attribute `expr.key`, it is shown as that key's. */
function shownValue(value: Value, expr: BoundExpr, shown: ShownValues): Value {
  if (shown === RAW_VALUES || value.kind === 'duration' || value.kind === 'null') return value;
  const json = toJson(value);
  const out = shown.value(expr.kind === 'attribute' ? expr.key : undefined, json);
  return out === json ? value : fromJson(out);
}

function evaluateSpec(spec: CompiledSpec, flat: FlatTree, scope: EvaluationScope, shown: ShownValues = RAW_VALUES): AssertionResult[] {
  const { definition } = spec;
  const where = definition.location;
  const selection = selectIndices(spec.selector, flat, scope, where);
  return spec.assertions.map((assertion, index) => {
    // Each assertion is reported (and its variables located) at its own line, not the spec's.
    const at = definition.assertionLocations?.[index] ?? where;
    const context: EvaluationContext = {
      flat,
      selection,
      scope,
      ...(at ? { where: at } : {}),
      usedIn: `the spec ${spec.selector.text}`,
      selector: spec.selector.text,
      // Aggregate ids count from 0 in each assertion, so each assertion has its own cache.
      aggregates: new Map(),
    };
    return {
      ...(definition.name ? { specName: definition.name } : {}),
      selector: spec.selector.text,
      assertion: assertion.text,
      ...(at?.file ? { file: at.file } : {}),
      ...(at?.line !== undefined ? { line: at.line } : {}),
      ...judge(assertion, context, spec.selector.text, shown),
    };
  });
}

type Judgement = Pick<AssertionResult, 'passed' | 'message' | 'spans'>;

function judge(assertion: BoundAssertion, context: EvaluationContext, selector: string, shown: ShownValues): Judgement {
  const { flat, selection } = context;
  if (assertion.mode === 'once') {
    const outcome = compareOnce(assertion, context, undefined, shown);
    if (outcome.passed) return { passed: true, spans: [] };
    // Judged once, so no span failed on its own: the selection is listed once, compactly, to
    // show which calls were counted and under whom.
    const listed = selectionLines(selection.map((index) => formatPath(pathOf(flat, index))));
    return { passed: false, message: [outcome.message, ...listed].join('\n'), spans: [] };
  }
  if (selection.length === 0) {
    return { passed: false, message: `no span matched ${selector.trim() === '' ? 'the empty selector' : selector}`, spans: [] };
  }
  const spans = selection.map((index): SpanAssertionResult => {
    const outcome = compareOnce(assertion, context, index, shown);
    return {
      path: formatPath(pathOf(flat, index)),
      ...(outcome.observed ? { observed: toJson(outcome.observed) } : {}),
      passed: outcome.passed,
      ...(outcome.passed ? {} : { message: outcome.message }),
    };
  });
  const failed = spans.filter((span) => !span.passed).length;
  return failed === 0
    ? { passed: true, spans }
    : { passed: false, message: `${failed} of ${spans.length} selected span${spans.length === 1 ? '' : 's'} failed`, spans };
}

interface Outcome {
  readonly passed: boolean;
  readonly message: string;
  /** In the spelling of the literal it was compared with. */
  readonly observed?: Value;
}

function compareOnce(assertion: BoundAssertion, context: EvaluationContext, span: number | undefined, shown: ShownValues): Outcome {
  let left: Value;
  let right: Value;
  try {
    left = evaluateExpr(assertion.left, context, span);
    right = evaluateExpr(assertion.right, context, span);
  } catch (error) {
    if (error instanceof EvaluationFailure) return { passed: false, message: error.message };
    throw error;
  }
  // Judged on the raw values; told with the values as shown, so a message cannot print a secret.
  const result = assertion.operator.compare(left, right, { regex: compileRegex });
  const shownLeft = shownValue(left, assertion.left, shown);
  const shownRight = shownValue(right, assertion.right, shown);
  const observed = observedAsWritten(assertion, assertion.observed === 'left' ? shownLeft : shownRight);
  if ('problem' in result) return { passed: false, message: shown.text(result.problem), observed };
  if (result.passed) return { passed: true, message: '', observed };
  // Per span, the report prints the observed value beside the message; judged once, it is in it.
  const message = span === undefined ? onceMessage(assertion, shownLeft, shownRight) : `expected ${wanted(assertion, shownLeft, shownRight)}`;
  return { passed: false, message, observed };
}

/** One output of a Tracetest test: the text value, or why it has none. */
export interface OutputResult {
  readonly name: string;
  readonly value?: string;
  readonly error?: string;
}

/**
 * Evaluates Tracetest `outputs` on a tree: each takes its value from the first span (in
 * depth-first, start order) its selector matches. Suite runners pass them on as `var:` values.
 */
export function evaluateOutputs(outputs: readonly OutputDefinition[], tree: SpanTree, scope: EvaluationScope, file = '<test>'): OutputResult[] {
  const compiled = compileSpecs([], [], file, { outputs });
  const flat = flattenSpanTree(tree);
  return compiled.outputs.map((output): OutputResult => {
    const selection = selectIndices(output.selector, flat, scope);
    const first = selection[0];
    const context: EvaluationContext = { flat, selection, scope, usedIn: `output ${output.definition.name}`, aggregates: new Map() };
    if (first === undefined && output.value.mode === 'per-span') {
      return { name: output.definition.name, error: `no span matched ${output.selector.text}` };
    }
    try {
      const value = evaluateExpr(output.value.expr, context, first);
      return { name: output.definition.name, value: asText(value) ?? '' };
    } catch (error) {
      if (error instanceof EvaluationFailure) return { name: output.definition.name, error: error.message };
      throw error;
    }
  });
}
