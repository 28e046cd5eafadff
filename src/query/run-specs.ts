// Runs compiled specs on a span tree and reports them as AssertionResult values: one per
// assertion, with every selected span's path, observed value and verdict, in a stable order.
import {
  formatPath,
  type AssertionResult,
  type FlowDefinition,
  type OutputDefinition,
  type SpanAssertionResult,
  type SpanTree,
  type SpecDefinition,
} from '../model/index.ts';
import type { BoundAssertion } from './bind.ts';
import { compileSpecs, type CompiledSpec } from './compile.ts';
import { evaluateExpr, type EvaluationContext } from './evaluate.ts';
import { EvaluationFailure } from './filters.ts';
import { evaluateFlow } from './flow.ts';
import { selectIndices, compileRegex, type EvaluationScope } from './select.ts';
import { flatten, pathOf, spanTreePort, type FlatTree } from './source.ts';
import { asText, describe, toJson, type Value } from './values.ts';

export function flattenSpanTree(tree: SpanTree): FlatTree {
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
): AssertionResult[] {
  const file = specs[0]?.location?.file ?? flows[0]?.location?.file ?? '<test>';
  const compiled = compileSpecs(specs, flows, file);
  const flat = flattenSpanTree(tree);
  const results: AssertionResult[] = [];
  for (const spec of compiled.specs) results.push(...evaluateSpec(spec, flat, scope));
  for (const flow of compiled.flows) results.push(evaluateFlow(flow, flat, scope));
  return results;
}

export function evaluateSpec(spec: CompiledSpec, flat: FlatTree, scope: EvaluationScope): AssertionResult[] {
  const where = spec.definition.location;
  const selection = selectIndices(spec.selector, flat, scope, where);
  const context: EvaluationContext = {
    flat,
    selection,
    scope,
    ...(where ? { where } : {}),
    usedIn: `the spec ${spec.selector.text}`,
    selector: spec.selector.text,
    aggregates: new Map(),
  };
  return spec.assertions.map((assertion) => ({
    selector: spec.selector.text,
    assertion: assertion.text,
    ...(where?.file ? { file: where.file } : {}),
    ...(where?.line !== undefined ? { line: where.line } : {}),
    ...judge(assertion, context, spec.selector.text),
  }));
}

type Judgement = Pick<AssertionResult, 'passed' | 'message' | 'spans'>;

function judge(assertion: BoundAssertion, context: EvaluationContext, selector: string): Judgement {
  const { flat, selection } = context;
  if (assertion.mode === 'once') {
    const outcome = compareOnce(assertion, context, undefined);
    if (outcome.passed) return { passed: true, spans: [] };
    // The selected spans explain a failed count: which calls happened, and under whom.
    const spans = selection.map((index): SpanAssertionResult => ({ path: formatPath(pathOf(flat, index)), passed: false, message: 'selected' }));
    return { passed: false, message: outcome.message, spans };
  }
  if (selection.length === 0) {
    return { passed: false, message: `no span matched ${selector.trim() === '' ? 'the empty selector' : selector}`, spans: [] };
  }
  const spans = selection.map((index): SpanAssertionResult => {
    const outcome = compareOnce(assertion, context, index);
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
    : { passed: false, message: `${failed} of ${spans.length} selected span(s) failed`, spans };
}

interface Outcome {
  readonly passed: boolean;
  readonly message: string;
  readonly observed?: Value;
}

function compareOnce(assertion: BoundAssertion, context: EvaluationContext, span: number | undefined): Outcome {
  let left: Value;
  let right: Value;
  try {
    left = evaluateExpr(assertion.left, context, span);
    right = evaluateExpr(assertion.right, context, span);
  } catch (error) {
    if (error instanceof EvaluationFailure) return { passed: false, message: error.message };
    throw error;
  }
  const observed = assertion.observed === 'left' ? left : right;
  const result = assertion.operator.compare(left, right, { regex: compileRegex });
  if ('problem' in result) return { passed: false, message: result.problem, observed };
  return {
    passed: result.passed,
    message: result.passed ? '' : `expected ${describe(left)} ${assertion.operator.symbol} ${describe(right)}`,
    observed,
  };
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
