// Cheap necessary conditions for the built-in masks' regular expressions, so a value is scanned
// once for the characters it holds and each mask that cannot match is skipped without running its
// regex (issue 14: every value of a 100k-span trace meets a dozen masks). Only patterns known
// here get a precheck; a user's own pattern always runs. Pure.
import { HEX_ID_PATTERN, UUID_PATTERN } from './mask-ids.ts';

/** One bit per fact a pattern may need about the text it runs on. */
export const Feature = {
  digit: 1 << 0,
  equals: 1 << 1,
  doubleQuote: 1 << 2,
  singleQuote: 1 << 3,
  at: 1 << 4,
  colon: 1 << 5,
  hyphen: 1 << 6,
  dot: 1 << 7,
  /** ASCII whitespace: space, \t \n \v \f \r. */
  space: 1 << 8,
  /** `j` or `J` (JWTs open each part with `eyJ`). */
  letterJ: 1 << 9,
  openParen: 1 << 10,
  question: 1 << 11,
  comma: 1 << 12,
  slash: 1 << 13,
  /** A run of 16 or more hex digits. */
  hexRun16: 1 << 14,
  /** `b` or `g`, any case: every auth scheme the masks know has one (`bearer`, `basic`, `digest`, `negotiate`). */
  letterBOrG: 1 << 15,
  /**
   * `=` right after a letter that ends a credential parameter's name (`token=`, `password=`,
   * `secret=`, `api_key=`, `credential=`, `sig=`, `code=`, `session_id=`, `auth=`): `n d t y l g e h`, any case.
   */
  credentialEquals: 1 << 16,
  /** `"` or `'`: a JSON key or a Python dict's is in either. */
  quote: 1 << 17,
} as const;

/** Every bit set: what a text with any non-ASCII character reports (`\s` and case folding reach past ASCII). */
export const ALL_FEATURES = (1 << 18) - 1;

/** Marks a hex digit in BITS_OF; no feature has this bit. */
const HEX_DIGIT = 1 << 30;

/** The characters that set each feature, and the hex digits. */
const CHARS_OF: readonly (readonly [string, number])[] = [
  ['0123456789', Feature.digit], ['=', Feature.equals], ['"', Feature.doubleQuote | Feature.quote], ["'", Feature.singleQuote | Feature.quote],
  ['@', Feature.at], [':', Feature.colon], ['-', Feature.hyphen], ['.', Feature.dot], [' \t\n\v\f\r', Feature.space],
  ['jJ', Feature.letterJ], ['(', Feature.openParen], ['?', Feature.question], [',', Feature.comma], ['/', Feature.slash],
  ['bBgG', Feature.letterBOrG], ['0123456789abcdefABCDEF', HEX_DIGIT],
];

// Per ASCII code, the feature bits it sets (0 for none), with HEX_DIGIT for a hex digit: one
// lookup per character tells both (this loop runs several times over every masked value).
const BITS_OF = new Int32Array(128);
for (const [chars, bit] of CHARS_OF) for (const char of chars) BITS_OF[char.charCodeAt(0)] = (BITS_OF[char.charCodeAt(0)] as number) | bit;

/** Per ASCII code, whether `=` after it sets credentialEquals. */
const ENDS_CREDENTIAL_NAME = new Uint8Array(128);
for (const char of 'ndtylgehNDTYLGEH') ENDS_CREDENTIAL_NAME[char.charCodeAt(0)] = 1;

/** The features of a text, in one pass over it. */
export function textFeatures(text: string): number {
  let features = 0;
  let hexRun = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) return ALL_FEATURES;
    const bits = BITS_OF[code] as number;
    features |= bits;
    if ((bits & HEX_DIGIT) === 0) hexRun = 0;
    else if (++hexRun === 16) features |= Feature.hexRun16;
    if (code === 61 && i > 0 && ENDS_CREDENTIAL_NAME[text.charCodeAt(i - 1)] === 1) features |= Feature.credentialEquals;
  }
  return features & ALL_FEATURES;
}

/** The key a pattern is known by: its source and whether it ignores case. */
export function patternKey(pattern: string, ignoreCase: boolean): string {
  return `${ignoreCase ? 'i' : '-'}/${pattern}`;
}

/**
 * The features each built-in pattern needs (all of them) to match at all, by its exact source as
 * default-rules.ts writes it (ignoring case). test/normalize/mask-prechecks.test.ts checks every
 * entry against its regex: a text the regex matches always has the features listed.
 */
