// tbt's one id masker: the ids inside statements, cache keys, destinations, span names and URL
// paths (`set order:1`, `/users/42`, `cart-1001`, `#T776999C`) become `{id}`, so the canonical tree
// and the detectors see one shape per kind of call. Pure; runs on every such value of a trace.

/** UUIDs, any case; shared with the `mask-uuid` rule. */
export const UUID_PATTERN = '\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b';
/** Runs of 16+ hex digits, even glued to a word (`order_4bf92f35…`); shared with `mask-hex-ids`. */
export const HEX_ID_PATTERN = '(?<![0-9a-f])[0-9a-f]{16,}(?![0-9a-f])';

/** Bumped when what counts as an id changes: it is part of the normalize fingerprint. */
export const ID_MASKER_VERSION = 1;

/** What an id becomes. */
export const ID_PLACEHOLDER = '{id}';

/**
 * A candidate: a separator, then a word of letters, digits, `_` or `~`, or several joined by `-`
 * (`21283159-db7e-4b0a`, `order-42`), that ends there. The separator itself is kept.
 */
// The lookahead skips runs without a digit (`/api`, `/products`) before any callback.
const CANDIDATE = /([:/#-])(?=[A-Za-z0-9_~-]*\d)([A-Za-z0-9_~]+(?:-[A-Za-z0-9_~]+)*)(?![A-Za-z0-9_~])/g;
const DIGIT = /\d/;
const UUID = new RegExp(UUID_PATTERN, 'gi');
const HEX_ID = new RegExp(HEX_ID_PATTERN, 'gi');

/**
 * Words that take a number after `-` or `/` without it being an id: `utf-8`, `iso-8859-1`,
 * `sha-256`, `HTTP/2`, `latin-1`, `rfc-3339`.
 */
const NUMBERED_NAMES = new Set([
  'utf', 'ucs', 'iso', 'latin', 'windows', 'win', 'cp', 'sha', 'md', 'crc', 'base', 'rfc', 'http', 'https',
  'tls', 'ssl', 'ipv', 'es', 'ecma',
]);
/** A word ending in a short number is a name, not an id: `sha256`, `base64`, `ipv4`, `order_items2`, `v10`. */
const NAME_WITH_NUMBER = /^[A-Za-z_]+\d{1,3}$/;
const NUMBER = /^\d+$/;
const HEX_8 = /^[0-9a-f]{8,}$/i;
const TWO_DIGITS = /\d.*\d/;

// Backward scans rather than `…$` regular expressions, which V8 retries at every position: this
// runs on every candidate of every URL of a 100k-span trace.

/** Inside a URL's authority (`https://host:8443`), a number after `:` is a port: a stable fact. */
function inAuthority(text: string, end: number): boolean {
  let at = end - 1;
  for (; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (code === 47 /* / */ || code === 63 /* ? */ || code === 35 /* # */ || code <= 32) break;
  }
  return at >= 1 && text.charCodeAt(at) === 47 && text.charCodeAt(at - 1) === 47;
}

/** The run of letters that ends at `end`, lower-cased ('' when none). */
function wordBefore(text: string, end: number): string {
  let at = end;
  while (at > 0) {
    const code = text.charCodeAt(at - 1) | 32;
    if (code < 97 || code > 122) break;
    at--;
  }
  return text.slice(at, end).toLowerCase();
}

function isDigitAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
}

/** True for a word that names one entity: a number, a long hex string, or a code with 2+ digits. */
function isIdWord(token: string): boolean {
  if (!DIGIT.test(token)) return false;
  if (NUMBER.test(token) || HEX_8.test(token)) return true;
  return token.length >= 4 && TWO_DIGITS.test(token) && !NAME_WITH_NUMBER.test(token);
}

/** True when a number after `separator`, which sits at `at` in `text`, is part of a name. */
function isNumberedName(separator: string, token: string, text: string, at: number): boolean {
  if (!NUMBER.test(token)) return false;
  if (separator === ':') return inAuthority(text, at); // a port
  if (separator === '-' && isDigitAt(text, at - 1)) return true; // `8859-1`, `10-20`
  return NUMBERED_NAMES.has(wordBefore(text, at));
}

/**
 * Masks the ids that follow `:`, `/`, `-` or `#`: `set order:1 [1 other arguments]` →
 * `set order:{id} [1 other arguments]`, `/users/42/orders` → `/users/{id}/orders`. A dashed run
 * whose first word is an id is one id (`/devices/21283159-db7e-4b0a`). Keeps `v1`, `http/1.1`,
 * `ipv4`, `utf-8`, `sha256`, `order_items2` and ports after a host. Values without a digit (most
 * of them) return at once.
 */
export function maskSeparatedIds(text: string): string {
  if (!DIGIT.test(text)) return text;
  return text.replace(CANDIDATE, maskCandidate);
}

/** The replacer of one candidate (its arguments as `String.prototype.replace` passes them). */
function maskCandidate(match: string, separator: string, run: string, offset: number, text: string): string {
  const end = offset + match.length;
  // `http/1.1`, `node:20.6`: a version or a decimal, not an id.
  const version = text.charCodeAt(end) === 46 /* . */ && isDigitAt(text, end + 1);
  if (run.indexOf('-') < 0) {
    return !version && isIdWord(run) && !isNumberedName(separator, run, text, offset) ? `${separator}${ID_PLACEHOLDER}` : match;
  }
  const words = run.split('-');
  const first = words[0] as string;
  if (isIdWord(first) && !isNumberedName(separator, first, text, offset)) return `${separator}${ID_PLACEHOLDER}`;
  let out = `${separator}${first}`;
  let at = offset + out.length; // where the next `-` sits in `text`
  for (let index = 1; index < words.length; index++) {
    const word = words[index] as string;
    const last = index === words.length - 1;
    out += !(last && version) && isIdWord(word) && !isNumberedName('-', word, text, at) ? `-${ID_PLACEHOLDER}` : `-${word}`;
    at += word.length + 1;
  }
  return out;
}

/**
 * The whole masker as the detectors use it on raw values: UUIDs (`{uuid}`), long hex ids
 * (`{hex}`), then separated ids (`{id}`), in the order the canonical tree's rules apply them.
 */
export function maskIds(text: string): string {
  if (!DIGIT.test(text)) return text;
  return maskSeparatedIds(text.replace(UUID, '{uuid}').replace(HEX_ID, '{hex}'));
}
