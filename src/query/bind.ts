// Turns syntax trees into evaluable objects: operators, filters, pseudo-classes and aggregates
// come from their registries, literals get their types, regexes and JSON paths are checked, and
// every problem is a ParseError at the offset of the part that is wrong.
import type { AssertionAst, Combinator, ExprAst, SelectorValueAst, TextSpan, VariableRefAst } from './ast.ts';
import { fromDecimal } from './duration.ts';
import { ParseError, type QueryLanguage } from './errors.ts';
import { FILTER_NAMES, filterFor, type FilterDefinition } from './filters.ts';
import { canonicalKind, canonicalStatusCode, SELECTED_SPANS_COUNT } from './lookup.ts';
import { operatorFor, type Operator } from './operators.ts';
import { parseAssertion, parseExpression, parseSelector } from './parse.ts';
import { pseudoClassFor, PSEUDO_CLASS_NAMES, type PseudoClass } from './pseudo-classes.ts';
import { dur, num, str, type Value } from './values.ts';

export type TemplatePart = string | VariableRefAst;

export type SelectorLiteral =
  | { readonly kind: 'constant'; readonly value: Value }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[] };

export interface BoundFilter {
  readonly key: string;
  readonly operator: Operator;
  /** A typed constant, or text with `${env:…}`/`${var:…}` resolved at selection time. */
  readonly value: SelectorLiteral;
  /** `name = "Tracetest trigger"` also selects tbt's trigger root span. */
  readonly triggerAlias: boolean;
}

export interface BoundStep {
  readonly filters: readonly BoundFilter[];
  readonly pseudo?: { readonly definition: PseudoClass; readonly argument?: number };
}

export interface BoundChain {
  readonly steps: readonly BoundStep[];
  readonly combinators: readonly Combinator[];
}

export interface BoundSelector {
  readonly text: string;
  /** Empty: every span. */
  readonly groups: readonly BoundChain[];
  readonly variables: readonly VariableRefAst[];
}

export type AggregateName = 'count' | 'sum' | 'min' | 'max' | 'avg';

export type BoundExpr =
  | { readonly kind: 'const'; readonly value: Value }
  | { readonly kind: 'template'; readonly parts: readonly (string | BoundExpr)[] }
  | { readonly kind: 'attribute'; readonly key: string }
  | { readonly kind: 'selected-count' }
  | { readonly kind: 'variable'; readonly source: 'env' | 'var'; readonly name: string }
  | { readonly kind: 'array'; readonly items: readonly BoundExpr[] }
  | { readonly kind: 'negate'; readonly operand: BoundExpr }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '%'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'filter'; readonly filter: FilterDefinition; readonly input: BoundExpr; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'aggregate'; readonly name: AggregateName; readonly arg?: BoundExpr; readonly id: number };

export interface BoundAssertion {
  readonly text: string;
  readonly left: BoundExpr;
  readonly operator: Operator;
  readonly right: BoundExpr;
  /** `per-span` reads span attributes; `once` only reads the selection (counts, aggregates). */
  readonly mode: 'per-span' | 'once';
  /** The side whose value a report shows as observed. */
  readonly observed: 'left' | 'right';
  readonly variables: readonly { readonly source: 'env' | 'var'; readonly name: string }[];
}

export interface BoundExpression {
  readonly text: string;
  readonly expr: BoundExpr;
  readonly mode: 'per-span' | 'once';
  readonly variables: readonly { readonly source: 'env' | 'var'; readonly name: string }[];
}

const AGGREGATE_ARITY: Readonly<Record<AggregateName, number>> = { count: 0, sum: 1, min: 1, max: 1, avg: 1 };
const TRIGGER_ALIAS = 'Tracetest trigger';

