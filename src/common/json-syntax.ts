// What JSON.parse says of text that is not JSON, fit to print: V8 quotes the text around an
// unexpected token (`Unexpected token 'B', ..."auth": Bearer sk_"... is not valid JSON`), and that
// text may hold a secret (a request body, a trace file, a test's expanded variables).

/**
 * JSON.parse's reason without the excerpt of the text, with the offset of the position V8 names
 * (the end of the text for text cut short; undefined when V8 names none).
 */
export function describeJsonSyntax(text: string, syntax: string): { readonly reason: string; readonly offset?: number } {
  const position = /\bat position (\d+)/.exec(syntax);
  const end = text.trimEnd().length;
  if (/^Unexpected end of JSON input/.test(syntax) || (position !== null && Number(position[1]) >= end)) {
    return { reason: 'it ends early (cut short?)', offset: end };
  }
  const reason = syntax.replace(/ (?:in|after) JSON at position \d+.*$/s, '').replace(/, .* is not valid JSON$/s, '');
  if (position) return { reason, offset: Number(position[1]) };
  const offset = offsetOfExcerpt(text, syntax);
  return offset === undefined ? { reason } : { reason, offset };
}

/** How many characters V8 quotes on each side of an unexpected token. */
const EXCERPT_CONTEXT = 10;

/**
 * Where an unexpected token is, from the excerpt V8 quotes instead of a position (`Unexpected
 * token ',', ..."a": [↵    ,↵  ]↵}" is not valid JSON`): the excerpt starts 10 characters before
 * the token, or at the text's start (then it ends 10 after the token). Found only when the
 * excerpt occurs once in the text; a short text is quoted whole, which says nothing of where.
 */
function offsetOfExcerpt(text: string, syntax: string): number | undefined {
  const quoted = /^Unexpected token .*?, (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(syntax);
  if (quoted === null) return undefined;
  const [, before, excerpt = '', after] = quoted;
  if (before === undefined && after === undefined) return undefined;
  const at = text.indexOf(excerpt);
  if (at < 0 || text.indexOf(excerpt, at + 1) >= 0) return undefined;
  return before === undefined ? at + excerpt.length - EXCERPT_CONTEXT : at + EXCERPT_CONTEXT;
}
