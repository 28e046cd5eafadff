// The one place that turns a thrown error into words and an exit code: 2 for what the user can
// fix, 3 for a bug (with the stack, so that it can be reported), never 1, which means drift.
import { TbtError, formatLocation } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, secretRedactor, type SecretRedactor } from '../normalize/index.ts';
import type { OutputStream } from './io.ts';

/**
 * Error messages quote what the user gave (a backend URL, a header, a command): the default
 * secret rules hide credential parameters and shapes in them, beyond the shapes that every
 * printed text loses (io.ts). Built on the first error.
 */
let messageRedactor: SecretRedactor | undefined;
const redacted = (text: string): string => (messageRedactor ??= secretRedactor(DEFAULT_NORMALIZE_RULES)).text(text);

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
/** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

export function reportError(error: unknown, stderr: OutputStream): number {
  if (error instanceof TbtError) {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    stderr.write(`tbt: error: ${redacted(`${where}${error.message}`)}\n`);
    // A caret under a selector points at a column of the text above it: once redaction changed
    // that text, the caret would point elsewhere, and it is left out (the message names the column).
    let hint = error.hint === undefined ? undefined : redacted(error.hint);
    if (hint !== undefined && hint !== error.hint) hint = hint.split('\n').filter((line) => !/^\s*\^+\s*$/.test(line)).join('\n');
    if (hint?.includes('\n')) {
      // A multi-line hint (a caret under a selector) keeps its own alignment on lines of its own.
      stderr.write(`  hint:\n${hint.split('\n').map((line) => `    ${line}`).join('\n')}\n`);
    } else if (hint) stderr.write(`  hint: ${hint}\n`);
    return EXIT_USAGE;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(
    `tbt: internal error: this is a bug in tbt, not in your tests.\n${stack}\n` +
      'Please report it with the command you ran and this output.\n',
  );
  return EXIT_INTERNAL;
}
