// Prints syntax trees back to canonical text. parse(print(ast)) gives the same tree (offsets
// aside), which the property tests check; tools use it to show a selector the way tbt reads it.
import type { AssertionAst, ExprAst, SelectorAst, SelectorFilterAst, SelectorValueAst, StringPart, VariableRefAst } from './ast.ts';

const BARE_SELECTOR_KEY = /^[A-Za-z0-9_.\-/@]+$/;
const BARE_ATTRIBUTE_KEY = /^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_][A-Za-z0-9_.]*)*$/;

export function printSelector(ast: SelectorAst): string {
  return ast.groups
    .map((chain) =>
      chain.steps
        .map((step, index) => {
          const filters = step.filters.length > 0 ? `[${step.filters.map(printFilter).join(' ')}]` : '';
          const pseudo = step.pseudo ? `:${step.pseudo.name}${step.pseudo.argument === undefined ? '' : `(${step.pseudo.argument})`}` : '';
          const joiner = index === 0 ? '' : chain.combinators[index - 1] === 'child' ? ' > ' : ' ';
          return `${joiner}span${filters}${pseudo}`;
        })
        .join(''),
    )
    .join(', ');
}

function printFilter(filter: SelectorFilterAst): string {
  const key = BARE_SELECTOR_KEY.test(filter.key) ? filter.key : quote(filter.key);
  return `${key} ${filter.operator} ${printSelectorValue(filter.value)}`;
}

function printSelectorValue(value: SelectorValueAst): string {
  switch (value.kind) {
    case 'string':
      return printString(value.parts, (ref: VariableRefAst) => `${ref.kind}:${ref.name}`);
    case 'number':
      return printNumber(value.value);
    case 'duration':
      return `${value.text}${value.unit}`;
    case 'boolean':
      return String(value.value);
  }
}

export function printAssertion(ast: AssertionAst): string {
  return `${printExpression(ast.left)} ${ast.operator} ${printExpression(ast.right)}`;
}

const PIPE = 1;
const ADDITIVE = 2;
const MULTIPLICATIVE = 3;
const UNARY = 4;
const PRIMARY = 5;

function precedence(expr: ExprAst): number {
  if (expr.kind === 'filter') return PIPE;
  if (expr.kind === 'binary') return expr.operator === '+' || expr.operator === '-' ? ADDITIVE : MULTIPLICATIVE;
  if (expr.kind === 'negate') return UNARY;
  return PRIMARY;
}

export function printExpression(expr: ExprAst, minimum = 0): string {
  const text = printBare(expr);
  return precedence(expr) < minimum ? `(${text})` : text;
}

function printBare(expr: ExprAst): string {
  switch (expr.kind) {
    case 'number':
      return printNumber(expr.value);
    case 'duration':
      return `${expr.text}${expr.unit}`;
    case 'boolean':
      return String(expr.value);
    case 'string':
      return printString(expr.parts, (inner: ExprAst) => printExpression(inner));
    case 'attribute':
      return `attr:${BARE_ATTRIBUTE_KEY.test(expr.key) ? expr.key : quote(expr.key)}`;
    case 'env':
    case 'var':
      return `${expr.kind}:${expr.name}`;
    case 'array':
      return `[${expr.items.map((item) => printExpression(item)).join(', ')}]`;
    case 'negate':
      return `-${printExpression(expr.operand, UNARY)}`;
    case 'binary': {
      const level = precedence(expr);
      return `${printExpression(expr.left, level)} ${expr.operator} ${printExpression(expr.right, level + 1)}`;
    }
    case 'filter': {
      const args = expr.args.map((arg) => ` ${printExpression(arg, PRIMARY)}`).join('');
      return `${printExpression(expr.input, PIPE)} | ${expr.name}${args}`;
    }
    case 'call':
      return `${expr.name}(${expr.args.map((arg) => printExpression(arg)).join(', ')})`;
  }
}

function printNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function printString<E>(parts: readonly StringPart<E>[], printInner: (inner: E) => string): string {
  const body = parts
    .map((part) => (part.kind === 'text' ? escapeText(part.text) : `\${${printInner(part.expr)}}`))
    .join('');
  return `"${body}"`;
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${');
}

function quote(text: string): string {
  return `"${escapeText(text)}"`;
}
