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
  return position ? { reason, offset: Number(position[1]) } : { reason };
}
