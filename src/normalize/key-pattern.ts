// Key patterns (globs or `/regex/`) compiled to matchers over folded keys. Folding lets one rule
// cover `apiKey`, `api_key` and `API_KEY` alike.

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

/** Lower case, with camelCase humps split by `_`: `accessToken` → `access_token`. */
export function foldKey(key: string): string {
  const cached = foldCache.get(key);
  if (cached !== undefined) return cached;
  const folded = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
  foldCache.set(key, folded);
  return folded;
}

/** True when the pattern is written as a regular expression, `/…/`. */
export function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/');
}

/**
 * Compiles a key pattern. Throws a SyntaxError for a bad regular expression (the caller that
 * validates user input turns it into a located TbtError).
 */
export function compileKeyPattern(pattern: string): RegExp {
  if (isRegexPattern(pattern)) return new RegExp(pattern.slice(1, -1), 'i');
  return compileGlob(foldKey(pattern));
}

/** `*` is any run of characters (dots included), `?` one character; anchored, case-insensitive. */
export function compileGlob(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}
