// Recursive-descent parser for Tracetest's selector grammar plus tbt's additions (`>`, `!=`,
// `=~`, `<`…, quoted or dashed keys). Grammar only: it never imports the model or the evaluator.
import type {
  Combinator,
  PseudoClassAst,
  SelectorAst,
  SelectorChainAst,
  SelectorFilterAst,
  SelectorValueAst,
  SpanStepAst,
  VariableRefAst,
} from './ast.ts';
import { isDigit, isIdentPart, Scanner } from './scanner.ts';

/** Characters a bare key may hold. Anything else needs quotes: `span["x y"="1"]`. */
function isKeyChar(code: number): boolean {
  return isIdentPart(code) || code === 46 /* . */ || code === 45 /* - */ || code === 47 /* / */ || code === 64 /* @ */;
}

/**
 * Parses a selector. The empty (or blank) selector parses to zero groups: every span, as in
 * Tracetest. Anything else that does not parse throws a ParseError with its offset.
 */
export function parseSelector(text: string): SelectorAst {
  const scanner: Scanner = new Scanner(text, 'selector');
  scanner.skipSpace();
  const groups: SelectorChainAst[] = [];
  if (!scanner.done) {
    for (;;) {
      groups.push(parseChain(scanner));
      scanner.skipSpace();
      if (scanner.done) break;
      if (scanner.peek() !== ',') scanner.fail(`expected ",", ">", a space and "span", or the end${scanner.describeHere()}`);
      scanner.pos++;
      scanner.skipSpace();
      if (scanner.done) scanner.fail('expected a selector after ","');
    }
  }
  return { groups, span: { start: 0, end: text.length } };
}

function parseChain(scanner: Scanner): SelectorChainAst {
  const start = scanner.pos;
  const steps: SpanStepAst[] = [parseStep(scanner)];
  const combinators: Combinator[] = [];
  for (;;) {
    const beforeSpace = scanner.pos;
    const spaced = scanner.skipSpace();
    if (scanner.peek() === '>') {
      scanner.pos++;
      scanner.skipSpace();
      combinators.push('child');
      steps.push(parseStep(scanner));
      continue;
    }
    if (spaced && scanner.startsWith('span') && !isKeyChar(scanner.code(4))) {
      combinators.push('descendant');
      steps.push(parseStep(scanner));
      continue;
    }
    scanner.pos = beforeSpace;
    const end = scanner.pos;
    return { steps, combinators, span: { start, end } };
  }
}

function parseStep(scanner: Scanner): SpanStepAst {
  const start = scanner.pos;
  if (!scanner.startsWith('span') || isKeyChar(scanner.code(4))) {
    scanner.fail(`expected "span"${scanner.describeHere()}`, scanner.pos, 'a selector looks like span[name="checkout"]');
  }
  scanner.pos += 4;
  const filters: SelectorFilterAst[] = [];
  if (scanner.peek() === '[') {
    scanner.pos++;
    scanner.skipSpace();
    while (scanner.peek() !== ']') {
      // The "[" is a mark, so a located message gives its column in the file's columns.
      if (scanner.done) scanner.fail('expected "]" to close the "["', scanner.pos, undefined, start + 4);
      filters.push(parseFilter(scanner));
      const spaced = scanner.skipSpace();
      if (scanner.done) scanner.fail('expected "]" to close the "["', scanner.pos, undefined, start + 4);
      if (scanner.peek() === ',') {
        scanner.pos++;
        scanner.skipSpace();
        if (scanner.peek() === ']') scanner.fail('expected a filter after ","');
      } else if (!spaced && scanner.peek() !== ']') {
        scanner.fail(`expected a space, "," or "]" after the filter${scanner.describeHere()}`);
      }
    }
    scanner.pos++;
  }
  let pseudo: PseudoClassAst | undefined;
  if (scanner.peek() === ':') pseudo = parsePseudo(scanner);
  if (scanner.peek() === ':') scanner.fail('only one pseudo-class is allowed per span');
  return { filters, ...(pseudo ? { pseudo } : {}), span: { start, end: scanner.pos } };
}

function parseFilter(scanner: Scanner): SelectorFilterAst {
  const start = scanner.pos;
  let key: string;
  if (scanner.peek() === '"' || scanner.peek() === "'") {
    const quoted = scanner.readString<VariableRefAst>(() => scanner.fail('a key cannot interpolate "${…}"'));
    key = quoted.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    if (key === '') scanner.fail('a key cannot be empty', start);
  } else {
    while (isKeyChar(scanner.code())) scanner.pos++;
    if (scanner.pos === start) scanner.fail(`expected an attribute name${scanner.describeHere()}`);
    key = scanner.text.slice(start, scanner.pos);
  }
  const keySpan = { start, end: scanner.pos };
  scanner.skipSpace();
  const operator = scanner.readComparison();
  if (!operator) {
    scanner.fail(`expected an operator after "${key}"${scanner.describeHere()}`, scanner.pos, 'operators: = != =~ < <= > >= contains not-contains');
  }
  scanner.skipSpace();
  const value = parseValue(scanner);
  return { key, keySpan, operator: operator.operator, operatorSpan: operator.span, value, span: { start, end: scanner.pos } };
}

function parseValue(scanner: Scanner): SelectorValueAst {
  const start = scanner.pos;
  const char = scanner.peek();
  if (char === '"' || char === "'") {
    const { parts, span } = scanner.readString(() => readVariableRef(scanner));
    return { kind: 'string', parts, span };
  }
  if (isDigit(scanner.code()) || (char === '-' && isDigit(scanner.code(1)))) {
    const negative = char === '-';
    if (negative) scanner.pos++;
    const literal = scanner.readNumber();
    const span = { start, end: scanner.pos };
    if (literal.kind === 'number') return { kind: 'number', value: negative ? -literal.value : literal.value, span };
    if (negative) scanner.fail('a selector duration cannot be negative', start);
    return { ...literal, span };
  }
  const word = scanner.readIdent();
  if (word?.text === 'true' || word?.text === 'false') return { kind: 'boolean', value: word.text === 'true', span: word.span };
  scanner.pos = start;
  return scanner.fail(`expected a quoted value, a number or a duration${scanner.describeHere()}`, start, 'quote text values: span[name="checkout"]');
}

function readVariableRef(scanner: Scanner): VariableRefAst {
  const start = scanner.pos;
  const prefix = scanner.readIdent();
  if ((prefix?.text !== 'env' && prefix?.text !== 'var') || scanner.peek() !== ':') {
    scanner.fail('expected env:NAME or var:NAME inside "${…}"', start);
  }
  scanner.pos++;
  const name = scanner.readVariableName(start);
  return { kind: prefix.text, name, span: { start, end: scanner.pos } };
}

function parsePseudo(scanner: Scanner): PseudoClassAst {
  const start = scanner.pos;
  scanner.pos++;
  const name = scanner.readIdent();
  if (!name) scanner.fail(`expected a pseudo-class name after ":"${scanner.describeHere()}`);
  if (scanner.peek() !== '(') return { name: name.text, span: { start, end: scanner.pos } };
  scanner.pos++;
  scanner.skipSpace();
  const numberStart = scanner.pos;
  if (!isDigit(scanner.code())) scanner.fail(`expected a whole number${scanner.describeHere()}`);
  while (isDigit(scanner.code())) scanner.pos++;
  const argument = Number(scanner.text.slice(numberStart, scanner.pos));
  if (!Number.isSafeInteger(argument)) scanner.fail('number out of range', numberStart);
  scanner.skipSpace();
  scanner.expect(')', '")"');
  return { name: name.text, argument, span: { start, end: scanner.pos } };
}
