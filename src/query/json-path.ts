// A small JSONPath for the `json_path` filter: `$`, `.key`, `['key']`, `[0]`, `[-1]`, `[*]`,
// `[a,b]`, `[1:3]`, `..key` (any depth) and `[?(@.k == 'v')]`. `$` may be left out, as
// Tracetest's examples do (`.TaskToken`).
import type { Value } from './values.ts';

type Selector =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number }
  | { readonly kind: 'filter'; readonly path: readonly Segment[]; readonly operator?: string; readonly literal?: Value };

interface Segment {
  readonly deep: boolean;
  readonly selectors: readonly Selector[];
}

export type CompiledJsonPath = readonly Segment[];

/** A path that does not parse; the caller turns it into a located error. */
export class JsonPathSyntaxError extends Error {
  override readonly name = 'JsonPathSyntaxError';
}

/** Compiles a path or throws JsonPathSyntaxError. */
export function compileJsonPath(text: string): CompiledJsonPath {
  const reader = { text: text.trim(), pos: 0 };
  if (reader.text.startsWith('$')) reader.pos = 1;
  else if (/^[A-Za-z_]/.test(reader.text)) reader.text = `.${reader.text}`;
  return readSegments(reader, false);
}

interface Reader {
  text: string;
  pos: number;
}

function readSegments(reader: Reader, stopAtOperator: boolean): Segment[] {
  const segments: Segment[] = [];
  while (reader.pos < reader.text.length) {
    const rest = reader.text.slice(reader.pos);
    if (stopAtOperator && /^\s*(==|!=|<=|>=|<|>|\)|\])/.test(rest)) break;
    const deep = rest.startsWith('..');
    if (deep) reader.pos += 2;
    else if (rest.startsWith('.')) reader.pos += 1;
    else if (!rest.startsWith('[')) throw new JsonPathSyntaxError(`unexpected "${rest.charAt(0)}" at ${reader.pos + 1}`);
    if (reader.text.charAt(reader.pos) === '[') {
      segments.push({ deep, selectors: readBracket(reader) });
      continue;
    }
    if (reader.text.charAt(reader.pos) === '*') {
      reader.pos++;
      segments.push({ deep, selectors: [{ kind: 'wildcard' }] });
      continue;
    }
    const name = /^[^.[\]\s()=!<>]+/.exec(reader.text.slice(reader.pos))?.[0];
    if (!name) throw new JsonPathSyntaxError(`expected a key at ${reader.pos + 1}`);
    reader.pos += name.length;
    segments.push({ deep, selectors: [{ kind: 'key', key: name }] });
  }
  return segments;
}

function readBracket(reader: Reader): Selector[] {
  reader.pos++;
  const selectors: Selector[] = [];
  for (;;) {
    skipSpaces(reader);
    selectors.push(readBracketItem(reader));
    skipSpaces(reader);
    const char = reader.text.charAt(reader.pos);
    reader.pos++;
    if (char === ']') return selectors;
    if (char !== ',') throw new JsonPathSyntaxError(`expected "," or "]" at ${reader.pos}`);
  }
}

function readBracketItem(reader: Reader): Selector {
  const rest = reader.text.slice(reader.pos);
  if (rest.startsWith('*')) {
    reader.pos++;
    return { kind: 'wildcard' };
  }
  if (rest.startsWith("'") || rest.startsWith('"')) {
    const literal = readQuoted(reader);
    return { kind: 'key', key: literal };
  }
  if (rest.startsWith('?')) {
    reader.pos++;
    skipSpaces(reader);
    const parenthesized = reader.text.charAt(reader.pos) === '(';
    if (parenthesized) reader.pos++;
    skipSpaces(reader);
    if (reader.text.charAt(reader.pos) !== '@') throw new JsonPathSyntaxError(`expected "@" in the filter at ${reader.pos + 1}`);
    reader.pos++;
    const path = readSegments(reader, true);
    skipSpaces(reader);
    const operator = /^(==|!=|<=|>=|<|>)/.exec(reader.text.slice(reader.pos))?.[0];
    let literal: Value | undefined;
    if (operator) {
      reader.pos += operator.length;
      skipSpaces(reader);
      literal = readLiteral(reader);
      skipSpaces(reader);
    }
    if (parenthesized) {
      if (reader.text.charAt(reader.pos) !== ')') throw new JsonPathSyntaxError(`expected ")" at ${reader.pos + 1}`);
      reader.pos++;
    }
    return { kind: 'filter', path, ...(operator ? { operator } : {}), ...(literal ? { literal } : {}) };
  }
  const slice = /^(-?\d+)?:(-?\d+)?/.exec(rest);
  if (slice && (slice[1] !== undefined || slice[2] !== undefined || rest.startsWith(':'))) {
    reader.pos += slice[0].length;
    return {
      kind: 'slice',
      ...(slice[1] !== undefined ? { start: Number(slice[1]) } : {}),
      ...(slice[2] !== undefined ? { end: Number(slice[2]) } : {}),
    };
  }
  const index = /^-?\d+/.exec(rest)?.[0];
  if (index !== undefined) {
    reader.pos += index.length;
    return { kind: 'index', index: Number(index) };
  }
  throw new JsonPathSyntaxError(`unexpected "${rest.charAt(0) || 'end'}" in brackets at ${reader.pos + 1}`);
}

