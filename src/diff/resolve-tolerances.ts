// Validates a `tolerances:` section (config or test) and merges it over the tolerances in force.
// The YAML shape is documented at the top of src/model/tolerance.ts.
import { DURATION_UNIT_PATTERN, durationMs, isDurationUnit } from '../common/index.ts';
import { TbtError } from '../model/index.ts';
import type {
  AttributeTolerance,
  CountTolerance,
  DurationTolerance,
  OptionalSpans,
  SourceLocation,
  ToleranceRule,
  Tolerances,
} from '../model/index.ts';

export const DEFAULT_TOLERANCES: Tolerances = {
  count: { kind: 'exact' },
  duration: { kind: 'scaled', factor: 3, slackMs: 50 },
  attributes: { ignore: [], match: {}, numeric: {} },
  rules: [],
};

const SECTION_KEYS = ['count', 'duration', 'attributes', 'rules', 'optional'] as const;
const OPTIONAL_KEYS = ['connections', 'spans'] as const;

/** What `optional:` means when nobody wrote it: connection set-up spans may come and go. */
export const DEFAULT_OPTIONAL_SPANS: OptionalSpans = { connections: true, spans: [] };
const ATTRIBUTE_KEYS = ['ignore', 'match', 'numeric'] as const;
const RULE_KEYS = ['selector', 'count', 'duration', 'attributes', 'allowExtraChildren', 'ignore'] as const;
// `×F + N<unit>`: the slack names its unit, one of common's table.
const DURATION_PATTERN = new RegExp(`^(?:[x×*]\\s*(\\d+(?:\\.\\d+)?))?\\s*(?:\\+\\s*(\\d+(?:\\.\\d+)?)\\s*(${DURATION_UNIT_PATTERN}))?$`);

type Where = SourceLocation;

function fail(where: Where, key: string, message: string, hint: string): never {
  throw new TbtError('config', `${key}: ${message}`, { hint, location: where });
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], key: string, where: Where): void {
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) {
      fail(where, `${key}.${name}`, 'unknown key', `${key} takes: ${allowed.join(', ')}`);
    }
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** `exact`, `±N` (or `+-N`), `MIN..MAX`. */
export function parseCountTolerance(raw: unknown, key: string, where: Where): CountTolerance {
  const hint = 'write exact, ±N (or +-N) for a difference, or MIN..MAX for a range, e.g. 1..3';
  if (typeof raw !== 'string') fail(where, key, `${show(raw)} is not a count tolerance`, hint);
  const text = raw.trim();
  if (text === 'exact') return { kind: 'exact' };
  const delta = /^(?:±|\+-|\+\/-)\s*(\d+)$/.exec(text);
  if (delta) return { kind: 'delta', delta: Number(delta[1]) };
  const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min > max) fail(where, key, `range ${text} is empty`, 'write MIN..MAX with MIN ≤ MAX');
    return { kind: 'range', min, max };
  }
  return fail(where, key, `${show(raw)} is not a count tolerance`, hint);
}

/** `off`, `×F + Nms`, `xF + Nms`, `×F`, `+ Nms` (units ns us µs ms s m h). */
export function parseDurationTolerance(raw: unknown, key: string, where: Where): DurationTolerance {
  const hint = 'write off, or ×FACTOR + SLACK such as x3 + 50ms, x2, or + 200ms';
  if (raw === false || raw === 'off') return { kind: 'off' };
  if (typeof raw !== 'string') fail(where, key, `${show(raw)} is not a duration tolerance`, hint);
  const text = raw.trim();
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === '' || (match[1] === undefined && match[2] === undefined)) {
    return fail(where, key, `${show(raw)} is not a duration tolerance`, hint);
  }
  const factor = match[1] === undefined ? 1 : Number(match[1]);
  if (factor <= 0) fail(where, key, 'the factor must be above 0', hint);
  const unit = match[3] ?? 'ms';
  const slackMs = match[2] === undefined || !isDurationUnit(unit) ? 0 : durationMs(Number(match[2]), unit);
  return { kind: 'scaled', factor, slackMs };
}

function stringList(raw: unknown, key: string, where: Where): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string' && item !== '')) {
    return fail(where, key, 'expected a list of attribute keys', 'e.g. ignore: [http.response.header.date]');
  }
  return list;
}

function stringMap<T>(raw: unknown, key: string, where: Where, read: (value: unknown, key: string) => T): Record<string, T> {
  if (!isMapping(raw)) return fail(where, key, 'expected a mapping of attribute key to value', `e.g. ${key.split('.').pop()}: { http.response.body.size: 10 }`);
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(raw)) out[name] = read(value, `${key}.${name}`);
  return out;
}

function parsePattern(value: unknown, key: string, where: Where): string {
  if (typeof value !== 'string') return fail(where, key, 'expected a regular expression', 'e.g. match: { db.query.text: "^SELECT" }');
  try {
    new RegExp(value, 'u');
  } catch (error) {
    fail(where, key, `invalid regular expression: ${(error as Error).message}`, 'patterns are JavaScript regular expressions');
  }
  return value;
}

function parseMargin(value: unknown, key: string, where: Where): number {
  const text = typeof value === 'string' ? value.replace(/^(±|\+-)\s*/, '') : value;
  const margin = typeof text === 'string' && text.trim() !== '' ? Number(text) : text;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    return fail(where, key, `${show(value)} is not a numeric margin`, 'write a number ≥ 0, e.g. numeric: { http.response.body.size: 10 }');
  }
  return margin;
}

