// Runtime values of the expression language. Every value keeps its type; comparisons convert a
// literal where Tracetest users expect it (`"200"` vs 200), never a number to text.
import type { AttributeValue, JsonValue } from '../model/index.ts';
import type { DurationUnit } from './ast.ts';
import { formatDuration, fromDecimal, fromNumber, parseDecimal, type Duration } from './duration.ts';

export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'duration'; readonly value: Duration }
  | { readonly kind: 'array'; readonly items: readonly Value[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyMap<string, Value> }
  | { readonly kind: 'null' };

export const NULL: Value = { kind: 'null' };

export function str(value: string): Value {
  return { kind: 'string', value };
}

export function num(value: number): Value {
  return { kind: 'number', value };
}

export function dur(value: Duration): Value {
  return { kind: 'duration', value };
}

export function fromAttribute(value: AttributeValue): Value {
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (Array.isArray(value)) return { kind: 'array', items: (value as readonly AttributeValue[]).map(fromAttribute) };
  const entries = new Map<string, Value>();
  for (const [key, inner] of Object.entries(value)) entries.set(key, fromAttribute(inner));
  return { kind: 'object', entries };
}

/** From `JSON.parse` output. */
export function fromJson(value: unknown): Value {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(fromJson) };
  const entries = new Map<string, Value>();
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) entries.set(key, fromJson(inner));
  return { kind: 'object', entries };
}

/** Parses text as a JSON object or array; scalars and invalid JSON give undefined. */
export function parseJsonStructure(text: string): Value | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return fromJson(JSON.parse(trimmed));
  } catch {
    return undefined;
  }
}

/** For reports: durations become their exact text (`1.5ms`), everything else stays JSON. */
export function toJson(value: Value): JsonValue {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'duration':
      return formatDuration(value.value);
    case 'array':
      return value.items.map(toJson);
    case 'object': {
      const out: Record<string, JsonValue> = {};
      for (const [key, inner] of value.entries) out[key] = toJson(inner);
      return out;
    }
    case 'null':
      return null;
  }
}

/** The name `| type` returns: string, number, boolean, duration, array, object, null. */
export function typeName(value: Value): string {
  return value.kind;
}

/** One-line text for messages: strings quoted, durations exact, structures as short JSON. */
export function describe(value: Value): string {
  if (value.kind === 'string') return JSON.stringify(value.value);
  if (value.kind === 'duration') return formatDuration(value.value);
  const text = JSON.stringify(toJson(value));
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** The text of a scalar, for string contexts (`contains`, `=~`, interpolation). */
export function asText(value: Value): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'duration':
      return formatDuration(value.value);
    case 'null':
      return '';
    default:
      return JSON.stringify(toJson(value));
  }
}

/** A number, a numeric string (Tracetest keeps every attribute as text), or undefined. */
export function asNumber(value: Value): number | undefined {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'string' && parseDecimal(value.value) !== undefined && value.value.trim() !== '') {
    const parsed = Number(value.value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

const DURATION_TEXT = /^\s*(-?\d+(?:\.\d+)?)(ns|us|ms|s|m|h)\s*$/;

/**
 * A duration, or a number read as nanoseconds (Tracetest stores `tracetest.span.duration` as
 * nanoseconds), or a string holding either. Undefined for anything else.
 */
export function asDuration(value: Value): Duration | undefined {
  if (value.kind === 'duration') return value.value;
  if (value.kind === 'number') return fromNumber(value.value);
  if (value.kind === 'string') {
    const match = DURATION_TEXT.exec(value.value);
    if (match) return fromDecimal(match[1] ?? '0', (match[2] ?? 'ns') as DurationUnit);
    return parseDecimal(value.value);
  }
  return undefined;
}
