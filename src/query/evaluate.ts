// Evaluates bound expressions on one span (or on the selection, for counts and aggregates),
// reading values only through the flat tree's port. Failures are EvaluationFailure values for the
// caller to report; only a missing variable (a user error) escapes, as a TbtError.
import type { SourceLocation } from '../model/index.ts';
import type { BoundExpr } from './bind.ts';
import * as D from './duration.ts';
import { EvaluationFailure, type FilterContext } from './filters.ts';
import { compileJsonPath, JsonPathSyntaxError, type CompiledJsonPath } from './json-path.ts';
import { lookup } from './lookup.ts';
import { orderValues } from './operators.ts';
import { compileRegex, readVariable, type EvaluationScope } from './select.ts';
import type { FlatTree } from './source.ts';
import { asDuration, asNumber, asText, describe, dur, num, str, type Value } from './values.ts';

export interface EvaluationContext {
  readonly flat: FlatTree;
  /** Preorder indices the selector matched. */
  readonly selection: readonly number[];
  readonly scope: EvaluationScope;
  readonly where?: SourceLocation;
  readonly usedIn?: string;
  /** The selector's text, for "no span matched" messages. */
  readonly selector?: string;
  /** Aggregates are computed once per selection and reused for every span. */
  readonly aggregates: Map<number, Value | EvaluationFailure>;
}

const jsonPathCache = new Map<string, CompiledJsonPath | string>();

const filterContext: FilterContext = {
  regex: compileRegex,
  jsonPath(path) {
    let compiled = jsonPathCache.get(path);
    if (compiled === undefined) {
      try {
        compiled = compileJsonPath(path);
      } catch (error) {
        compiled = error instanceof JsonPathSyntaxError ? `invalid JSON path "${path}": ${error.message}` : String(error);
      }
      if (jsonPathCache.size > 500) jsonPathCache.clear();
      jsonPathCache.set(path, compiled);
    }
    return compiled;
  },
};

/** The value of `expr` on span `span` (undefined only for `once` expressions). */
export function evaluateExpr(expr: BoundExpr, context: EvaluationContext, span: number | undefined): Value {
  switch (expr.kind) {
    case 'const':
      return expr.value;
    case 'template':
      return str(expr.parts.map((part) => (typeof part === 'string' ? part : asText(evaluateExpr(part, context, span)) ?? '')).join(''));
    case 'attribute': {
      if (span === undefined) throw new EvaluationFailure(`attr:${expr.key} needs a span`);
      const value = lookup(context.flat, span, expr.key);
      if (value === undefined) throw new EvaluationFailure(`attribute ${expr.key} is absent`);
      return value;
    }
    case 'selected-count':
      return num(context.selection.length);
    case 'variable':
      return str(readVariable(context.scope, expr.source, expr.name, context.where, context.usedIn));
    case 'array':
      return { kind: 'array', items: expr.items.map((item) => evaluateExpr(item, context, span)) };
    case 'negate':
      return negateValue(evaluateExpr(expr.operand, context, span));
    case 'binary':
      return arithmetic(expr.operator, evaluateExpr(expr.left, context, span), evaluateExpr(expr.right, context, span));
    case 'filter': {
      const input = evaluateExpr(expr.input, context, span);
      const args = expr.args.map((arg) => evaluateExpr(arg, context, span));
      return expr.filter.apply(input, args, filterContext);
    }
    case 'aggregate':
      return aggregate(expr, context);
  }
}

function aggregate(expr: Extract<BoundExpr, { kind: 'aggregate' }>, context: EvaluationContext): Value {
  const cached = context.aggregates.get(expr.id);
  if (cached instanceof EvaluationFailure) throw cached;
  if (cached) return cached;
  let result: Value | EvaluationFailure;
  try {
    result = computeAggregate(expr, context);
  } catch (error) {
    if (!(error instanceof EvaluationFailure)) throw error;
    result = error;
  }
  context.aggregates.set(expr.id, result);
  if (result instanceof EvaluationFailure) throw result;
  return result;
}

