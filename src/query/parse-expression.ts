// Precedence-climbing parser for assertions (`LEFT OP RIGHT`) and expressions: literals, attr:,
// var:, env:, arrays, arithmetic with the usual precedence, `| filter args`, and aggregate calls.
// Grammar only: it never imports the model or the evaluator.
import type { ArithmeticOperator, AssertionAst, ExprAst } from './ast.ts';
import { isDigit, isIdentPart, isIdentStart, Scanner } from './scanner.ts';

/** Parses `LEFT OP RIGHT`, e.g. `attr:http.response.status_code = 200`. */
export function parseAssertion(text: string): AssertionAst {
  const scanner: Scanner = new Scanner(text, 'assertion');
  scanner.skipSpace();
  if (scanner.done) scanner.fail('the assertion is empty', 0, 'an assertion looks like attr:http.response.status_code = 200');
  const left = parseExpr(scanner);
  scanner.skipSpace();
  const comparison = scanner.readComparison();
  if (!comparison) {
    scanner.fail(`expected a comparison${scanner.describeHere()}`, scanner.pos, 'comparisons: = != < <= > >= contains not-contains =~');
  }
  scanner.skipSpace();
  if (scanner.done) scanner.fail(`expected a value after "${comparison.operator}"`);
  const right = parseExpr(scanner);
  scanner.skipSpace();
  if (!scanner.done) scanner.fail(`unexpected text after the assertion${scanner.describeHere()}`);
  return { left, operator: comparison.operator, operatorSpan: comparison.span, right, span: { start: left.span.start, end: right.span.end } };
}

/** Parses a lone expression, as in a Tracetest output's `value:`. */
export function parseExpression(text: string): ExprAst {
  const scanner: Scanner = new Scanner(text, 'expression');
  scanner.skipSpace();
  if (scanner.done) scanner.fail('the expression is empty');
  const expr = parseExpr(scanner);
  scanner.skipSpace();
  if (!scanner.done) scanner.fail(`unexpected text after the expression${scanner.describeHere()}`);
  return expr;
}

function parseExpr(scanner: Scanner): ExprAst {
  scanner.enter();
  let expr = parseAdditive(scanner);
  for (;;) {
    const save = scanner.pos;
    scanner.skipSpace();
    if (scanner.peek() !== '|') {
      scanner.pos = save;
      break;
    }
    scanner.pos++;
    scanner.skipSpace();
    const name = scanner.readIdent();
    if (!name) scanner.fail(`expected a filter name after "|"${scanner.describeHere()}`, scanner.pos, 'filters: json_path regex regex_group get_index length type');
    const args: ExprAst[] = [];
    for (;;) {
      const beforeArg = scanner.pos;
      if (!scanner.skipSpace() || !canStartArgument(scanner)) {
        scanner.pos = beforeArg;
        break;
      }
      args.push(parsePrimary(scanner));
    }
    const end = args.at(-1)?.span.end ?? name.span.end;
    expr = { kind: 'filter', input: expr, name: name.text, nameSpan: name.span, args, span: { start: expr.span.start, end } };
  }
  scanner.leave();
  return expr;
}

function parseAdditive(scanner: Scanner): ExprAst {
  let left = parseMultiplicative(scanner);
  for (;;) {
    const operator = readOperator(scanner, ['+', '-']);
    if (!operator) return left;
    const right = parseMultiplicative(scanner);
    left = { kind: 'binary', operator, left, right, span: { start: left.span.start, end: right.span.end } };
  }
}

function parseMultiplicative(scanner: Scanner): ExprAst {
  let left = parseUnary(scanner);
  for (;;) {
    const operator = readOperator(scanner, ['*', '/', '%']);
    if (!operator) return left;
    const right = parseUnary(scanner);
    left = { kind: 'binary', operator, left, right, span: { start: left.span.start, end: right.span.end } };
  }
}

/** Reads one of `operators` after optional space; restores the position when there is none. */
function readOperator(scanner: Scanner, operators: readonly ArithmeticOperator[]): ArithmeticOperator | undefined {
  const save = scanner.pos;
  scanner.skipSpace();
  const char = scanner.peek() as ArithmeticOperator;
  if (operators.includes(char)) {
    scanner.pos++;
    scanner.skipSpace();
    if (scanner.done) scanner.fail(`expected a value after "${char}"`);
    return char;
  }
  scanner.pos = save;
  return undefined;
}

