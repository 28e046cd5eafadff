// A character cursor shared by the selector and expression parsers: literals (numbers, durations,
// quoted strings with `${…}`), identifiers and operators, each with its offset.
import type { ComparisonOperator, DurationUnit, StringPart, TextSpan } from './ast.ts';
import { ParseError, type QueryLanguage } from './errors.ts';

/** Deeper nesting than this is refused, so a hostile input cannot overflow the stack. */
const MAX_NESTING = 200;

const DURATION_UNITS: readonly DurationUnit[] = ['ns', 'us', 'ms', 's', 'm', 'h'];

/** Operators longest first, so `<=` wins over `<` and `not-contains` over nothing. */
const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['not-contains', 'contains', '!=', '<=', '>=', '=~', '=', '<', '>'];

type NumberLiteral =
  | { readonly kind: 'number'; readonly value: number; readonly span: TextSpan }
  | { readonly kind: 'duration'; readonly text: string; readonly unit: DurationUnit; readonly span: TextSpan };

export function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

export function isIdentPart(code: number): boolean {
  return isIdentStart(code) || isDigit(code);
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export class Scanner {
  readonly text: string;
  readonly language: QueryLanguage;
  pos = 0;
  depth = 0;

  constructor(text: string, language: QueryLanguage) {
    this.text = text;
    this.language = language;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(ahead = 0): string {
    return this.text.charAt(this.pos + ahead);
  }

  code(ahead = 0): number {
    const code = this.text.charCodeAt(this.pos + ahead);
    return Number.isNaN(code) ? -1 : code;
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  /** Skips spaces, tabs and newlines; returns whether any were skipped. */
  skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  /** Throws a ParseError at `offset`; `mark` is a second position the reason refers to. */
  fail(reason: string, offset: number = this.pos, hint?: string, mark?: number): never {
    throw new ParseError(this.language, this.text, offset, reason, hint, mark);
  }

  expect(token: string, what?: string): TextSpan {
    if (!this.startsWith(token)) this.fail(`expected ${what ?? `"${token}"`}${this.describeHere()}`);
    const start = this.pos;
    this.pos += token.length;
    return { start, end: this.pos };
  }

  /** ", found X" or ", found the end", for messages. */
  describeHere(): string {
    if (this.done) return ', found the end';
    const match = /^(\S{1,12})/.exec(this.text.slice(this.pos));
    return `, found "${match?.[1] ?? this.peek()}"`;
  }

  enter(): void {
    this.depth++;
    if (this.depth > MAX_NESTING) this.fail(`nested more than ${MAX_NESTING} levels deep`);
  }

  leave(): void {
    this.depth--;
  }

  readIdent(): { text: string; span: TextSpan } | undefined {
    if (!isIdentStart(this.code())) return undefined;
    const start = this.pos;
    while (isIdentPart(this.code())) this.pos++;
    return { text: this.text.slice(start, this.pos), span: { start, end: this.pos } };
  }

  /** A word operator must end at a non-identifier character (`containsx` is not `contains`). */
  readComparison(): { operator: ComparisonOperator; span: TextSpan } | undefined {
    for (const operator of COMPARISON_OPERATORS) {
      if (!this.startsWith(operator)) continue;
      const isWord = isIdentStart(operator.charCodeAt(0));
      if (isWord && isIdentPart(this.code(operator.length))) continue;
      const start = this.pos;
      this.pos += operator.length;
      return { operator, span: { start, end: this.pos } };
    }
    return undefined;
  }

  /** `12`, `1.5`, `2e3`, `250ms`, `1.5s`. The caller has checked that a digit is next. */
  readNumber(): NumberLiteral {
    const start = this.pos;
    while (isDigit(this.code())) this.pos++;
    if (this.peek() === '.') {
      if (!isDigit(this.code(1))) this.fail('expected a digit after the decimal point', this.pos + 1);
      this.pos++;
      while (isDigit(this.code())) this.pos++;
    }
    const mantissaEnd = this.pos;
    let hasExponent = false;
    if ((this.peek() === 'e' || this.peek() === 'E') && (isDigit(this.code(1)) || ((this.peek(1) === '+' || this.peek(1) === '-') && isDigit(this.code(2))))) {
      hasExponent = true;
      this.pos += isDigit(this.code(1)) ? 1 : 2;
      while (isDigit(this.code())) this.pos++;
    }
    if (isIdentStart(this.code())) {
      const unitStart = this.pos;
      const unit = DURATION_UNITS.find((candidate) => this.startsWith(candidate) && !isIdentPart(this.code(candidate.length)));
      if (!unit) {
        while (isIdentPart(this.code())) this.pos++;
        this.fail(`unknown duration unit "${this.text.slice(unitStart, this.pos)}"`, unitStart, 'durations use ns, us, ms, s, m or h, e.g. 250ms');
      }
      if (hasExponent) this.fail('a duration cannot use an exponent', start);
      this.pos += unit.length;
      return { kind: 'duration', text: normalizeDecimal(this.text.slice(start, mantissaEnd)), unit, span: { start, end: this.pos } };
    }
    const value = Number(this.text.slice(start, this.pos));
    if (!Number.isFinite(value)) this.fail('number out of range', start);
    return { kind: 'number', value, span: { start, end: this.pos } };
  }

  /**
   * A quoted string. Escapes: `\\`, the quote itself, and `\${` for a literal `${`; any other
   * backslash is kept, so regular expressions like '\d+' read as written.
   */
  readString<E>(readInterpolation: () => E): { parts: StringPart<E>[]; span: TextSpan } {
    const quote = this.peek();
    const start = this.pos;
    this.pos++;
    const parts: StringPart<E>[] = [];
    let text = '';
    for (;;) {
      if (this.done) this.fail('unterminated string', start, `close it with ${quote}`);
      const char = this.peek();
      if (char === quote) {
        this.pos++;
        break;
      }
      if (char === '\\') {
        const next = this.peek(1);
        if (next === '\\' || next === quote) {
          text += next;
          this.pos += 2;
          continue;
        }
        if (next === '$' && this.peek(2) === '{') {
          text += '${';
          this.pos += 3;
          continue;
        }
        text += char;
        this.pos++;
        continue;
      }
      if (char === '$' && this.peek(1) === '{') {
        if (text) parts.push({ kind: 'text', text });
        text = '';
        const interpolationStart = this.pos;
        this.pos += 2;
        this.enter();
        this.skipSpace();
        const expr = readInterpolation();
        this.skipSpace();
        this.expect('}', '"}" to close "${"');
        this.leave();
        parts.push({ kind: 'interpolation', expr, span: { start: interpolationStart, end: this.pos } });
        continue;
      }
      text += char;
      this.pos++;
    }
    if (text || parts.length === 0) parts.push({ kind: 'text', text });
    return { parts, span: { start, end: this.pos } };
  }

  /** `NAME` after `env:` or `var:`. */
  readVariableName(prefixStart: number): string {
    const start = this.pos;
    while (isIdentPart(this.code()) || (this.peek() === '.' && isIdentPart(this.code(1)))) this.pos++;
    if (this.pos === start) this.fail('expected a variable name', prefixStart);
    return this.text.slice(start, this.pos);
  }
}

/** `007.50` → `7.5`, `3.0` → `3`: one spelling per value, so printing round-trips. */
function normalizeDecimal(text: string): string {
  const [integerRaw = '0', fractionRaw = ''] = text.split('.');
  const integer = integerRaw.replace(/^0+(?=\d)/, '');
  const fraction = fractionRaw.replace(/0+$/, '');
  return fraction ? `${integer}.${fraction}` : integer;
}
