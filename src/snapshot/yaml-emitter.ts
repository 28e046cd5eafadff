// A small YAML emitter for snapshot values: plain scalars where they are unambiguous, JSON-style
// double quotes otherwise, literal blocks for readable multi-line text, flow collections when
// short. Deterministic and linear; the yaml package parses what it writes (property-tested).
import type { AttributeValue, Attributes } from '../model/index.ts';
import { sortedKeys } from '../common/index.ts';
import { FLOW_WIDTH } from './format.ts';

/** Characters that never appear raw: C0/C1 controls, line separators, BOM, non-characters, lone surrogates. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Cs}/u;
const ESCAPE_EXTRA = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const RESERVED_WORDS = /^(?:null|true|false|yes|no|on|off|y|n)$/i;
/** YAML indicators, and what a number, `.inf` or `~` could start with (digits are checked below). */
const UNSAFE_FIRST = /^[-?:,[\]{}#&*!|>'"%@`<=+.~\s]/;
/** Anything a YAML 1.2 (or, for other readers' sake, 1.1) number, time or date could be. */
const NUMBER_LIKE = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$/;
/** Longest key written as an implicit key (YAML allows 1024 characters, quotes included). */
const MAX_IMPLICIT_KEY = 1000;

const spaces = (n: number): string => ' '.repeat(n);

/** True when `text` may be written unquoted and reads back as this same string. */
function isPlainSafe(text: string, flow: boolean): boolean {
  if (text === '' || UNSAFE_FIRST.test(text) || RESERVED_WORDS.test(text) || NUMBER_LIKE.test(text)) return false;
  if (text.endsWith(' ') || text.endsWith(':') || text.includes(': ') || text.includes(' #')) return false;
  if (text.includes('\t') || text.includes('\n') || UNPRINTABLE.test(text)) return false;
  return !(flow && /[,[\]{}]/.test(text));
}

/** A double-quoted scalar: JSON escapes (valid YAML), plus the characters YAML wants escaped too. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(ESCAPE_EXTRA, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One-line form of a string, a number or a boolean. */
export function inlineScalar(value: string | number | boolean, flow = false): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return JSON.stringify(value);
  }
  return isPlainSafe(value, flow) ? value : quoted(value);
}

/** Multi-line text that reads well as a literal block (`|`/`|-`), as its lines; else undefined. */
function literalLines(value: string): { header: string; lines: string[] } | undefined {
  if (!value.includes('\n') || value.startsWith('\n') || value.startsWith(' ') || value.includes('\r')) return undefined;
  if (/\n\n$/.test(value) || /[ \t]\n|[ \t]$/.test(value)) return undefined;
  if (UNPRINTABLE.test(value)) return undefined;
  const keep = value.endsWith('\n');
  return { header: keep ? '|' : '|-', lines: (keep ? value.slice(0, -1) : value).split('\n') };
}

/** True when the one-line flow form fits FLOW_WIDTH (a cheap, deterministic estimate). */
function fitsFlow(value: AttributeValue): boolean {
  let budget = FLOW_WIDTH;
  const stack: AttributeValue[] = [value];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      if (item.includes('\n') || item.includes('\r')) return false;
      budget -= item.length + 2;
    } else if (typeof item !== 'object') {
      budget -= String(item).length + 2;
    } else if (Array.isArray(item)) {
      budget -= 4;
      for (const inner of item as readonly AttributeValue[]) stack.push(inner);
    } else {
      budget -= 4;
      for (const [key, inner] of Object.entries(item as Attributes)) {
        budget -= key.length + 2;
        stack.push(inner);
      }
    }
    if (budget < 0) return false;
  }
  return true;
}

/** The flow form: `{ a: 1, b: [ x, y ] }`, `[]`, `{}`. Map keys sorted. */
function flowValue(value: AttributeValue): string {
  if (typeof value !== 'object') return inlineScalar(value, true);
  if (Array.isArray(value)) {
    const items = (value as readonly AttributeValue[]).map((item) => flowValue(item));
    return items.length === 0 ? '[]' : `[ ${items.join(', ')} ]`;
  }
  const map = value as Attributes;
  const entries = sortedKeys(map).map((key) => `${inlineScalar(key, true)}: ${flowValue(map[key] as AttributeValue)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/**
 * Writes `key: value` into `out`. The first line starts with `lead` (the indentation, or a
 * `- ` prefix for a sequence item); continuation lines use `indent`.
 */
export function emitEntry(out: string[], lead: string, indent: number, key: string, value: AttributeValue, flowWhenShort = true): void {
  const keyText = inlineScalar(key);
  if (keyText.length > MAX_IMPLICIT_KEY) {
    out.push(`${lead}? ${keyText}`);
    emitValueAfter(out, `${spaces(indent)}:`, indent, value, flowWhenShort);
    return;
  }
  emitValueAfter(out, `${lead}${keyText}:`, indent, value, flowWhenShort);
}

/** Writes the value that follows `head` (`key:` or `-`): inline, as a literal block, or nested. */
function emitValueAfter(out: string[], head: string, indent: number, value: AttributeValue, flowWhenShort: boolean): void {
  if (typeof value !== 'object') {
    const literal = typeof value === 'string' ? literalLines(value) : undefined;
    if (!literal) {
      out.push(`${head} ${inlineScalar(value)}`);
      return;
    }
    out.push(`${head} ${literal.header}`);
    for (const line of literal.lines) out.push(line === '' ? '' : `${spaces(indent + 2)}${line}`);
    return;
  }
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  if (empty || (flowWhenShort && fitsFlow(value))) {
    out.push(`${head} ${flowValue(value)}`);
    return;
  }
  out.push(head);
  emitBlock(out, indent + 2, value);
}

/** A block collection at `indent`; the first line may start with `firstLead` instead. */
function emitBlock(out: string[], indent: number, value: AttributeValue, firstLead?: string): void {
  if (Array.isArray(value)) {
    (value as readonly AttributeValue[]).forEach((item, i) => {
      const lead = `${i === 0 && firstLead !== undefined ? firstLead : spaces(indent)}- `;
      if (typeof item === 'object' && !(Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0) && !fitsFlow(item)) {
        emitBlock(out, indent + 2, item, lead);
      } else {
        emitValueAfter(out, lead.slice(0, -1), indent, item, true);
      }
    });
    return;
  }
  const map = value as Attributes;
  sortedKeys(map).forEach((key, i) => {
    emitEntry(out, i === 0 && firstLead !== undefined ? firstLead : spaces(indent), indent, key, map[key] as AttributeValue);
  });
}