function parseUnary(scanner: Scanner): ExprAst {
  if (scanner.peek() !== '-') return parsePrimary(scanner);
  const start = scanner.pos;
  scanner.pos++;
  scanner.skipSpace();
  scanner.enter();
  const operand = parseUnary(scanner);
  scanner.leave();
  return { kind: 'negate', operand, span: { start, end: operand.span.end } };
}

function canStartArgument(scanner: Scanner): boolean {
  const char = scanner.peek();
  if (isDigit(scanner.code()) || char === '"' || char === "'" || char === '[' || char === '(') return true;
  if (!isIdentStart(scanner.code())) return false;
  let end = scanner.pos;
  while (isIdentPart(scanner.text.charCodeAt(end))) end++;
  const word = scanner.text.slice(scanner.pos, end);
  const next = scanner.text.charAt(end);
  return ((word === 'attr' || word === 'var' || word === 'env') && next === ':') || word === 'true' || word === 'false' || next === '(';
}

function parsePrimary(scanner: Scanner): ExprAst {
  const start = scanner.pos;
  const char = scanner.peek();
  if (isDigit(scanner.code())) return scanner.readNumber();
  if (char === '"' || char === "'") {
    const { parts, span } = scanner.readString(() => parseExpr(scanner));
    return { kind: 'string', parts, span };
  }
  if (char === '(') {
    scanner.pos++;
    scanner.enter();
    scanner.skipSpace();
    const inner = parseExpr(scanner);
    scanner.skipSpace();
    scanner.expect(')', '")"');
    scanner.leave();
    return inner;
  }
  if (char === '[') {
    scanner.pos++;
    scanner.enter();
    const items = parseList(scanner, ']');
    scanner.leave();
    return { kind: 'array', items, span: { start, end: scanner.pos } };
  }
  const word = scanner.readIdent();
  if (!word) return scanner.fail(`expected a value${scanner.describeHere()}`);
  if ((word.text === 'attr' || word.text === 'var' || word.text === 'env') && scanner.peek() === ':') {
    scanner.pos++;
    if (word.text === 'attr') return { kind: 'attribute', key: readAttributeKey(scanner, start), span: { start, end: scanner.pos } };
    const name = scanner.readVariableName(start);
    return { kind: word.text, name, span: { start, end: scanner.pos } };
  }
  if (word.text === 'true' || word.text === 'false') return { kind: 'boolean', value: word.text === 'true', span: word.span };
  if (scanner.peek() === '(') {
    scanner.pos++;
    scanner.enter();
    const args = parseList(scanner, ')');
    scanner.leave();
    return { kind: 'call', name: word.text, nameSpan: word.span, args, span: { start, end: scanner.pos } };
  }
  return scanner.fail(`unexpected word "${word.text}"`, start, 'attributes need the attr: prefix, text needs quotes');
}

/** Comma-separated expressions up to `close`, which it consumes. */
function parseList(scanner: Scanner, close: string): ExprAst[] {
  const items: ExprAst[] = [];
  scanner.skipSpace();
  if (scanner.peek() === close) {
    scanner.pos++;
    return items;
  }
  for (;;) {
    scanner.skipSpace();
    items.push(parseExpr(scanner));
    scanner.skipSpace();
    if (scanner.peek() === ',') {
      scanner.pos++;
      continue;
    }
    scanner.expect(close, `"," or "${close}"`);
    return items;
  }
}

/**
 * `attr:` keys: letters, digits, `_` and `.`, plus `-` between two such characters
 * (`attr:x-request-id`), or any text in quotes (`attr:"x y"`). Write `attr:a - 1` to subtract.
 */
function readAttributeKey(scanner: Scanner, prefixStart: number): string {
  const char = scanner.peek();
  if (char === '"' || char === "'") {
    const quoted = scanner.readString<ExprAst>(() => scanner.fail('an attribute name cannot interpolate "${…}"'));
    const key = quoted.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    if (key === '') scanner.fail('an attribute name cannot be empty', prefixStart);
    return key;
  }
  const start = scanner.pos;
  for (;;) {
    const code = scanner.code();
    if (isIdentPart(code) || code === 46) scanner.pos++;
    else if (code === 45 && scanner.pos > start && isIdentPart(scanner.code(1))) scanner.pos++;
    else break;
  }
  if (scanner.pos === start) scanner.fail(`expected an attribute name after "attr:"${scanner.describeHere()}`, prefixStart);
  return scanner.text.slice(start, scanner.pos);
}