const NEEDS: ReadonlyMap<string, number> = new Map([
  // mask-credential-params: `name=value`, the name ending right before `=`.
  ['((?:^|[?&;#\\s])(?:[a-z0-9_.-]*(?:token|password|passwd|passphrase|secret|api[-_]?key|apikey|credential|session[-_.]?id)|(?:[a-z0-9_.-]*[-_.])?(?:pwd|sig|signature|code|key|auth))=)[^&;#\\s"\\x27<>\\\\]+', Feature.equals | Feature.credentialEquals],
  // mask-auth-scheme-in-text: `Bearer <token>`.
  ['\\b(bearer|basic|digest)\\s+(?=[a-z]*(?:[0-9_~+/=-]|\\.[a-z0-9]))[a-z0-9._~+/=-]{8,}', Feature.space | Feature.letterBOrG],
  // mask-credential-json: `"password": "…"`, `'password': '…'`.
  ['((?<!\\\\)(["\\x27])[a-z0-9_.-]*(?:token|password|passwd|passphrase|pwd|secret|api[-_]?key|apikey|cookie|authorization|credentials?|session[-_.]?id)\\2\\s*:\\s*b?)(\\\\*["\\x27])(?:(?!\\3)(?:[^\\\\]|\\\\.))*\\3', Feature.quote | Feature.colon],
  // mask-credential-json-escaped: `\"password\": \"…\"`.
  ['((?<!\\\\)(\\\\+)"[a-z0-9_.-]*(?:token|password|passwd|passphrase|pwd|secret|api[-_]?key|apikey|cookie|authorization|credentials?|session[-_.]?id)\\2"\\s*:\\s*)\\2"(?:[^\\\\"]|(?!(?:\\2\\2\\\\\\\\)*\\2")\\\\+(?:"|(?!\\\\)))*(?:\\2\\2\\\\\\\\)*\\2"', Feature.doubleQuote | Feature.colon],
  // mask-url-userinfo: `://user:pw@`.
  ['(://[^/\\s:@]*:)(?!\\*+@|\\$\\{[^}/\\s@]*\\}@)[^/\\s@]+@', Feature.colon | Feature.slash | Feature.at],
  // mask-jwt: `eyJ….eyJ….`.
  ['(?<![a-z0-9_-])eyJ[a-z0-9_-]{4,8192}\\.eyJ[a-z0-9_-]{4,65536}\\.[a-z0-9_-]*', Feature.letterJ | Feature.dot],
  // mask-uuid.
  [UUID_PATTERN, Feature.hyphen],
  // mask-iso-time: `2024-05-01T10:00`.
  ['\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?(?![\\w])', Feature.digit | Feature.hyphen | Feature.colon],
  // mask-iso-date.
  ['\\b\\d{4}-\\d{2}-\\d{2}\\b', Feature.digit | Feature.hyphen],
  // mask-hex-ids.
  [HEX_ID_PATTERN, Feature.hexRun16],
  // mask-loopback-ports: `127.0.0.1:4318`.
  ['(?<![\\w.-])(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1?\\]):\\d{1,5}\\b', Feature.colon | Feature.digit],
  // mask-sql-strings.
  ["'(?:[^']|'')*'", Feature.singleQuote],
  // mask-sql-numbers.
  ['(?<![\\w$:.?])(?:0x[0-9a-f]+|\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)(?![\\w.])', Feature.digit],
  // mask-sql-in-lists: `IN (?, ?)`.
  ['\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)', Feature.openParen | Feature.question],
  // mask-sql-values-rows: `VALUES (?, ?), (?, ?)`.
  ['(\\bVALUES\\s*(\\([\\s?,]*\\)))(?:\\s*,\\s*\\2)+', Feature.openParen | Feature.comma],
  // redact-auth-scheme-values: a whole `Bearer x` value.
  ['^\\s*(?:(?:bearer|basic)\\s+\\S+|(?:digest|negotiate)\\s+\\S.*)\\s*$', Feature.space | Feature.letterBOrG],
].map(([pattern, needs]) => [patternKey(pattern as string, true), needs as number]));

/** The features a known pattern needs; 0 (no precheck: always run it) for any other pattern. */
export function featuresNeeded(pattern: string, ignoreCase: boolean): number {
  return NEEDS.get(patternKey(pattern, ignoreCase)) ?? 0;
}

/** Every pattern with a precheck and what it needs, for the test that checks them. */
export function knownPrechecks(): ReadonlyMap<string, number> {
  return NEEDS;
}
