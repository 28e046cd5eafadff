// The one error the query languages throw for bad input: a syntax or binding problem with the
// offset where it was found. Callers that know the file relocate it with `locateParseError`.
import { TbtError, type SourceLocation } from '../model/index.ts';

/** Which language the text was written in, for messages. */
export type QueryLanguage = 'selector' | 'assertion' | 'expression';

/**
 * A selector or assertion that cannot be parsed or bound. `offset` counts UTF-16 units from 0;
 * `line` and `column` count from 1 within the text itself (selectors may span lines in YAML).
 */
export class ParseError extends TbtError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly source: string;
  readonly language: QueryLanguage;
  /** The message without the "at column N" suffix, for relocation. */
  readonly reason: string;

  constructor(language: QueryLanguage, source: string, offset: number, reason: string, hint?: string) {
    const clamped = Math.max(0, Math.min(offset, source.length));
    const { line, column } = lineColumn(source, clamped);
    const where = line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
    super('syntax', `invalid ${language} at ${where}: ${reason}`, {
      hint: hint ?? caretExcerpt(source, clamped),
    });
    this.name = 'ParseError';
    this.offset = clamped;
    this.line = line;
    this.column = column;
    this.source = source;
    this.language = language;
    this.reason = reason;
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offending line with a caret under the offset, so a terminal shows where it broke. */
export function caretExcerpt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndRaw = text.indexOf('\n', offset);
  const lineEnd = lineEndRaw === -1 ? text.length : lineEndRaw;
  const lineText = text.slice(lineStart, lineEnd);
  const caretColumn = offset - lineStart;
  // Long selectors are windowed around the caret so the excerpt stays one terminal line.
  const from = Math.max(0, caretColumn - 60);
  const shown = lineText.slice(from, from + 120);
  const prefix = from > 0 ? '…' : '';
  return `${prefix}${shown}\n${' '.repeat(prefix.length + caretColumn - from)}^`;
}

/**
 * Turns a ParseError into a TbtError located in a file. `at` is where the text starts in the
 * file; when `sameLine` is true the text sits on one source line, so the column is exact.
 */
export function locateParseError(error: ParseError, at: SourceLocation, sameLine: boolean, what?: string): TbtError {
  let location: SourceLocation = at;
  if (at.line !== undefined && at.column !== undefined) {
    location = sameLine && error.line === 1
      ? { file: at.file, line: at.line, column: at.column + error.offset }
      : { file: at.file, line: at.line, column: at.column };
  }
  const label = what ?? error.language;
  return new TbtError('syntax', `invalid ${label} (column ${error.column}): ${error.reason}`, {
    location,
    hint: error.hint ?? caretExcerpt(error.source, error.offset),
    cause: error,
  });
}
