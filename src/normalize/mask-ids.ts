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
const CANDIDATE = /([:/#-])([A-Za-z0-9_~]+(?:-[A-Za-z0-9_~]+)*)(?![A-Za-z0-9_~])/g;
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
/** Inside a URL's authority (`https://host:8443`), a number after `:` is a port: a stable fact. */
const IN_AUTHORITY = /\/\/[^/\s?#]*$/;
const LAST_WORD = /([A-Za-z]+)$/;

/** True for a word that names one entity: a number, a long hex string, or a code with 2+ digits. */
function isIdWord(token: string): boolean {
  if (!DIGIT.test(token)) return false;
  if (NUMBER.test(token) || HEX_8.test(token)) return true;
  return token.length >= 4 && TWO_DIGITS.test(token) && !NAME_WITH_NUMBER.test(token);
}

/** True when a number after `separator`, with `before` the text just before it, is a name's part. */
function isNumberedName(separator: string, token: string, before: string): boolean {
  if (!NUMBER.test(token)) return false;
  if (separator === ':') return IN_AUTHORITY.test(before); // a port
  if (separator === '-' && DIGIT.test(before.charAt(before.length - 1))) return true; // `8859-1`, `10-20`
  const word = LAST_WORD.exec(before)?.[1]?.toLowerCase();
  return word !== undefined && NUMBERED_NAMES.has(word);
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
  return text.replace(CANDIDATE, (match: string, separator: string, run: string, offset: number) => {
    if (!DIGIT.test(run)) return match;
    const end = offset + match.length;
    // `http/1.1`, `node:20.6`: a version or a decimal, not an id.
    const version = text.charCodeAt(end) === 46 /* . */ && DIGIT.test(text.charAt(end + 1));
    const words = run.split('-');
    const before = text.slice(Math.max(0, offset - 64), offset);
    const judge = (sep: string, word: string, context: string, last: boolean): boolean =>
      !(last && version) && isIdWord(word) && !isNumberedName(sep, word, context);
    if (judge(separator, words[0] as string, before, words.length === 1)) return `${separator}${ID_PLACEHOLDER}`;
    let out = `${separator}${words[0] as string}`;
    for (let index = 1; index < words.length; index++) {
      const word = words[index] as string;
      out += judge('-', word, out, index === words.length - 1) ? `-${ID_PLACEHOLDER}` : `-${word}`;
    }
    return out;
  });
}

/**
 * The whole masker as the detectors use it on raw values: UUIDs (`{uuid}`), long hex ids
 * (`{hex}`), then separated ids (`{id}`), in the order the canonical tree's rules apply them.
 */
export function maskIds(text: string): string {
  if (!DIGIT.test(text)) return text;
  return maskSeparatedIds(text.replace(UUID, '{uuid}').replace(HEX_ID, '{hex}'));
}
