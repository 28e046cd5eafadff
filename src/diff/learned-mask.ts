// Learned masks: from the values one attribute had in several recorded runs, a pattern that keeps
// what they share and puts `{*}` where they differ (`set order:17 x`, `set order:18 x` →
// `set order:{*} x`); and the test that a later value fits it. Pure.
import type { AttributeValue } from '../model/index.ts';
import { stableStringify } from './stable-stringify.ts';

/** What stands for the varying part of a masked value (the snapshot stage writes it as is). */
export const WILDCARD = '{*}';

/** Words (letters, digits, `_`), runs of white space, and every other character alone. */
const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;

/** Above this many cells the common part is taken from both ends only (no quadratic table). */
const MAX_LCS_CELLS = 250_000;

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The longest common subsequence of two token lists (by a table when small enough). */
function commonTokens(a: readonly string[], b: readonly string[]): string[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start);
  const tail = a.slice(endA);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length === 0 || midB.length === 0 || midA.length * midB.length > MAX_LCS_CELLS) return [...head, ...tail];
  const width = midB.length + 1;
  const table = new Uint32Array((midA.length + 1) * width);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      table[i * width + j] = midA[i] === midB[j]
        ? (table[(i + 1) * width + j + 1] as number) + 1
        : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const middle: string[] = [];
  for (let i = 0, j = 0; i < midA.length && j < midB.length;) {
    if (midA[i] === midB[j]) {
      middle.push(midA[i] as string);
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) i++;
    else j++;
  }
  return [...head, ...middle, ...tail];
}

/**
 * The pattern of several differing values. Strings keep their shared tokens and get `{*}` in each
 * gap where some value had other tokens; a value that is not a string makes the whole value `{*}`.
 */
export function maskOfValues(values: readonly AttributeValue[]): string {
  if (values.length === 0 || !values.every((value): value is string => typeof value === 'string')) return WILDCARD;
  const lists = values.map(tokens);
  let common = lists[0] ?? [];
  for (const list of lists.slice(1)) common = commonTokens(common, list);
  // gap[i]: some value has tokens before common[i] (gap[common.length]: after the last one).
  const gap = new Uint8Array(common.length + 1);
  for (const list of lists) {
    let at = 0;
    for (let i = 0; i < common.length; i++) {
      const from = at;
      while (at < list.length && list[at] !== common[i]) at++;
      if (at > from) gap[i] = 1;
      at++;
    }
    if (at < list.length) gap[common.length] = 1;
  }
  let pattern = '';
  for (let i = 0; i <= common.length; i++) {
    if (gap[i] === 1) pattern += WILDCARD;
    if (i < common.length) pattern += common[i] as string;
  }
  return pattern;
}

const compiled = new Map<string, RegExp>();

/** True when `value` fits a learned mask: its literal parts as written, anything at each `{*}`. */
export function fitsMask(pattern: AttributeValue, value: AttributeValue | undefined): boolean {
  if (value === undefined || typeof pattern !== 'string') return false;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    const source = pattern.split(WILDCARD).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
    regex = new RegExp(`^${source}$`, 'u');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, regex);
  }
  const text = typeof value === 'string' ? value : typeof value === 'object' ? stableStringify(value) : String(value);
  return regex.test(text);
}
