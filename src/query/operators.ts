// The comparison operators, one registry for selectors and assertions. Values keep their types:
// numbers compare as numbers, durations exactly, and a quoted literal is read as the type it is
// compared with ("200" = 200, "true" = true, '{"a":1}' contains-subset of a JSON object).
import type { ComparisonOperator } from './ast.ts';
import { compare as compareDurations } from './duration.ts';
import { asDuration, asNumber, asText, describe, parseJsonStructure, type Value } from './values.ts';

/** A verdict, or the reason the two values cannot be compared with this operator. */
type Comparison = { readonly passed: boolean } | { readonly problem: string };

export interface ComparisonContext {
  /** Compiles (and caches) a regular expression; undefined with a reason when it is invalid. */
  regex(pattern: string): RegExp | string;
}

export interface Operator {
  readonly symbol: ComparisonOperator;
  compare(left: Value, right: Value, context: ComparisonContext): Comparison;
}

function passed(value: boolean): Comparison {
  return { passed: value };
}

/** Typed equality with Tracetest-compatible reading of literals. */
function valuesEqual(a: Value, b: Value): boolean {
  if (a.kind === b.kind) {
    switch (a.kind) {
      case 'null':
        return true;
      case 'duration':
        return compareDurations(a.value, (b as typeof a).value) === 0;
      case 'array': {
        const other = b as typeof a;
        return a.items.length === other.items.length && a.items.every((item, index) => valuesEqual(item, other.items[index] as Value));
      }
      case 'object': {
        const other = b as typeof a;
        if (a.entries.size !== other.entries.size) return false;
        for (const [key, inner] of a.entries) {
          const match = other.entries.get(key);
          if (!match || !valuesEqual(inner, match)) return false;
        }
        return true;
      }
      default:
        return a.value === (b as typeof a).value;
    }
  }
  if (a.kind === 'null' || b.kind === 'null') return false;
  if (a.kind === 'duration' || b.kind === 'duration') {
    const left = asDuration(a);
    const right = asDuration(b);
    return left !== undefined && right !== undefined && compareDurations(left, right) === 0;
  }
  if (a.kind === 'string' || b.kind === 'string') {
    const [text, other] = a.kind === 'string' ? [a.value, b] : [(b as { value: string }).value, a];
    if (other.kind === 'number') return asNumber({ kind: 'string', value: text }) === other.value;
    if (other.kind === 'boolean') return text.trim() === String(other.value);
    if (other.kind === 'array' || other.kind === 'object') {
      const parsed = parseJsonStructure(text);
      return parsed !== undefined && valuesEqual(parsed, other);
    }
  }
  return false;
}

/** -1, 0, 1, or undefined when the two cannot be ordered. */
export function orderValues(a: Value, b: Value): number | undefined {
  if (a.kind === 'duration' || b.kind === 'duration') {
    const left = asDuration(a);
    const right = asDuration(b);
    return left !== undefined && right !== undefined ? compareDurations(left, right) : undefined;
  }
  if (a.kind === 'string' && b.kind === 'string') {
    const left = asNumber(a);
    const right = asNumber(b);
    if (left !== undefined && right !== undefined) return Math.sign(left - right);
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  const left = asNumber(a);
  const right = asNumber(b);
  if (left === undefined || right === undefined) return undefined;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** JSON subset: every key (recursively) and every array item of `expected` appears in `actual`. */
function jsonSubset(actual: Value, expected: Value): boolean {
  if (expected.kind === 'object') {
    if (actual.kind !== 'object') return false;
    for (const [key, inner] of expected.entries) {
      const match = actual.entries.get(key);
      if (!match || !jsonSubset(match, inner)) return false;
    }
    return true;
  }
  if (expected.kind === 'array') {
    if (actual.kind !== 'array') return false;
    return expected.items.every((item) => actual.items.some((candidate) => jsonSubset(candidate, item)));
  }
  return valuesEqual(actual, expected);
}

function valueContains(haystack: Value, needle: Value): boolean {
  switch (haystack.kind) {
    case 'string': {
      const structure = parseJsonStructure(haystack.value);
      if (structure) {
        const wanted = needle.kind === 'string' ? parseJsonStructure(needle.value) : needle.kind === 'array' || needle.kind === 'object' ? needle : undefined;
        if (wanted) return jsonSubset(structure, wanted);
      }
      const text = asText(needle);
      return text !== undefined && needle.kind !== 'null' && haystack.value.includes(text);
    }
    case 'array':
      if (needle.kind === 'array') return needle.items.every((item) => valueContains(haystack, item));
      return haystack.items.some((item) => itemMatches(item, needle));
    case 'object': {
      if (needle.kind === 'string') {
        if (haystack.entries.has(needle.value)) return true;
        const wanted = parseJsonStructure(needle.value);
        return wanted !== undefined && jsonSubset(haystack, wanted);
      }
      return jsonSubset(haystack, needle);
    }
    case 'null':
      return false;
    default: {
      const text = asText(haystack);
      const part = asText(needle);
      return text !== undefined && part !== undefined && text.includes(part);
    }
  }
}

/** An array item matches a needle when equal, when a JSON subset, or (events, links) by name. */
function itemMatches(item: Value, needle: Value): boolean {
  if (valuesEqual(item, needle)) return true;
  if (item.kind === 'object') {
    if (needle.kind === 'object') return jsonSubset(item, needle);
    const name = item.entries.get('name');
    if (needle.kind === 'string' && name?.kind === 'string' && name.value === needle.value) return true;
    if (needle.kind === 'string') {
      const wanted = parseJsonStructure(needle.value);
      return wanted !== undefined && jsonSubset(item, wanted);
    }
  }
  return false;
}

function ordering(symbol: '<' | '<=' | '>' | '>=', test: (order: number) => boolean): Operator {
  return {
    symbol,
    compare(left, right) {
      const order = orderValues(left, right);
      if (order === undefined) return { problem: `cannot order ${describe(left)} and ${describe(right)} with ${symbol}` };
      return passed(test(order));
    },
  };
}

const OPERATORS: readonly Operator[] = [
  { symbol: '=', compare: (left, right) => passed(valuesEqual(left, right)) },
  { symbol: '!=', compare: (left, right) => passed(!valuesEqual(left, right)) },
  ordering('<', (order) => order < 0),
  ordering('<=', (order) => order <= 0),
  ordering('>', (order) => order > 0),
  ordering('>=', (order) => order >= 0),
  { symbol: 'contains', compare: (left, right) => passed(valueContains(left, right)) },
  { symbol: 'not-contains', compare: (left, right) => passed(!valueContains(left, right)) },
  {
    symbol: '=~',
    compare(left, right, context) {
      if (right.kind !== 'string') return { problem: `=~ needs a pattern in quotes, not ${describe(right)}` };
      const pattern = context.regex(right.value);
      if (typeof pattern === 'string') return { problem: pattern };
      if (left.kind === 'array') return passed(left.items.some((item) => pattern.test(asText(item) ?? '')));
      if (left.kind === 'object' || left.kind === 'null') return { problem: `=~ matches text, not ${describe(left)}` };
      return passed(pattern.test(asText(left) ?? ''));
    },
  },
];

const BY_SYMBOL = new Map<string, Operator>(OPERATORS.map((operator) => [operator.symbol, operator]));

/** The operator registry: look one up by the symbol the parser read. */
export function operatorFor(symbol: ComparisonOperator): Operator {
  const operator = BY_SYMBOL.get(symbol);
  if (!operator) throw new RangeError(`no operator ${symbol}`);
  return operator;
}
