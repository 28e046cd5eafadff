// Where in a YAML file a node or a parse error was written, as a SourceLocation: the one
// offset-to-line:column step that config, test files and snapshots all take with yaml's
// LineCounter. Typed by shape, so common needs neither the yaml package nor a parsed document.
import type { SourceLocation } from '../model/index.ts';

/** What maps a character offset to a 1-based line and column: yaml's `LineCounter`. */
export interface LinePositions {
  linePos(offset: number): { readonly line: number; readonly col: number };
}

/** A yaml node: `range[0]` is the offset where it starts; a node built in code has none. */
export interface RangedNode {
  readonly range?: readonly [number, number, number] | null;
}

/** What a parsed yaml `Document` says about its errors. */
export interface YamlErrors {
  readonly errors: readonly YamlError[];
}

interface YamlError {
  /** yaml's error code, e.g. `BAD_INDENT`. */
  readonly code?: string;
  readonly message: string;
  readonly pos: readonly [number, number];
}

/** The location of a character offset in `file`. */
export function locationAt(lines: LinePositions, file: string, offset: number): SourceLocation {
  const { line, col } = lines.linePos(offset);
  return { file, line, column: col };
}

/** Where `node` starts; the file alone when there is no node or it was not read from the text. */
export function locationOf(lines: LinePositions, file: string, node: RangedNode | null | undefined): SourceLocation {
  const start = node?.range?.[0];
  return start === undefined ? { file } : locationAt(lines, file, start);
}

/**
 * The document's first error (its message's first line, and where), or undefined when it has
 * none. `text` is the document's source.
 */
export function firstYamlError(doc: YamlErrors, lines: LinePositions, file: string, text: string): { readonly reason: string; readonly location: SourceLocation } | undefined {
  const first = doc.errors[0];
  if (first === undefined) return undefined;
  // The yaml package reports its own stack overflow on very deep nesting as an error like any other.
  const reason = /Maximum call stack size exceeded/.test(first.message) ? 'it nests too deeply to read' : (first.message.split('\n')[0] ?? '');
  return { reason, location: locationAt(lines, file, errorOffset(first, text)) };
}

/**
 * yaml places a bad indentation at the first blank of the line (`   method:` at column 1); the
 * reader wants the key that is out of line (column 4).
 */
function errorOffset(error: YamlError, text: string): number {
  const start = error.pos[0];
  if (error.code !== 'BAD_INDENT') return start;
  let offset = start;
  while (text.charAt(offset) === ' ') offset += 1;
  return offset < text.length && text.charAt(offset) !== '\n' && text.charAt(offset) !== '\r' ? offset : start;
}
