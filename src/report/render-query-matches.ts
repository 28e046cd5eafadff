// `tbt query`'s output: the spans a selector matched (query finds them), one path per line with
// a count, or as a JSON array.
import type { QueryMatch } from '../query/index.ts';

/** Text (one path per line, then the count) or a JSON array, for `tbt query`. */
export function formatQueryMatches(matches: readonly QueryMatch[], options: { readonly json?: boolean } = {}): string {
  if (options.json) return `${JSON.stringify(matches, null, 2)}\n`;
  const lines = matches.map((match) => `${match.path}${match.count > 1 ? ` ×${match.count}` : ''}${match.kind === 'unspecified' || match.kind === 'internal' ? '' : `  (${match.kind})`}`);
  const total = matches.reduce((sum, match) => sum + match.count, 0);
  lines.push(total === 0 ? 'no span matched' : `${total} span${total === 1 ? '' : 's'} matched`);
  return `${lines.join('\n')}\n`;
}
