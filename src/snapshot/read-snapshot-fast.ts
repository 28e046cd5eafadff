// The fast way to read a snapshot: js-yaml builds plain values (about 9× faster than the yaml
// package's document model on 100k spans), then every rule of the format is checked on them. It
// only says "valid, here it is" or "not this way": any problem sends the text to the precise
// reader (parse-snapshot.ts), which alone words errors and places them at file:line:column.
import { setOwnKey } from '../common/index.ts';
import { CORE_SCHEMA, defineMappingTag, load } from 'js-yaml';
import type { Attributes, CanonicalEvent, CanonicalNode, LearnedFacts, Snapshot, SpanKind, SpanStatus, StatusCode } from '../model/index.ts';
import { HEADER_KEYS, LEARNED_KEYS, NODE_KEYS, SNAPSHOT_SCHEMA_VERSION, parseDuration } from './format.ts';
import { countSpans } from './render-snapshot.ts';

/** Thrown (and caught in parseSnapshot) when the fast path declines; it never reaches a user. */
class NotFastPath extends Error {}

const decline = (): never => {
  throw new NotFastPath();
};

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Maps as `{}` objects, like js-yaml's own, but string keys only: where js-yaml would turn a
 * `1:` or `null:` key into a string, the yaml package (the precise reader) keeps its type, and
 * the two readers must agree. `__proto__` stays data.
 */
const stringKeyMapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  identify: () => false,
  addPair: (map, key, value) => {
    if (typeof key !== 'string') return 'a snapshot map has plain string keys only';
    setOwnKey(map, key, value);
    return '';
  },
  has: (map, key) => typeof key === 'string' && hasOwn.call(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => (typeof key === 'string' && hasOwn.call(map, key) ? map[key] : null),
});

// YAML 1.2 core scalars (as the precise reader uses), no aliases (snapshots never use them).
const SCHEMA = CORE_SCHEMA.withTags(stringKeyMapTag);
const OPTIONS = { schema: SCHEMA, maxAliases: 0, maxDepth: 1000 } as const;

type Plain = Record<string, unknown>;
const KINDS: ReadonlySet<string> = new Set<SpanKind>(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
const CODES: ReadonlySet<string> = new Set<StatusCode>(['unset', 'ok', 'error']);
const HEADER: ReadonlySet<string> = new Set(HEADER_KEYS);
const NODE: ReadonlySet<string> = new Set(NODE_KEYS);
const LEARNED: ReadonlySet<string> = new Set(LEARNED_KEYS);
const STATUS: ReadonlySet<string> = new Set(['code', 'message']);
const EVENT: ReadonlySet<string> = new Set(['name', 'attributes']);
const CONTINUED: ReadonlySet<string> = new Set(['ref', 'children']);

function isMap(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A map whose keys are all allowed and whose values are all present (null is "missing"). */
function fields(value: unknown, allowed: ReadonlySet<string>): Plain {
  if (!isMap(value)) return decline();
  for (const key in value) if (!allowed.has(key) || value[key] === null) decline();
  return value;
}

function list(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) return decline();
  for (const item of value) if (item === null) decline();
  return value;
}

function string(value: unknown): string {
  return typeof value === 'string' ? value : decline();
}

function integer(value: unknown, min: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : decline();
}

/** An attribute value, checked in place (js-yaml's values are already the model's shape). */
function checkValue(value: unknown): void {
  const stack: unknown[] = [value];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') continue;
    if (Array.isArray(item)) {
      for (const inner of item) stack.push(inner === null ? decline() : inner);
    } else if (isMap(item)) {
      for (const key in item) stack.push(item[key] === null ? decline() : item[key]);
    } else {
      decline();
    }
  }
}

function attributes(value: unknown): Attributes {
  if (!isMap(value)) return decline();
  checkValue(value);
  return value as Attributes;
}

function status(value: unknown): SpanStatus {
  if (value === undefined) return { code: 'unset' };
  if (isMap(value)) {
    const map = fields(value, STATUS);
    const code = map['code'];
    if (typeof code !== 'string' || !CODES.has(code)) return decline();
    const message = map['message'];
    return message === undefined ? { code: code as StatusCode } : { code: code as StatusCode, message: string(message) };
  }
  if (typeof value !== 'string' || !CODES.has(value)) return decline();
  return { code: value as StatusCode };
}

function event(value: unknown): CanonicalEvent {
  const map = fields(value, EVENT);
  return { name: string(map['name']), attributes: map['attributes'] === undefined ? {} : attributes(map['attributes']) };
}