/** Parses and binds a selector; a ParseError when it is not valid. */
export function bindSelector(text: string): BoundSelector {
  const ast = parseSelector(text);
  const variables: VariableRefAst[] = [];
  const fail = (span: TextSpan, reason: string, hint?: string): never => {
    throw new ParseError('selector', text, span.start, reason, hint);
  };
  const groups = ast.groups.map((chain): BoundChain => ({
    combinators: chain.combinators,
    steps: chain.steps.map((step): BoundStep => {
      const filters = step.filters.map((filter): BoundFilter => {
        const value = bindSelectorValue(filter.key, filter.value, variables);
        if (filter.operator === '=~' && value.kind === 'constant') {
          if (value.value.kind !== 'string') fail(filter.value.span, '=~ needs a pattern in quotes');
          else checkRegex(value.value.value, (reason) => fail(filter.value.span, reason));
        }
        const triggerAlias =
          filter.key === 'name' && filter.operator === '=' && value.kind === 'constant' && value.value.kind === 'string' && value.value.value === TRIGGER_ALIAS;
        return { key: filter.key, operator: operatorFor(filter.operator), value, triggerAlias };
      });
      if (!step.pseudo) return { filters };
      const definition = pseudoClassFor(step.pseudo.name);
      if (!definition) return fail(step.pseudo.span, `unknown pseudo-class ":${step.pseudo.name}"`, `pseudo-classes: ${PSEUDO_CLASS_NAMES.map((name) => `:${name}`).join(' ')}`);
      const problem = definition.check(step.pseudo.argument);
      if (problem) fail(step.pseudo.span, problem);
      return { filters, pseudo: { definition, ...(step.pseudo.argument === undefined ? {} : { argument: step.pseudo.argument }) } };
    }),
  }));
  return { text, groups, variables };
}

function bindSelectorValue(key: string, value: SelectorValueAst, variables: VariableRefAst[]): SelectorLiteral {
  switch (value.kind) {
    case 'number':
      return { kind: 'constant', value: normalizeLiteral(key, num(value.value)) };
    case 'duration':
      return { kind: 'constant', value: dur(fromDecimal(value.text, value.unit)) };
    case 'boolean':
      return { kind: 'constant', value: { kind: 'boolean', value: value.value } };
    case 'string': {
      if (value.parts.every((part) => part.kind === 'text')) {
        const text = value.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
        return { kind: 'constant', value: normalizeLiteral(key, str(text)) };
      }
      const parts = value.parts.map((part): TemplatePart => {
        if (part.kind === 'text') return part.text;
        variables.push(part.expr);
        return part.expr;
      });
      return { kind: 'template', parts };
    }
  }
}

/** Reads `kind` and status-code literals in the model's spelling (`"SPAN_KIND_CLIENT"` → client). */
export function normalizeLiteral(key: string, value: Value): Value {
  if ((key === 'kind' || key === 'tracetest.span.kind') && value.kind === 'string') {
    const kind = canonicalKind(value.value);
    return kind ? str(kind) : value;
  }
  if (key === 'tracetest.span.status_code' && (value.kind === 'string' || value.kind === 'number')) {
    const code = canonicalStatusCode(value.value);
    return code ? str(code) : value;
  }
  return value;
}

function checkRegex(pattern: string, fail: (reason: string) => never): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    fail(`invalid regular expression: ${(error as Error).message}`);
  }
}

/** Parses and binds an assertion: `LEFT OP RIGHT`. */
export function bindAssertion(text: string): BoundAssertion {
  const ast: AssertionAst = parseAssertion(text);
  const binder = new ExprBinder(text, 'assertion');
  let left = binder.bind(ast.left, false);
  let right = binder.bind(ast.right, false);
  if (ast.operator === '=~' && right.kind === 'const') {
    if (right.value.kind !== 'string') binder.fail(ast.right.span, '=~ needs a pattern in quotes');
    else checkRegex(right.value.value, (reason) => binder.fail(ast.right.span, reason));
  }
  // `attr:tracetest.span.status_code = "error"` binds the literal to the model's spelling.
  if (left.kind === 'attribute' && right.kind === 'const') right = { kind: 'const', value: normalizeLiteral(left.key, right.value) };
  if (right.kind === 'attribute' && left.kind === 'const') left = { kind: 'const', value: normalizeLiteral(right.key, left.value) };
  const observed = binder.readsSpan(ast.left) || !binder.readsSpan(ast.right) ? 'left' : 'right';
  return {
    text,
    left,
    operator: operatorFor(ast.operator),
    right,
    mode: binder.perSpan ? 'per-span' : 'once',
    observed,
    variables: binder.variables,
  };
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
