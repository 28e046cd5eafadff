// Property tests: on any input the parsers and binders either succeed or throw our ParseError
// with a position (never another error, never a hang), and printing a tree then parsing it gives
// the same tree back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ExprAst, SelectorAst, StringPart, VariableRefAst } from '../../src/query/ast.ts';
import { parseAssertion, parseSelector } from '../../src/query/index.ts';
import { bindAssertion, bindExpression, bindSelector } from '../../src/query/bind.ts';
import { ParseError } from '../../src/query/errors.ts';
import { printAssertion, printExpression, printSelector } from '../../src/query/print.ts';

const NO_SPAN = { start: 0, end: 0 };

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (key !== 'span' && !key.endsWith('Span')) out[key] = strip(inner);
    return out;
  }
  return value;
}

function succeedsOrParseError(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    assert.ok(Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= error.source.length);
    assert.ok(error.line >= 1 && error.column >= 1);
  }
}

/** Strings made of the languages' own characters find far more edge cases than random text. */
const grammarish = fc.stringMatching(/^(span|attr:|var:|env:|contains|not-|json_path|sum\(|count\(\)|\$\{|[\][ ="'\\a-z0-9.,:>()!~<|*+/%{}$\n-])*$/, { maxLength: 60 });
const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), grammarish);

describe('parsers on arbitrary input', () => {
  it('parseSelector and bindSelector succeed or throw a positioned ParseError', { timeout: 60_000 }, () => {
    fc.assert(fc.property(anyText, (text) => {
      succeedsOrParseError(() => parseSelector(text));
      succeedsOrParseError(() => bindSelector(text));
    }), { numRuns: 3000 });
  });

  it('parseAssertion, bindAssertion and bindExpression succeed or throw a positioned ParseError', { timeout: 60_000 }, () => {
    fc.assert(fc.property(anyText, (text) => {
      succeedsOrParseError(() => parseAssertion(text));
      succeedsOrParseError(() => bindAssertion(text));
      succeedsOrParseError(() => bindExpression(text));
    }), { numRuns: 3000 });
  });
});

// ── arbitrary syntax trees ────────────────────────────────────────────────────────────────────

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
const variableName = fc.stringMatching(/^[A-Za-z0-9_]{1,5}(\.[A-Za-z0-9_]{1,4}){0,2}$/);
const decimal = fc.stringMatching(/^(0|[1-9][0-9]{0,4})(\.[0-9]{0,3}[1-9])?$/);
const unit = fc.constantFrom('ns', 'us', 'ms', 's', 'm', 'h' as const);
const text = fc.string({ maxLength: 8 });

/** Parser-shaped parts: no empty text unless alone, no two texts side by side. */
function normalizeParts<E>(parts: readonly StringPart<E>[]): StringPart<E>[] {
  const out: StringPart<E>[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (part.kind === 'text' && part.text === '') continue;
    if (part.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + part.text };
    else out.push(part);
  }
  return out.length > 0 ? out : [{ kind: 'text', text: '' }];
}

const variableRef: fc.Arbitrary<VariableRefAst> = fc.record({ kind: fc.constantFrom('env' as const, 'var' as const), name: variableName, span: fc.constant(NO_SPAN) });

const selectorValue = fc.oneof(
  fc.array(fc.oneof(text.map((value) => ({ kind: 'text' as const, text: value })), variableRef.map((expr) => ({ kind: 'interpolation' as const, expr, span: NO_SPAN }))), { maxLength: 3 })
    .map((parts) => ({ kind: 'string' as const, parts: normalizeParts(parts), span: NO_SPAN })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'number' as const, value, span: NO_SPAN })),
  fc.record({ kind: fc.constant('duration' as const), text: decimal, unit, span: fc.constant(NO_SPAN) }),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value, span: NO_SPAN })),
);

const selectorAst: fc.Arbitrary<SelectorAst> = fc
  .array(
    fc.array(
      fc.record({
        filters: fc.array(
          fc.record({
            key: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.\-/@]{1,10}$/), fc.string({ minLength: 1, maxLength: 6 })),
            keySpan: fc.constant(NO_SPAN),
            operator: fc.constantFrom('=', '!=', '=~', '<', '<=', '>', '>=', 'contains', 'not-contains' as const),
            operatorSpan: fc.constant(NO_SPAN),
            value: selectorValue,
            span: fc.constant(NO_SPAN),
          }),
          { maxLength: 3 },
        ),
        pseudo: fc.option(fc.record({ name: identifier, argument: fc.nat(999), span: fc.constant(NO_SPAN) }, { requiredKeys: ['name', 'span'] }), { nil: undefined }),
        span: fc.constant(NO_SPAN),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    { maxLength: 3 },
  )
  .chain((chains) =>
    fc.tuple(...chains.map((steps) => fc.array(fc.constantFrom('descendant' as const, 'child' as const), { minLength: steps.length - 1, maxLength: steps.length - 1 }))).map((combinators) => ({
      groups: chains.map((steps, index) => ({
        steps: steps.map((step) => (step.pseudo === undefined ? { filters: step.filters, span: step.span } : step)),
        combinators: combinators[index] ?? [],
        span: NO_SPAN,
      })),
      span: NO_SPAN,
    })),
  );