function parseAttributes(raw: unknown, key: string, where: Where): Partial<AttributeTolerance> {
  if (!isMapping(raw)) return fail(where, key, 'expected a mapping', `${key} takes: ${ATTRIBUTE_KEYS.join(', ')}`);
  checkKeys(raw, ATTRIBUTE_KEYS, key, where);
  const out: { -readonly [K in keyof AttributeTolerance]?: AttributeTolerance[K] } = {};
  if (raw.ignore !== undefined) out.ignore = stringList(raw.ignore, `${key}.ignore`, where);
  if (raw.match !== undefined) out.match = stringMap(raw.match, `${key}.match`, where, (v, k) => parsePattern(v, k, where));
  if (raw.numeric !== undefined) out.numeric = stringMap(raw.numeric, `${key}.numeric`, where, (v, k) => parseMargin(v, k, where));
  return out;
}

/** Later settings win: ignore lists add up, match and numeric entries override key by key. */
export function mergeAttributeTolerance(base: AttributeTolerance, over: Partial<AttributeTolerance>): AttributeTolerance {
  return {
    ignore: over.ignore ? [...new Set([...base.ignore, ...over.ignore])] : base.ignore,
    match: over.match ? { ...base.match, ...over.match } : base.match,
    numeric: over.numeric ? { ...base.numeric, ...over.numeric } : base.numeric,
  };
}

function parseRule(raw: unknown, key: string, where: Where): ToleranceRule {
  if (!isMapping(raw)) return fail(where, key, 'expected a mapping with a selector', 'e.g. - selector: span[name="charge"]');
  checkKeys(raw, RULE_KEYS, key, where);
  if (typeof raw.selector !== 'string' || raw.selector.trim() === '') {
    return fail(where, `${key}.selector`, 'every rule needs a selector', 'e.g. selector: span[name="charge"]');
  }
  const rule: { -readonly [K in keyof ToleranceRule]: ToleranceRule[K] } = { selector: raw.selector, location: where };
  if (raw.count !== undefined) rule.count = parseCountTolerance(raw.count, `${key}.count`, where);
  if (raw.duration !== undefined) rule.duration = parseDurationTolerance(raw.duration, `${key}.duration`, where);
  if (raw.attributes !== undefined) {
    rule.attributes = mergeAttributeTolerance(DEFAULT_TOLERANCES.attributes, parseAttributes(raw.attributes, `${key}.attributes`, where));
  }
  if (raw.allowExtraChildren !== undefined) {
    if (typeof raw.allowExtraChildren !== 'boolean') fail(where, `${key}.allowExtraChildren`, 'expected true or false', 'allowExtraChildren: true');
    rule.allowExtraChildren = raw.allowExtraChildren;
  }
  if (raw.ignore !== undefined) {
    if (raw.ignore !== 'subtree') fail(where, `${key}.ignore`, `${show(raw.ignore)} is not supported`, 'the only value is ignore: subtree; to ignore attributes write attributes: { ignore: [...] }');
    rule.ignoreSubtree = true;
  }
  return rule;
}

function parseOptional(raw: unknown, base: OptionalSpans, where: Where): OptionalSpans {
  const hint = 'e.g. optional: { connections: false, spans: ["pool.acquire"] }';
  if (!isMapping(raw)) return fail(where, 'tolerances.optional', 'expected a mapping', hint);
  checkKeys(raw, OPTIONAL_KEYS, 'tolerances.optional', where);
  let { connections, spans } = base;
  if (raw.connections !== undefined) {
    if (typeof raw.connections !== 'boolean') fail(where, 'tolerances.optional.connections', 'expected true or false', hint);
    connections = raw.connections;
  }
  if (raw.spans !== undefined) {
    const list = typeof raw.spans === 'string' ? [raw.spans] : raw.spans;
    if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string' && item.trim() !== '')) {
      return fail(where, 'tolerances.optional.spans', 'expected a list of span names', hint);
    }
    spans = [...new Set([...spans, ...list])];
  }
  return { connections, spans };
}

/**
 * Validates `raw` (a `tolerances:` section as parsed from YAML) and merges it over `base`.
 * Throws a TbtError of kind 'config' naming the bad key, located at `where`.
 */
export function resolveTolerances(raw: unknown, base: Tolerances, where: SourceLocation): Tolerances {
  if (raw === undefined || raw === null) return base;
  if (!isMapping(raw)) return fail(where, 'tolerances', 'expected a mapping', `tolerances takes: ${SECTION_KEYS.join(', ')}`);
  checkKeys(raw, SECTION_KEYS, 'tolerances', where);
  let rules = base.rules;
  if (raw.rules !== undefined && raw.rules !== null) {
    if (!Array.isArray(raw.rules)) return fail(where, 'tolerances.rules', 'expected a list of rules', 'e.g. rules: [ { selector: span[name="charge"], count: 1..3 } ]');
    rules = [...base.rules, ...raw.rules.map((rule, i) => parseRule(rule, `tolerances.rules[${i}]`, where))];
  }
  return {
    count: raw.count === undefined ? base.count : parseCountTolerance(raw.count, 'tolerances.count', where),
    duration: raw.duration === undefined ? base.duration : parseDurationTolerance(raw.duration, 'tolerances.duration', where),
    attributes: raw.attributes === undefined ? base.attributes : mergeAttributeTolerance(base.attributes, parseAttributes(raw.attributes, 'tolerances.attributes', where)),
    rules,
    ...(raw.optional === undefined && base.optional === undefined
      ? {}
      : { optional: raw.optional === undefined ? base.optional : parseOptional(raw.optional, base.optional ?? DEFAULT_OPTIONAL_SPANS, where) }),
  };
}
