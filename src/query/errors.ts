// The one error the query languages throw for bad input: a syntax or binding problem with the
// offset where it was found. Callers that know the file relocate it (compile.ts, `locateIn`).
import { TbtError } from '../model/index.ts';

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
  /** The message without the "at column N" prefix, for relocation (see `reasonAt`). */
  readonly reason: string;
  /** A second offset the reason points at: the "[" that a missing "]" should close. */
  readonly mark?: number;

  constructor(language: QueryLanguage, source: string, offset: number, reason: string, hint?: string, mark?: number) {
    // "Nothing more came" is shown just after the last thing written, not on a trailing newline.
    const clamped = Math.max(0, Math.min(offset, source.trimEnd().length < offset ? source.trimEnd().length : source.length));
    const { line, column } = lineColumn(source, clamped);
    const where = line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
    const marked = mark === undefined ? undefined : Math.max(0, Math.min(mark, source.length));
    // The excerpt always shows where; advice, when there is some, follows on its own line.
    super('syntax', `invalid ${language} at ${where}: ${withMark(reason, marked === undefined ? undefined : textPosition(source, marked, line))}`, {
      hint: hint ? `${caretExcerpt(source, clamped)}\n${hint}` : caretExcerpt(source, clamped),
    });
    this.name = 'ParseError';
    this.offset = clamped;
    this.line = line;
    this.column = column;
    this.source = source;
    this.language = language;
    this.reason = reason;
    if (marked !== undefined) this.mark = marked;
  }

  /**
   * The reason for a message located in a file: the mark is given in the same columns as the
   * location (`at column 34`, from `locate`), or, when its file column is unknown, says plainly
   * that it counts within the text (`at selector column 5`). Never two column systems unnamed.
   */
  reasonAt(locate: (offset: number) => { line?: number; column?: number } | undefined, errorLine: number | undefined): string {
    if (this.mark === undefined) return this.reason;
    const at = locate(this.mark);
    if (at?.line !== undefined && at.column !== undefined) {
      return withMark(this.reason, at.line === errorLine ? `column ${at.column}` : `line ${at.line}, column ${at.column}`);
    }
    return withMark(this.reason, `${this.language} ${textPosition(this.source, this.mark, undefined)}`);
  }
}

function withMark(reason: string, position: string | undefined): string {
  return position === undefined ? reason : `${reason} at ${position}`;
}

/** `column 5`, or `line 2, column 5` when the mark is not on `sameLine`. */
function textPosition(source: string, offset: number, sameLine: number | undefined): string {
  const { line, column } = lineColumn(source, offset);
  return line === sameLine || (sameLine === undefined && line === 1) ? `column ${column}` : `line ${line}, column ${column}`;
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

/**
 * The offending line with a caret under the offset: two lines that both start at the text's own
 * column 0, so whoever prints them gives both the same indent and the caret stays aligned. Tabs
 * and other control characters show as one space each, so they cannot shift the caret either.
 */
function caretExcerpt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndRaw = text.indexOf('\n', offset);
  const lineEnd = lineEndRaw === -1 ? text.length : lineEndRaw;
  const lineText = text.slice(lineStart, lineEnd).replace(/[\u0000-\u001f\u007f]/g, ' ');
  const caretColumn = offset - lineStart;
  // Long selectors are windowed around the caret so the excerpt stays one terminal line.
  const from = Math.max(0, caretColumn - 60);
  const shown = lineText.slice(from, from + 120);
  const prefix = from > 0 ? '…' : '';
  // Counted in code points, so a character outside the BMP (two UTF-16 units) is one column.
  const before = Array.from(lineText.slice(from, caretColumn)).length;
  return `${prefix}${shown}\n${' '.repeat(prefix.length + before)}^`;
}