const exprAst: fc.Arbitrary<ExprAst> = fc.letrec<{ expr: ExprAst; primary: ExprAst }>((tie) => ({
  primary: fc.oneof(
    { depthSize: 'small' },
    fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((value): ExprAst => ({ kind: 'number', value: Object.is(value, -0) ? 0 : value, span: NO_SPAN })),
    fc.record({ kind: fc.constant('duration' as const), text: decimal, unit, span: fc.constant(NO_SPAN) }),
    fc.boolean().map((value): ExprAst => ({ kind: 'boolean', value, span: NO_SPAN })),
    fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.]{1,8}(-[A-Za-z0-9_][A-Za-z0-9_.]{0,4})?$/), fc.string({ minLength: 1, maxLength: 6 }))
      .map((key): ExprAst => ({ kind: 'attribute', key, span: NO_SPAN })),
    fc.record({ kind: fc.constantFrom('env' as const, 'var' as const), name: variableName, span: fc.constant(NO_SPAN) }),
    fc.array(fc.oneof(text.map((value): StringPart<ExprAst> => ({ kind: 'text', text: value })), tie('expr').map((expr): StringPart<ExprAst> => ({ kind: 'interpolation', expr, span: NO_SPAN }))), { maxLength: 3 })
      .map((parts): ExprAst => ({ kind: 'string', parts: normalizeParts(parts), span: NO_SPAN })),
    fc.array(tie('expr'), { maxLength: 3 }).map((items): ExprAst => ({ kind: 'array', items, span: NO_SPAN })),
    fc.record({ name: identifier.filter((name) => name !== 'true' && name !== 'false'), args: fc.array(tie('expr'), { maxLength: 2 }) })
      .map(({ name, args }): ExprAst => ({ kind: 'call', name, nameSpan: NO_SPAN, args, span: NO_SPAN })),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('primary'),
    tie('expr').map((operand): ExprAst => ({ kind: 'negate', operand, span: NO_SPAN })),
    fc.record({ operator: fc.constantFrom('+', '-', '*', '/', '%' as const), left: tie('expr'), right: tie('expr') })
      .map(({ operator, left, right }): ExprAst => ({ kind: 'binary', operator, left, right, span: NO_SPAN })),
    fc.record({ input: tie('expr'), name: identifier, args: fc.array(tie('primary'), { maxLength: 2 }) })
      .map(({ input, name, args }): ExprAst => ({ kind: 'filter', input, name, nameSpan: NO_SPAN, args, span: NO_SPAN })),
  ),
})).expr;

describe('printing round-trips', () => {
  it('parseSelector(printSelector(ast)) is ast', { timeout: 60_000 }, () => {
    fc.assert(fc.property(selectorAst, (ast) => {
      const printed = printSelector(ast);
      assert.deepEqual(strip(parseSelector(printed)), strip(ast), printed);
    }), { numRuns: 1500 });
  });

  it('parseAssertion(print(ast)) is ast, operators and precedence included', { timeout: 60_000 }, () => {
    fc.assert(fc.property(exprAst, exprAst, fc.constantFrom('=', '!=', '<', '<=', '>', '>=', 'contains', 'not-contains', '=~' as const), (left, right, operator) => {
      const printed = `${printExpression(left)} ${operator} ${printExpression(right)}`;
      const parsed = parseAssertion(printed);
      assert.deepEqual(strip(parsed), strip({ left, operator, right }), printed);
    }), { numRuns: 1500 });
  });

  it('any spelling (quotes, spacing, commas, parentheses) parses to the tree, and printing it re-parses the same', { timeout: 60_000 }, () => {
    fc.assert(fc.property(selectorAst, fc.integer(), (ast, seed) => {
      const noisy = noisySelector(ast, random(seed));
      const parsed = parseSelector(noisy);
      assert.deepEqual(strip(parsed), strip(ast), noisy);
      assert.deepEqual(strip(parseSelector(printSelector(parsed))), strip(parsed));
    }), { numRuns: 1500 });
    fc.assert(fc.property(exprAst, exprAst, fc.integer(), (left, right, seed) => {
      const pick = random(seed);
      const noisy = `${pick(['', ' ', '\n'])}${noisyExpr(left, pick)}${pick([' ', '  ', '\t'])}>=${pick([' ', '', '\n'])}${noisyExpr(right, pick)}${pick(['', ' '])}`;
      const parsed = parseAssertion(noisy);
      assert.deepEqual(strip(parsed), strip({ left, operator: '>=', right }), noisy);
      assert.deepEqual(strip(parseAssertion(printAssertion(parsed))), strip(parsed));
    }), { numRuns: 1500 });
  });
});

// ── a noisy printer: the same trees, spelled the many ways users write them ──────────────────

type Pick = <T>(options: readonly T[]) => T;

/** A small deterministic generator, so a failing seed reproduces. */
function random(seed: number): Pick {
  let state = seed >>> 0 || 1;
  return <T>(options: readonly T[]): T => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return options[state % options.length] as T;
  };
}