function computeAggregate(expr: Extract<BoundExpr, { kind: 'aggregate' }>, context: EvaluationContext): Value {
  if (expr.name === 'count') return num(context.selection.length);
  const arg = expr.arg as BoundExpr;
  const values = context.selection.map((span) => {
    try {
      return evaluateExpr(arg, context, span);
    } catch (error) {
      if (error instanceof EvaluationFailure) throw new EvaluationFailure(`${expr.name}(): ${error.message} on a selected span`);
      throw error;
    }
  });
  if (expr.name === 'sum') return values.reduce((total, value) => arithmetic('+', total, value), num(0) as Value);
  if (values.length === 0) {
    throw new EvaluationFailure(`${expr.name}() has no value: no span matched ${context.selector ?? 'the selector'}`);
  }
  if (expr.name === 'avg') {
    const total = values.reduce((sum, value) => arithmetic('+', sum, value));
    return arithmetic('/', total, num(values.length));
  }
  return values.reduce((best, value) => {
    const order = orderValues(value, best);
    if (order === undefined) throw new EvaluationFailure(`${expr.name}() cannot order ${describe(value)} and ${describe(best)}`);
    return (expr.name === 'min' ? order < 0 : order > 0) ? value : best;
  });
}

function negateValue(value: Value): Value {
  if (value.kind === 'duration') return dur(D.negate(value.value));
  const number = asNumber(value);
  if (number === undefined) throw new EvaluationFailure(`cannot negate ${describe(value)}`);
  return num(-number);
}

/**
 * Arithmetic keeps types: durations stay exact (a number added to a duration counts as
 * nanoseconds, a number multiplies or divides it), numbers stay numbers, `+` joins text.
 */
export function arithmetic(operator: '+' | '-' | '*' | '/' | '%', left: Value, right: Value): Value {
  if (left.kind === 'duration' || right.kind === 'duration') return durationArithmetic(operator, left, right);
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== undefined && b !== undefined) {
    if ((operator === '/' || operator === '%') && b === 0) throw new EvaluationFailure('division by zero');
    switch (operator) {
      case '+':
        return num(a + b);
      case '-':
        return num(a - b);
      case '*':
        return num(a * b);
      case '/':
        return num(a / b);
      case '%':
        return num(a % b);
    }
  }
  if (operator === '+' && (left.kind === 'string' || right.kind === 'string')) {
    const a2 = asText(left);
    const b2 = asText(right);
    if (a2 !== undefined && b2 !== undefined) return str(a2 + b2);
  }
  throw new EvaluationFailure(`cannot compute ${describe(left)} ${operator} ${describe(right)}`);
}

function durationArithmetic(operator: '+' | '-' | '*' | '/' | '%', left: Value, right: Value): Value {
  const fail = (): never => {
    throw new EvaluationFailure(`cannot compute ${describe(left)} ${operator} ${describe(right)}`);
  };
  const a = asDuration(left) ?? fail();
  const b = asDuration(right) ?? fail();
  switch (operator) {
    case '+':
      return dur(D.add(a, b));
    case '-':
      return dur(D.add(a, D.negate(b)));
    case '*':
      // A duration times a plain number; two durations do not multiply.
      if (left.kind === 'duration' && right.kind === 'duration') return fail();
      return dur(D.multiply(a, b));
    case '/': {
      const quotient = D.divide(a, b);
      if (!quotient) throw new EvaluationFailure('division by zero');
      if (left.kind === 'duration' && right.kind === 'duration') return num(D.toNumber(quotient));
      if (left.kind !== 'duration') return fail();
      return dur(quotient);
    }
    case '%': {
      const rest = D.remainder(a, b);
      if (!rest) throw new EvaluationFailure('division by zero');
      return dur(rest);
    }
  }
}