/** `count: 3`, or a learned range `count: 0..1` (the most allowed is the node's count). */
function countOf(value: unknown): { count: number; minCount?: number } {
  if (value === undefined) return { count: 1 };
  if (typeof value !== 'string') return { count: integer(value, 1) };
  const range = /^(\d+)\.\.(\d+)$/.exec(value) ?? decline();
  const min = Number(range[1]);
  const max = Number(range[2]);
  if (!Number.isSafeInteger(max) || max < 1 || min >= max) decline();
  return { count: max, minCount: min };
}

/** `learned: { seen: 2/3 runs, counts: [2, 3], masked: { key: 3 values in 3 runs } }`. */
function learnedOf(value: unknown): LearnedFacts {
  const map = fields(value, LEARNED);
  const masked = map['masked'];
  if (masked !== undefined) {
    if (!isMap(masked)) decline();
    for (const key in masked as Plain) string((masked as Plain)[key]);
  }
  return {
    ...(map['seen'] === undefined ? {} : { seen: string(map['seen']) }),
    ...(map['counts'] === undefined ? {} : { counts: list(map['counts']).map((count) => integer(count, 0)) }),
    ...(masked === undefined ? {} : { masked: masked as Record<string, string> }),
  };
}

interface Ref {
  readonly ref: number;
  readonly children: CanonicalNode[];
  readonly within: number;
}

/** A list of tree nodes, read iteratively; `children_ref`s are collected into `refs`. */
function nodes(value: unknown, within: number, refs: Ref[]): CanonicalNode[] {
  const out: CanonicalNode[] = [];
  const stack: [unknown, CanonicalNode[]][] = [];
  const items = list(value);
  for (let i = items.length - 1; i >= 0; i--) stack.push([items[i], out]);
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [item, target] = entry;
    const map = fields(item, NODE);
    const kind = string(map['kind']);
    if (!KINDS.has(kind)) decline();
    const durationMs = parseDuration(string(map['duration'])) ?? decline();
    const concurrent = map['concurrent'] ?? false;
    if (typeof concurrent !== 'boolean') decline();
    const children: CanonicalNode[] = [];
    target.push({
      name: string(map['span']),
      service: string(map['service']),
      kind: kind as SpanKind,
      attributes: map['attributes'] === undefined ? {} : attributes(map['attributes']),
      status: status(map['status']),
      events: map['events'] === undefined ? [] : list(map['events']).map(event),
      ...countOf(map['count']),
      ...(map['learned'] === undefined ? {} : { learned: learnedOf(map['learned']) }),
      durationMs,
      concurrent: concurrent as boolean,
      children,
    });
    const childList = map['children'];
    const ref = map['children_ref'];
    if (childList !== undefined && ref !== undefined) decline();
    if (ref !== undefined) refs.push({ ref: integer(ref, 0), children, within });
    if (childList !== undefined) {
      const childItems = list(childList);
      for (let i = childItems.length - 1; i >= 0; i--) stack.push([childItems[i], children]);
    }
  }
  return out;
}

/** A snapshot read the fast way; throws (NotFastPath, or js-yaml's error) on anything the precise reader must judge. */
export function readSnapshotFast(text: string): Snapshot {
  const root = fields(load(text, OPTIONS), HEADER);
  const version = integer(root['tbt_snapshot'], 1);
  if (version > SNAPSHOT_SCHEMA_VERSION) decline();
  const refs: Ref[] = [];
  const roots = nodes(root['tree'] ?? decline(), -1, refs);
  const continued = root['continued'] === undefined ? [] : list(root['continued']).map((entry, index) => {
    const map = fields(entry, CONTINUED);
    if (integer(map['ref'], 0) !== index) decline();
    return nodes(map['children'] ?? decline(), index, refs);
  });
  const used = new Set<number>();
  for (const pending of refs) {
    const children = continued[pending.ref];
    if (children === undefined || pending.ref <= pending.within || used.has(pending.ref)) decline();
    used.add(pending.ref);
    for (const child of children as CanonicalNode[]) pending.children.push(child);
  }
  if (used.size !== continued.length) decline();
  if (integer(root['spans'], 0) !== countSpans(roots)) decline();
  const findings = root['detector_findings'];
  return {
    id: string(root['id']),
    test: string(root['test']),
    file: string(root['file']),
    trigger: string(root['trigger']),
    normalize: string(root['normalize']),
    detectorFindings: findings === undefined ? [] : list(findings).map(string),
    tree: { roots },
  };
}
