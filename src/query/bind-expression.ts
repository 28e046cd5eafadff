// Binds assertion and expression syntax trees: comparison operators, filters and aggregates from
// their registries, constant literals typed, and whether the result reads spans or only the
// selection; each problem is a ParseError at the offending part.
import type { AssertionAst, ExprAst, TextSpan } from './ast.ts';
import type { AggregateName, BoundAssertion, BoundExpr, BoundExpression } from './bound.ts';
import { fromDecimal } from './duration.ts';
import { ParseError, type QueryLanguage } from './errors.ts';
import { FILTER_NAMES, filterFor } from './filters.ts';
import { checkRegex, normalizeLiteral } from './literals.ts';
import { SELECTED_SPANS_COUNT } from './lookup.ts';
import { operatorFor } from './operators.ts';
import { parseAssertion, parseExpression } from './parse.ts';
import { dur, num, str } from './values.ts';

const AGGREGATE_ARITY: Readonly<Record<AggregateName, number>> = { count: 0, sum: 1, min: 1, max: 1, avg: 1 };

export function bindAssertionText(text: string): BoundAssertion {
  const ast: AssertionAst = parseAssertion(text);
  const binder = new ExprBinder(text, 'assertion');
  let left = binder.bind(ast.left, false);
  let right = binder.bind(ast.right, false);
  if (ast.operator === '=~' && right.kind === 'const') {
    if (right.value.kind !== 'string') binder.fail(ast.right.span, '=~ needs a pattern in quotes');
    else checkRegex(right.value.value, (reason) => binder.fail(ast.right.span, reason));
  }
  // `attr:tracetest.span.status_code = "error"` binds the literal to the model's spelling; the
  // spelling as written is kept for messages.
  let written: BoundAssertion['written'];
  if (left.kind === 'attribute' && right.kind === 'const') {
    written = { key: left.key, literal: right.value };
    right = { kind: 'const', value: normalizeLiteral(left.key, right.value) };
  } else if (right.kind === 'attribute' && left.kind === 'const') {
    written = { key: right.key, literal: left.value };
    left = { kind: 'const', value: normalizeLiteral(right.key, left.value) };
  }
  const respelled = written !== undefined && (left.kind === 'const' ? left.value : right.kind === 'const' ? right.value : undefined) !== written.literal;
  return {
    text,
    left,
    operator: operatorFor(ast.operator),
    right,
    mode: binder.perSpan ? 'per-span' : 'once',
    observed: observedSide(binder, ast),
    leftText: text.slice(ast.left.span.start, ast.left.span.end),
    rightText: text.slice(ast.right.span.start, ast.right.span.end),
    ...(respelled && written ? { written } : {}),
    variables: binder.variables,
  };
}

/**
 * The side a report shows as observed: the one that reads a span, else the one that reads the
 * selection (a count, an aggregate), else the left; `1 = attr:tracetest.selected_spans.count`
 * observes the count, not the 1.
 */
function observedSide(binder: ExprBinder, ast: AssertionAst): 'left' | 'right' {
  if (binder.readsSpan(ast.left)) return 'left';
  if (binder.readsSpan(ast.right)) return 'right';
  if (readsTrace(ast.left)) return 'left';
  return readsTrace(ast.right) ? 'right' : 'left';
}

function readsTrace(expr: ExprAst): boolean {
  switch (expr.kind) {
    case 'attribute':
    case 'call':
      return true;
    case 'string':
      return expr.parts.some((part) => part.kind === 'interpolation' && readsTrace(part.expr));
    case 'array':
      return expr.items.some(readsTrace);
    case 'negate':
      return readsTrace(expr.operand);
    case 'binary':
      return readsTrace(expr.left) || readsTrace(expr.right);
    case 'filter':
      return readsTrace(expr.input) || expr.args.some(readsTrace);
    default:
      return false;
  }
}

/** Parses and binds a lone expression (a Tracetest output's `value:`). */
export function bindExpression(text: string): BoundExpression {
  const binder = new ExprBinder(text, 'expression');
  const expr = binder.bind(parseExpression(text), false);
  return { text, expr, mode: binder.perSpan ? 'per-span' : 'once', variables: binder.variables };
}

class ExprBinder {
  perSpan = false;
  readonly variables: { source: 'env' | 'var'; name: string }[] = [];
  private aggregates = 0;

  constructor(
    private readonly text: string,
    private readonly language: QueryLanguage,
  ) {}

