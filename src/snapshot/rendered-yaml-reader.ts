// Reads the YAML subset that the snapshot emitter writes (block maps and sequences at fixed
// indents, literal blocks, one-line flow collections, plain and JSON-quoted scalars) into plain
// values. Fast and strict; callers verify its result by rendering it again.
import type { AttributeValue, Attributes } from '../model/index.ts';

type Value = AttributeValue;

/** The document's root map. Throws on anything outside the emitter's subset. */
export function readRenderedYaml(text: string): Attributes {
  return new LineReader(text).document();
}

class LineReader {
  private readonly lines: string[];
  private i = 0;

  constructor(text: string) {
    this.lines = text.split('\n');
    if (this.lines[this.lines.length - 1] === '') this.lines.pop();
  }

  document(): Attributes {
    while (this.i < this.lines.length && (this.lines[this.i] === '' || this.lines[this.i]?.startsWith('#'))) this.i++;
    const root = this.map(0);
    if (this.i !== this.lines.length) throw new Error('trailing lines');
    return root;
  }

  /** A block map at `indent`; `first` is the rest of the current line when it opened a `- ` item. */
  private map(indent: number, first?: string): Attributes {
    const out: Record<string, Value> = {};
    let rest = first;
    for (;;) {
      if (rest === undefined) {
        const line = this.lines[this.i];
        if (line === undefined || indentOf(line) !== indent || line.startsWith('- ', indent)) break;
        rest = line.slice(indent);
      }
      this.i++;
      let key: string;
      let after: string;
      if (rest.startsWith('? ')) {
        key = stringOf(scalarToken(rest.slice(2)));
        const colon = this.lines[this.i];
        if (colon === undefined || !colon.startsWith(':', indent) || indentOf(colon) !== indent) throw new Error('explicit key');
        this.i++;
        after = colon.slice(indent + 1);
      } else {
        const split = splitKey(rest);
        key = split.key;
        after = split.after;
      }
      setKey(out, key, this.valueAfter(after, indent));
      rest = undefined;
    }
    return out;
  }

  /** A block sequence whose dashes sit at `indent`. */
  private seq(indent: number, first?: string): Value[] {
    const out: Value[] = [];
    let rest = first;
    for (;;) {
      if (rest === undefined) {
        const line = this.lines[this.i];
        if (line === undefined || indentOf(line) !== indent || !line.startsWith('- ', indent)) break;
        rest = line.slice(indent + 2);
      }
      if (rest.startsWith('- ')) out.push(this.seq(indent + 2, rest.slice(2)));
      else if (opensMapEntry(rest)) out.push(this.map(indent + 2, rest));
      else {
        this.i++;
        out.push(this.valueAfter(` ${rest}`, indent));
      }
      rest = undefined;
    }
    if (first !== undefined && out.length === 0) throw new Error('empty sequence');
    return out;
  }

  /** The value after `key:` or `-` (the current line is consumed); nested blocks sit at indent + 2. */
  private valueAfter(after: string, indent: number): Value {
    if (after === '') {
      const next = this.lines[this.i];
      if (next === undefined || indentOf(next) !== indent + 2) throw new Error('missing block');
      return next.startsWith('- ', indent + 2) ? this.seq(indent + 2) : this.map(indent + 2);
    }
    if (!after.startsWith(' ')) throw new Error('no space after colon');
    const token = after.slice(1);
    if (token === '|' || token === '|-') return this.literal(indent + 2, token === '|');
    if (token.startsWith('{') || token.startsWith('[')) {
      const flow = new FlowReader(token);
      const value = flow.value();
      if (!flow.done()) throw new Error('flow tail');
      return value;
    }
    return scalarToken(token);
  }

  private literal(indent: number, keepNewline: boolean): string {
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    for (let line = this.lines[this.i]; line !== undefined && (line === '' || line.startsWith(pad)); line = this.lines[this.i]) {
      lines.push(line.slice(indent));
      this.i++;
    }
    return lines.join('\n') + (keepNewline ? '\n' : '');
  }
}

class FlowReader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at === this.text.length;
  }

  value(): Value {
    const char = this.text[this.at];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      const isMap = char === '{';
      const map: Record<string, Value> = {};
      const list: Value[] = [];
      this.at++;
      if (this.text[this.at] === close) {
        this.at++;
        return isMap ? map : list;
      }
      for (;;) {
        this.expect(' ');
        if (isMap) {
          const key = stringOf(this.scalar(true));
          this.expect(': ');
          setKey(map, key, this.value());
        } else {
          list.push(this.value());
        }
        if (this.text.startsWith(', ', this.at)) this.at++;
        else if (this.text.startsWith(` ${close}`, this.at)) {
          this.at += 2;
          return isMap ? map : list;
        } else throw new Error('flow separator');
      }
    }
    return this.scalar(false);
  }

  private scalar(key: boolean): Value {
    if (this.text[this.at] === '"') {
      const end = closingQuote(this.text, this.at);
      const value = JSON.parse(this.text.slice(this.at, end + 1)) as string;
      this.at = end + 1;
      return value;
    }
    let end = this.at;
    while (end < this.text.length && !',]}'.includes(this.text[end] as string) && !(key && this.text.startsWith(': ', end))) end++;
    // the padding before `}`/`]` is not part of the scalar (plain scalars never end in a space)
    while (end > this.at && this.text[end - 1] === ' ') end--;
    const token = this.text.slice(this.at, end);
    this.at = end;
    return resolvePlain(token);
  }

  private expect(text: string): void {
    if (!this.text.startsWith(text, this.at)) throw new Error(`expected ${text}`);
    this.at += text.length;
  }
}

/** `__proto__` is a legal key; a plain assignment would change the prototype instead. */
function setKey(target: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new Error('unclosed quote');
}

function splitKey(rest: string): { key: string; after: string } {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest, 0);
    if (rest[end + 1] !== ':') throw new Error('quoted key');
    return { key: JSON.parse(rest.slice(0, end + 1)) as string, after: rest.slice(end + 2) };
  }
  const colon = rest.indexOf(': ');
  if (colon >= 0) return { key: rest.slice(0, colon), after: rest.slice(colon + 1) };
  if (rest.endsWith(':')) return { key: rest.slice(0, -1), after: '' };
  throw new Error('not a map entry');
}

function opensMapEntry(rest: string): boolean {
  if (rest.startsWith('? ')) return true;
  if (rest.startsWith('"')) return rest[closingQuote(rest, 0) + 1] === ':';
  if (rest.startsWith('{') || rest.startsWith('[') || rest === '|' || rest === '|-') return false;
  return rest.includes(': ') || rest.endsWith(':');
}

function scalarToken(token: string): Value {
  if (token.startsWith('"')) {
    if (closingQuote(token, 0) !== token.length - 1) throw new Error('quoted tail');
    return JSON.parse(token) as string;
  }
  return resolvePlain(token);
}

function resolvePlain(token: string): Value {
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === '.nan') return Number.NaN;
  if (token === '.inf') return Number.POSITIVE_INFINITY;
  if (token === '-.inf') return Number.NEGATIVE_INFINITY;
  if (/^-?[0-9]/.test(token)) {
    const number = Number(token);
    if (!Number.isNaN(number)) return number;
  }
  return token;
}

export function stringOf(value: Value): string {
  if (typeof value !== 'string') throw new Error('expected a string');
  return value;
}