function readQuoted(reader: Reader): string {
  const quote = reader.text.charAt(reader.pos);
  let out = '';
  reader.pos++;
  while (reader.pos < reader.text.length) {
    const char = reader.text.charAt(reader.pos);
    if (char === '\\' && reader.pos + 1 < reader.text.length) {
      out += reader.text.charAt(reader.pos + 1);
      reader.pos += 2;
      continue;
    }
    reader.pos++;
    if (char === quote) return out;
    out += char;
  }
  throw new JsonPathSyntaxError('unterminated quote');
}

function readLiteral(reader: Reader): Value {
  const rest = reader.text.slice(reader.pos);
  if (rest.startsWith("'") || rest.startsWith('"')) return { kind: 'string', value: readQuoted(reader) };
  const word = /^(true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(rest)?.[0];
  if (word === undefined) throw new JsonPathSyntaxError(`expected a literal at ${reader.pos + 1}`);
  reader.pos += word.length;
  if (word === 'null') return { kind: 'null' };
  if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
  return { kind: 'number', value: Number(word) };
}

function skipSpaces(reader: Reader): void {
  while (reader.text.charAt(reader.pos) === ' ') reader.pos++;
}

/** Every node the path selects, in document order. Iterative, so deep JSON cannot overflow. */
export function queryJsonPath(path: CompiledJsonPath, root: Value): Value[] {
  let current: Value[] = [root];
  for (const segment of path) {
    const next: Value[] = [];
    for (const node of current) {
      const candidates = segment.deep ? descendantsAndSelf(node) : [node];
      for (const candidate of candidates) for (const selector of segment.selectors) applySelector(selector, candidate, next);
    }
    current = next;
  }
  return current;
}

function children(node: Value): readonly Value[] {
  if (node.kind === 'array') return node.items;
  if (node.kind === 'object') return [...node.entries.values()];
  return [];
}

function descendantsAndSelf(node: Value): Value[] {
  const out: Value[] = [];
  const stack: Value[] = [node];
  while (stack.length > 0) {
    const item = stack.pop() as Value;
    out.push(item);
    const kids = children(item);
    for (let index = kids.length - 1; index >= 0; index--) stack.push(kids[index] as Value);
  }
  return out;
}

function applySelector(selector: Selector, node: Value, out: Value[]): void {
  switch (selector.kind) {
    case 'key':
      if (node.kind === 'object' && node.entries.has(selector.key)) out.push(node.entries.get(selector.key) as Value);
      return;
    case 'index': {
      if (node.kind !== 'array') return;
      const index = selector.index < 0 ? node.items.length + selector.index : selector.index;
      const item = node.items[index];
      if (item) out.push(item);
      return;
    }
    case 'wildcard':
      out.push(...children(node));
      return;
    case 'slice': {
      if (node.kind !== 'array') return;
      const length = node.items.length;
      const clamp = (value: number): number => Math.max(0, Math.min(length, value < 0 ? length + value : value));
      out.push(...node.items.slice(clamp(selector.start ?? 0), clamp(selector.end ?? length)));
      return;
    }
    case 'filter':
      for (const child of children(node)) if (matchesFilter(selector, child)) out.push(child);
  }
}

function matchesFilter(selector: Extract<Selector, { kind: 'filter' }>, node: Value): boolean {
  const found = queryJsonPath(selector.path, node);
  if (!selector.operator || !selector.literal) return found.length > 0;
  const literal = selector.literal;
  return found.some((value) => {
    if (selector.operator === '==' || selector.operator === '!=') {
      const same = value.kind === literal.kind && JSON.stringify(plain(value)) === JSON.stringify(plain(literal));
      return selector.operator === '==' ? same : !same;
    }
    if (value.kind === 'number' && literal.kind === 'number') return ordered(selector.operator ?? '', value.value, literal.value);
    if (value.kind === 'string' && literal.kind === 'string') return ordered(selector.operator ?? '', value.value, literal.value);
    return false;
  });
}

function ordered<T extends number | string>(operator: string, left: T, right: T): boolean {
  if (operator === '<') return left < right;
  if (operator === '<=') return left <= right;
  if (operator === '>') return left > right;
  return left >= right;
}

function plain(value: Value): unknown {
  if (value.kind === 'array') return value.items.map(plain);
  if (value.kind === 'object') return Object.fromEntries([...value.entries].map(([key, inner]) => [key, plain(inner)]));
  if (value.kind === 'null') return null;
  if (value.kind === 'duration') return `${value.value.n}/${value.value.d}`;
  return value.value;
}