  fail(span: TextSpan, reason: string, hint?: string): never {
    throw new ParseError(this.language, this.text, span.start, reason, hint);
  }

  readsSpan(expr: ExprAst): boolean {
    switch (expr.kind) {
      case 'attribute':
        return expr.key !== SELECTED_SPANS_COUNT;
      case 'string':
        return expr.parts.some((part) => part.kind === 'interpolation' && this.readsSpan(part.expr));
      case 'array':
        return expr.items.some((item) => this.readsSpan(item));
      case 'negate':
        return this.readsSpan(expr.operand);
      case 'binary':
        return this.readsSpan(expr.left) || this.readsSpan(expr.right);
      case 'filter':
        return this.readsSpan(expr.input) || expr.args.some((arg) => this.readsSpan(arg));
      default:
        return false;
    }
  }

  bind(expr: ExprAst, inAggregate: boolean): BoundExpr {
    switch (expr.kind) {
      case 'number':
        return { kind: 'const', value: num(expr.value) };
      case 'duration':
        return { kind: 'const', value: dur(fromDecimal(expr.text, expr.unit)) };
      case 'boolean':
        return { kind: 'const', value: { kind: 'boolean', value: expr.value } };
      case 'string': {
        const parts = expr.parts.map((part) => (part.kind === 'text' ? part.text : this.bind(part.expr, inAggregate)));
        if (parts.every((part) => typeof part === 'string')) return { kind: 'const', value: str(parts.join('')) };
        return { kind: 'template', parts };
      }
      case 'attribute':
        if (expr.key === SELECTED_SPANS_COUNT) return { kind: 'selected-count' };
        if (!inAggregate) this.perSpan = true;
        return { kind: 'attribute', key: expr.key };
      case 'env':
      case 'var':
        this.variables.push({ source: expr.kind, name: expr.name });
        return { kind: 'variable', source: expr.kind, name: expr.name };
      case 'array':
        return { kind: 'array', items: expr.items.map((item) => this.bind(item, inAggregate)) };
      case 'negate':
        return { kind: 'negate', operand: this.bind(expr.operand, inAggregate) };
      case 'binary':
        return { kind: 'binary', operator: expr.operator, left: this.bind(expr.left, inAggregate), right: this.bind(expr.right, inAggregate) };
      case 'filter':
        return this.bindFilter(expr, inAggregate);
      case 'call':
        return this.bindCall(expr, inAggregate);
    }
  }

  private bindFilter(expr: Extract<ExprAst, { kind: 'filter' }>, inAggregate: boolean): BoundExpr {
    const filter = filterFor(expr.name);
    if (!filter) return this.fail(expr.nameSpan, `unknown filter "${expr.name}"`, `filters: ${FILTER_NAMES.join(', ')}`);
    if (expr.args.length < filter.minArgs || expr.args.length > filter.maxArgs) {
      this.fail(expr.nameSpan, `${expr.name} takes ${filter.minArgs === filter.maxArgs ? filter.minArgs : `${filter.minArgs}..${filter.maxArgs}`} argument(s), got ${expr.args.length}`, `usage: | ${filter.usage}`);
    }
    const args = expr.args.map((arg, index) => {
      const bound = this.bind(arg, inAggregate);
      if (bound.kind === 'const' && filter.checkArg) {
        const problem = filter.checkArg(index, bound.value);
        if (problem) this.fail(arg.span, problem, `usage: | ${filter.usage}`);
      }
      return bound;
    });
    return { kind: 'filter', filter, input: this.bind(expr.input, inAggregate), args };
  }

  private bindCall(expr: Extract<ExprAst, { kind: 'call' }>, inAggregate: boolean): BoundExpr {
    if (!(expr.name in AGGREGATE_ARITY)) {
      return this.fail(expr.nameSpan, `unknown function "${expr.name}"`, 'functions: count() sum(EXPR) min(EXPR) max(EXPR) avg(EXPR)');
    }
    const name = expr.name as AggregateName;
    if (inAggregate) this.fail(expr.nameSpan, `${name}() cannot be nested inside another aggregate`);
    const arity = AGGREGATE_ARITY[name];
    if (expr.args.length !== arity) this.fail(expr.nameSpan, `${name}() takes ${arity === 0 ? 'no arguments' : 'one argument'}, got ${expr.args.length}`);
    const arg = expr.args[0];
    const id = this.aggregates++;
    return arg ? { kind: 'aggregate', name, arg: this.bind(arg, true), id } : { kind: 'aggregate', name, id };
  }
}
