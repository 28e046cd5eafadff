// The one way ingest reports bad bytes: a TbtError of kind 'input'. Decoders never let a
// TypeError, RangeError or SyntaxError escape, because the CLI would print those as bugs.
import { TbtError } from '../model/index.ts';
import { describeJsonSyntax } from '../common/index.ts';

/** A TbtError('input', …), with an optional hint and the original error as cause. */
export function inputError(message: string, options: { hint?: string; cause?: unknown } = {}): TbtError {
  return new TbtError('input', message, options);
}

/** Names a JSON value's shape for messages: `an array`, `a string`, `null`. */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * A field's value quoted for a message, a long one cut to its head and its length (a time or a
 * kind is short; a hostile one may be megabytes).
 */
export function quoteForMessage(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 24))}… (${value.length} characters)`;
  // An object or an array is named by its shape once it is long (it may hold megabytes).
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= 40 ? json : `${describeShape(value)} of ${json.length} characters`;
}

/**
 * An attribute value as a message names it: its type and size, never its text. Any attribute can
 * hold a secret that no rule knows by its shape (a password under its own key), and messages
 * reach terminals and CI logs.
 */
export function describeAttributeValue(value: unknown): string {
  if (typeof value === 'string') {
    return /^-?\d+$/.test(value) ? `an integer of ${value.replace('-', '').length} digits` : `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : Number.isFinite(value) ? 'a number with a fraction' : 'a number too large for a double';
  return describeShape(value);
}

/**
 * How a message names attribute `key`: `attribute "db.password": `, after `outer`, the place of
 * the attribute whose kvlist holds it ('' at the top).
 */
export function attributePlace(outer: string, key: string): string {
  return `${outer}attribute ${quoteForMessage(key)}: `;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `bytes` (or a string) as UTF-8 JSON, turning a parse failure into an input error. */
export function parseJson(body: Uint8Array | string, what: string): unknown {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw inputError(`${what} is not valid JSON: ${describeJsonSyntax(text, detail).reason}`, { cause: error });
  }
}