function quoteAs(value: string, quote: string): string {
  const body = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\$\{/g, '\\${');
  return `${quote}${body}${quote}`;
}

function noisyParts<E>(parts: readonly StringPart<E>[], pick: Pick, inner: (expr: E) => string): string {
  const quote = pick(['"', "'"]);
  const body = parts.map((part) => (part.kind === 'text' ? quoteAs(part.text, quote).slice(1, -1) : `\${${pick(['', ' '])}${inner(part.expr)}${pick(['', ' '])}}`));
  return `${quote}${body.join('')}${quote}`;
}

function noisyNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function noisyDuration(text: string, unit: string, pick: Pick): string {
  return `${pick(['', '0'])}${text}${text.includes('.') ? pick(['', '0', '00']) : ''}${unit}`;
}

function noisySelector(ast: SelectorAst, pick: Pick): string {
  const groups = ast.groups.map((chain) =>
    chain.steps
      .map((step, index) => {
        const joiner = index === 0 ? '' : chain.combinators[index - 1] === 'child' ? pick(['>', ' > ', '\n>  ']) : pick([' ', '  ', '\n', ' \t ']);
        const filters = step.filters.map((filter) => {
          const key = /^[A-Za-z0-9_.\-/@]+$/.test(filter.key) && pick([true, false]) ? filter.key : quoteAs(filter.key, pick(['"', "'"]));
          const word = /^[a-z]/.test(filter.operator);
          const space = (): string => (word ? pick([' ', '  ']) : pick(['', ' ', '\n']));
          const value = filter.value;
          const text =
            value.kind === 'string'
              ? noisyParts(value.parts, pick, (ref: VariableRefAst) => `${ref.kind}:${ref.name}`)
              : value.kind === 'number'
                ? noisyNumber(value.value)
                : value.kind === 'duration'
                  ? noisyDuration(value.text, value.unit, pick)
                  : String(value.value);
          return `${key}${space()}${filter.operator}${space()}${text}`;
        });
        const body = filters.length > 0 ? `[${pick(['', ' '])}${filters.join(pick([' ', ',', ' , ', '\n']))}${pick(['', ' '])}]` : pick(['', '[]', '[ ]']);
        const pseudo = step.pseudo ? `:${step.pseudo.name}${step.pseudo.argument === undefined ? '' : `(${pick(['', ' '])}${step.pseudo.argument})`}` : '';
        return `${joiner}span${body}${pseudo}`;
      })
      .join(''),
  );
  return `${pick(['', ' ', '\n'])}${groups.join(pick([',', ', ', ' ,\n']))}${pick(['', ' '])}`;
}

function noisyExpr(expr: ExprAst, pick: Pick, minimum = 0): string {
  const levels: Record<string, number> = { filter: 1, negate: 4 };
  const level = expr.kind === 'binary' ? (expr.operator === '+' || expr.operator === '-' ? 2 : 3) : (levels[expr.kind] ?? 5);
  let text: string;
  switch (expr.kind) {
    case 'number':
      text = noisyNumber(expr.value);
      break;
    case 'duration':
      text = noisyDuration(expr.text, expr.unit, pick);
      break;
    case 'boolean':
      text = String(expr.value);
      break;
    case 'string':
      text = noisyParts(expr.parts, pick, (inner: ExprAst) => noisyExpr(inner, pick));
      break;
    case 'attribute':
      text = `attr:${/^[A-Za-z0-9_.]+(?:-[A-Za-z0-9_][A-Za-z0-9_.]*)*$/.test(expr.key) && pick([true, false]) ? expr.key : quoteAs(expr.key, pick(['"', "'"]))}`;
      break;
    case 'env':
    case 'var':
      text = `${expr.kind}:${expr.name}`;
      break;
    case 'array':
      text = `[${pick(['', ' '])}${expr.items.map((item) => noisyExpr(item, pick)).join(pick([',', ', ', ' ,\n']))}${pick(['', ' '])}]`;
      break;
    case 'call':
      text = `${expr.name}(${expr.args.map((arg) => noisyExpr(arg, pick)).join(pick([',', ', ']))})`;
      break;
    case 'negate':
      text = `-${pick(['', ' '])}${noisyExpr(expr.operand, pick, 4)}`;
      break;
    case 'binary': {
      const spaced = expr.operator === '-' ? pick([' ', '  ', '\n']) : pick(['', ' ', '\n']);
      text = `${noisyExpr(expr.left, pick, level)}${expr.operator === '-' ? ' ' : spaced}${expr.operator}${spaced}${noisyExpr(expr.right, pick, level + 1)}`;
      break;
    }
    case 'filter':
      text = `${noisyExpr(expr.input, pick, 1)}${pick(['', ' ', '\n'])}|${pick(['', ' '])}${expr.name}${expr.args.map((arg) => `${pick([' ', '  '])}${noisyExpr(arg, pick, 5)}`).join('')}`;
      break;
  }
  const needed = level < minimum;
  return needed || pick([false, false, false, true]) ? `(${pick(['', ' '])}${text}${pick(['', ' '])})` : text;
}
