// Turns matched and unmatched spans into Finding values: paths, messages, before/after, the
// tolerance that was applied, and whether it suppressed the drift. Every message reads `x → y`.
import { formatPath, formatPathToRead, pathSegmentOf } from '../model/index.ts';
import type {
  AttributeValue,
  CanonicalNode,
  DiffFindingKind,
  Finding,
  JsonValue,
  PathSegment,
  SpanPath,
} from '../model/index.ts';
import type { Judged } from './apply-tolerances.ts';
import { EVENTS_KEY, type AttributeDrift } from './compare-attributes.ts';
import { formatMs, renameLabel, siblingLabel, statusText, toJson } from './describe.ts';
import type { CanonicalTreeIndex } from './canonical-tree-index.ts';
import { stableStringify } from './stable-stringify.ts';

const MAX_VALUE_CHARS = 80;

/** A value in a message: JSON, cut to one readable line. */
export function showValue(value: AttributeValue | undefined): string {
  if (value === undefined) return 'none';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Characters kept before the first difference when two long values are cut around it. */
const CONTEXT_CHARS = 24;

/**
 * A value and what it became, each cut to one readable line where they first differ: cut at the
 * start, two long statements that differ in their last clause read the same on both sides.
 */
export function showChange(before: AttributeValue | undefined, after: AttributeValue | undefined): [string, string] {
  if (before === undefined || after === undefined) return [showValue(before), showValue(after)];
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  let first = 0;
  while (first < a.length && first < b.length && a.charCodeAt(first) === b.charCodeAt(first)) first++;
  // A difference the plain cut shows, with a few characters of it, needs no window.
  if (first + 8 < MAX_VALUE_CHARS - 1) return [showValue(before), showValue(after)];
  let start = first - CONTEXT_CHARS;
  // Never between the halves of a surrogate pair.
  if (/[\udc00-\udfff]/.test(a.charAt(start))) start--;
  const window = (text: string): string => {
    const end = start + MAX_VALUE_CHARS - 2;
    return `…${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  };
  return [window(a), window(b)];
}

/** Paths of one tree's spans, built on demand: a deep chain would make eager paths quadratic. */
export class PathBook {
  private readonly segments: (PathSegment | undefined)[];
  private readonly paths = new Map<number, SpanPath>();

  constructor(private readonly index: CanonicalTreeIndex) {
    this.segments = new Array(index.nodes.length);
  }

  segment(i: number): PathSegment {
    let segment = this.segments[i];
    if (segment === undefined) {
      const node = this.index.nodes[i] as CanonicalNode;
      segment = pathSegmentOf(node);
      this.segments[i] = segment;
    }
    return segment;
  }

  path(i: number): SpanPath {
    let path = this.paths.get(i);
    if (path === undefined) {
      const out: PathSegment[] = [];
      for (let at = i; at > 0; at = this.index.parent[at] as number) out.push(this.segment(at));
      path = out.reverse();
      this.paths.set(i, path);
    }
    return path;
  }
}

interface Draft {
  readonly kind: DiffFindingKind;
  readonly path: SpanPath;
  readonly message: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly judged?: Judged;
  /** Set inside an `ignore: subtree` rule: overrides the judgement. */
  readonly ignored?: Judged;
  readonly keySuffix?: string;
}

export function makeFinding(draft: Draft): Finding {
  const judged = draft.ignored ?? draft.judged;
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    kind: draft.kind,
    severity: draft.kind === 'duration-exceeded' ? 'warning' : 'error',
    path: draft.path,
    message: draft.message,
  };
  if (draft.before !== undefined) finding.before = draft.before;
  if (draft.after !== undefined) finding.after = draft.after;
  if (judged !== undefined) finding.tolerance = judged.tolerance;
  if (judged?.suppressed === true) finding.suppressed = true;
  if (judged?.suppressed === true && judged.learned !== undefined) finding.learned = judged.learned;
  finding.key = `${draft.kind}:${formatPath(draft.path)}${draft.keySuffix === undefined ? '' : `:${draft.keySuffix}`}`;
  return finding;
}

/**
 * Findings with distinct keys: look-alike siblings (same service, name and target) can drift
 * alike, and a key must name one finding. The second and later of a key get `#2`, `#3`, in
 * finding order, which follows the trees: the same drift gives the same keys on every run.
 */
export function withUniqueKeys(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    if (finding.key === undefined) return finding;
    const times = (seen.get(finding.key) ?? 0) + 1;
    seen.set(finding.key, times);
    return times === 1 ? finding : { ...finding, key: `${finding.key}#${times}` };
  });
}

/** One constructor per finding kind, so wording and values stay uniform. */
export const draft = {
  missing: (path: SpanPath, count: number, judged: Judged, ignored?: Judged, label = `×${count}`): Draft => ({
    kind: 'missing', path, message: `missing: ${label} → none`, before: count, after: 0, judged, ignored,
  }),
  unexpected: (path: SpanPath, count: number, judged: Judged, ignored?: Judged): Draft => ({
    kind: 'unexpected', path, message: `unexpected: none → ×${count}`, before: 0, after: count, judged, ignored,
  }),
  count: (path: SpanPath, before: number, after: number, judged: Judged, ignored?: Judged, label = `×${before}`): Draft => ({
    kind: 'count-changed', path, message: `count: ${label} → ×${after}`, before, after, judged, ignored,
  }),
  attribute: (path: SpanPath, drift: AttributeDrift, judged: Judged, ignored?: Judged): Draft => {
    const kind: DiffFindingKind =
      drift.change === 'added' ? 'attribute-added' : drift.change === 'removed' ? 'attribute-removed' : 'attribute-changed';
    const more = drift.details.length > 0 ? ` (${drift.details.join(', ')})` : '';
    const message = drift.key === EVENTS_KEY
      ? `events: ${describeEventsChange(drift.before, drift.after)}`
      : `attribute ${drift.key}: ${showChange(drift.before, drift.after).join(' → ')}${more}`;
    return {
      kind,
      path,
      message,
      ...(drift.before === undefined ? {} : { before: toJson(drift.before) }),
      ...(drift.after === undefined ? {} : { after: toJson(drift.after) }),
      judged,
      ignored,
      keySuffix: drift.key,
    };
  },
  response: (path: SpanPath, what: string, drift: AttributeDrift, judged: Judged, ignored?: Judged): Draft => {
    const more = drift.details.length > 0 ? ` (${drift.details.join(', ')})` : '';
    return {
      kind: 'response-changed',
      path,
      message: `response ${what}: ${showChange(drift.before, drift.after).join(' → ')}${more}`,
      ...(drift.before === undefined ? {} : { before: toJson(drift.before) }),
      ...(drift.after === undefined ? {} : { after: toJson(drift.after) }),
      judged,
      ignored,
      keySuffix: drift.key,
    };
  },
  status: (path: SpanPath, golden: CanonicalNode, current: CanonicalNode, ignored?: Judged): Draft => ({
    kind: 'status-changed', path, message: `status: ${statusText(golden)} → ${statusText(current)}`,
    before: statusText(golden), after: statusText(current), ignored,
  }),
  renamed: (path: SpanPath, golden: CanonicalNode, current: CanonicalNode, ignored?: Judged): Draft => {
    const before = renameLabel(golden, current);
    const after = renameLabel(current, golden);
    return { kind: 'renamed', path, message: `renamed: "${before}" → "${after}"`, before, after, ignored };
  },
  moved: (path: SpanPath, fromParent: SpanPath, toParent: SpanPath, from: SpanPath, ignored?: Judged): Draft => {
    const under = (p: SpanPath): string => (p.length === 0 ? '(root)' : formatPathToRead(p));
    return {
      kind: 'moved', path, message: `moved: under ${under(fromParent)} → under ${under(toParent)}`,
      before: formatPath(from), after: formatPath(path), ignored,
    };
  },
  order: (path: SpanPath, node: CanonicalNode, witness: CanonicalNode, now: 'before' | 'after', ignored?: Judged): Draft => {
    // Both spans by name and target (`POST /orders now after POST /charges`): two bare `POST`s
    // say nothing. Look-alike siblings (two GetDriver calls) need telling apart from the span itself.
    const own = siblingLabel(node, node);
    const label = siblingLabel(witness, node) === own ? `another ${own}` : siblingLabel(witness, node);
    const was = now === 'before' ? 'after' : 'before';
    return {
      kind: 'order-changed', path, message: `order: ${own} now ${now} ${label} (was ${was})`,
      before: `${was} ${label}`, after: `${now} ${label}`, ignored, keySuffix: label,
    };
  },
  duration: (path: SpanPath, beforeMs: number, afterMs: number, judged: Judged & { limitMs?: number }, ignored?: Judged): Draft => {
    const limit = judged.limitMs === undefined ? '' : ` (limit ${formatMs(judged.limitMs)})`;
    return {
      kind: 'duration-exceeded', path, message: `duration: ${formatMs(beforeMs)} → ${formatMs(afterMs)}${limit}`,
      before: beforeMs, after: afterMs, judged: { suppressed: judged.suppressed, tolerance: judged.tolerance }, ignored,
    };
  },
};

/** Events by name, with an exception's message: `exception "card declined"`, or `none`. */
function showEvents(value: AttributeValue | undefined): string {
  const events = eventsOf(value);
  if (events.length === 0) return 'none';
  return events
    .map(({ name, attributes }) => {
      const detail = attributes['exception.message'];
      return typeof detail === 'string' ? `${name} ${JSON.stringify(detail.length > 60 ? `${detail.slice(0, 57)}…` : detail)}` : name;
    })
    .join(', ');
}

interface ShownEvent {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

function eventsOf(value: AttributeValue | undefined): ShownEvent[] {
  if (!Array.isArray(value)) return [];
  return value.map((event) => {
    const { name, attributes } = (typeof event === 'object' && event !== null && !Array.isArray(event) ? event : {}) as { name?: AttributeValue; attributes?: AttributeValue };
    const map = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? (attributes as Record<string, AttributeValue>) : {};
    return { name: String(name ?? event), attributes: map };
  });
}

/**
 * What changed in a span's events. When the same events happened in the same order and only their
 * attributes differ, the names alone would read `A, B → A, B`: say which event and attribute
 * changed instead (the first one, and how many events differ).
 */
function describeEventsChange(before: AttributeValue | undefined, after: AttributeValue | undefined): string {
  const a = eventsOf(before);
  const b = eventsOf(after);
  const sameNames = a.length === b.length && a.every((event, index) => event.name === b[index]?.name);
  if (!sameNames) return `${showEvents(before)} → ${showEvents(after)}`;
  const changed = a.flatMap((event, index) => {
    const other = b[index] as ShownEvent;
    const keys = [...new Set([...Object.keys(event.attributes), ...Object.keys(other.attributes)])].sort();
    const key = keys.find((name) => stableStringify(event.attributes[name]) !== stableStringify(other.attributes[name]));
    return key === undefined ? [] : [{ index, name: event.name, key, was: event.attributes[key], now: other.attributes[key] }];
  });
  const first = changed[0];
  if (first === undefined) return `${showEvents(before)} → ${showEvents(after)}`;
  const more = changed.length > 1 ? ` (${changed.length} of ${a.length} events differ)` : '';
  return `"${first.name}" (event ${first.index + 1} of ${a.length}) attribute ${first.key}: ${showValue(first.was)} → ${showValue(first.now)}${more}`;
}
