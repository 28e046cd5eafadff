// The words of a failed comparison: what was observed against what was wanted, in the user's own
// spelling, and a compact list of the spans an aggregate looked at. Text only; no evaluation.
// It stays in query (not report): these words are the `message` an AssertionResult carries in the
// verdict, data that every reporter shows alike, and they need the bound assertion to be written.
import type { BoundAssertion, BoundExpr } from './bind.ts';
import { spellLike } from './literals.ts';
import { describe, type Value } from './values.ts';

/** Flipping the sides of an ordering keeps its meaning: `1 < x` is `x > 1`. */
const MIRRORED: Readonly<Record<string, string>> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** At most this many distinct paths are listed for an aggregate's selection. */
const MAX_LISTED = 5;

function sides(assertion: BoundAssertion): { observed: BoundExpr; expected: BoundExpr; expectedText: string } {
  return assertion.observed === 'left'
    ? { observed: assertion.left, expected: assertion.right, expectedText: assertion.rightText }
    : { observed: assertion.right, expected: assertion.left, expectedText: assertion.leftText };
}

/** The observed side as a reader knows it: `tracetest.selected_spans.count`, `sum(attr:x)`. */
function subjectOf(assertion: BoundAssertion): string {
  const { observed } = sides(assertion);
  if (observed.kind === 'attribute') return observed.key;
  if (observed.kind === 'selected-count') return 'tracetest.selected_spans.count';
  return (assertion.observed === 'left' ? assertion.leftText : assertion.rightText).trim();
}

/** The observed value in the vocabulary of the literal it was compared with. */
export function observedAsWritten(assertion: BoundAssertion, value: Value): Value {
  const { observed } = sides(assertion);
  const written = assertion.written;
  if (!written || observed.kind !== 'attribute' || observed.key !== written.key) return value;
  return spellLike(written.key, value, written.literal);
}

/**
 * What was wanted, operator first: `= 1`, `!= "error"`, `< 600ms`, `= "EUR" (env:CURRENCY)`.
 * `left` and `right` are the values both sides evaluated to.
 */
export function wanted(assertion: BoundAssertion, left: Value, right: Value): string {
  const { expected, expectedText } = sides(assertion);
  const value = assertion.observed === 'left' ? right : left;
  const literal = assertion.written && expected.kind === 'const' ? assertion.written.literal : undefined;
  const shown = describe(literal ?? value);
  // A computed expectation names where its value came from.
  const origin = expected.kind === 'const' ? '' : ` (${expectedText.trim()})`;
  const symbol = assertion.operator.symbol;
  if (assertion.observed === 'left') return `${symbol} ${shown}${origin}`;
  const mirrored = MIRRORED[symbol];
  return mirrored ? `${mirrored} ${shown}${origin}` : `${shown}${origin} ${symbol} it`;
}

/** `tracetest.selected_spans.count is 2, expected = 1`: for assertions judged once. */
export function onceMessage(assertion: BoundAssertion, left: Value, right: Value): string {
  const observed = observedAsWritten(assertion, assertion.observed === 'left' ? left : right);
  return `${subjectOf(assertion)} is ${describe(observed)}, expected ${wanted(assertion, left, right)}`;
}

/**
 * The spans a count or an aggregate looked at, each distinct path once (`×N` for repeats), at
 * most five, then how many more; empty for an empty selection.
 */
export function selectionLines(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const counts = new Map<string, number>();
  for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1);
  const entry = ([path, count]: [string, number]): string => (count > 1 ? `${path} ×${count}` : path);
  const groups = [...counts.entries()];
  if (groups.length === 1) return [`selected: ${entry(groups[0] as [string, number])}`];
  const shown = groups.slice(0, MAX_LISTED);
  const rest = paths.length - shown.reduce((sum, [, count]) => sum + count, 0);
  return [
    `selected ${paths.length} spans:`,
    ...shown.map((group) => `  ${entry(group)}`),
    ...(rest > 0 ? [`  and ${rest} more`] : []),
  ];
}
