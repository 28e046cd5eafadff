// Compares two attribute maps with json-diff-ts, so arrays and kvlists are compared by value and
// a nested change is named by where it happened (`db.params[1]`), not only "the value differs".
import { atomizeChangeset, diff, Operation, type IChange } from 'json-diff-ts';
import type { AttributeValue, Attributes, CanonicalEvent } from '../model/index.ts';
import { stableStringify } from './stable-stringify.ts';

export interface AttributeDrift {
  readonly key: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: AttributeValue;
  readonly after?: AttributeValue;
  /** For arrays and kvlists: the inner places that changed, e.g. `db.params[1] changed`. */
  readonly details: readonly string[];
}

/** The pseudo-attribute under which a change in a span's events is reported. */
export const EVENTS_KEY = '(events)';

const MAX_DETAILS = 3;

function details(key: string, change: IChange): string[] {
  if (change.changes === undefined) return [];
  const atoms = atomizeChangeset(change.changes, '$', change.embeddedKey);
  const words: Record<string, string> = { [Operation.ADD]: 'added', [Operation.REMOVE]: 'removed', [Operation.UPDATE]: 'changed' };
  const out = atoms.slice(0, MAX_DETAILS).map((atom) => `${key}${atom.path.replace(/^\$/, '')} ${words[atom.type] ?? 'changed'}`);
  if (atoms.length > MAX_DETAILS) out.push(`${atoms.length - MAX_DETAILS} more`);
  return out;
}

/** Added, removed and changed attributes, sorted by key. */
export function compareAttributes(before: Attributes, after: Attributes): AttributeDrift[] {
  const byKey = new Map<string, AttributeDrift>();
  for (const change of diff(before, after)) {
    const key = change.key;
    const seen = byKey.get(key);
    // A change of type (1 → "1") comes back as a removal plus an addition of the same key.
    if (seen !== undefined || (change.type !== Operation.UPDATE && key in before && key in after)) {
      byKey.set(key, { key, change: 'changed', before: before[key], after: after[key], details: [] });
      continue;
    }
    if (change.type === Operation.ADD) byKey.set(key, { key, change: 'added', after: after[key], details: [] });
    else if (change.type === Operation.REMOVE) byKey.set(key, { key, change: 'removed', before: before[key], details: [] });
    else byKey.set(key, { key, change: 'changed', before: before[key], after: after[key], details: details(key, change) });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function eventsValue(events: readonly CanonicalEvent[]): AttributeValue {
  return events.map((event) => ({ name: event.name, attributes: event.attributes }));
}

/** The events of a span, compared as one list (order kept: events are ordered in time). */
export function compareEvents(before: readonly CanonicalEvent[], after: readonly CanonicalEvent[]): AttributeDrift | undefined {
  const a = eventsValue(before);
  const b = eventsValue(after);
  if (stableStringify(a) === stableStringify(b)) return undefined;
  if (before.length === 0) return { key: EVENTS_KEY, change: 'added', after: b, details: [] };
  if (after.length === 0) return { key: EVENTS_KEY, change: 'removed', before: a, details: [] };
  const change = diff({ [EVENTS_KEY]: a }, { [EVENTS_KEY]: b })[0];
  return { key: EVENTS_KEY, change: 'changed', before: a, after: b, details: change ? details(EVENTS_KEY, change) : [] };
}
