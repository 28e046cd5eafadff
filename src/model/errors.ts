// The one class for errors a user can fix: bad input, bad config, a missing file. The CLI prints
// it without a stack and exits 2. Anything else that is thrown is a bug.
import type { SourceLocation } from './test-definition.ts';

export type TbtErrorKind =
  | 'usage'
  | 'config'
  | 'syntax'
  | 'input'
  | 'snapshot'
  | 'variable'
  | 'io'
  /** The test could not run (trigger refused, no trace): a failed test, not a usage error. */
  | 'unavailable';

export class TbtError extends Error {
  readonly kind: TbtErrorKind;
  readonly hint?: string;
  readonly location?: SourceLocation;

  constructor(
    kind: TbtErrorKind,
    message: string,
    options: { hint?: string; location?: SourceLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TbtError';
    this.kind = kind;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.location !== undefined) this.location = options.location;
  }
}

/** `file:line:column`, with whatever parts are known. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}
