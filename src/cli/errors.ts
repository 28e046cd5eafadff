// The one place that turns a thrown error into words and an exit code: 2 for what the user can
// fix, 3 for a bug (with the stack, so that it can be reported), never 1, which means drift.
import { TbtError, formatLocation } from '../model/index.ts';
import type { OutputStream } from './io.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export function reportError(error: unknown, stderr: OutputStream): number {
  if (error instanceof TbtError) {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    stderr.write(`tbt: error: ${where}${error.message}\n`);
    if (error.hint?.includes('\n')) {
      // A multi-line hint (a caret under a selector) keeps its own alignment on lines of its own.
      stderr.write(`  hint:\n${error.hint.split('\n').map((line) => `    ${line}`).join('\n')}\n`);
    } else if (error.hint) stderr.write(`  hint: ${error.hint}\n`);
    return EXIT_USAGE;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(
    `tbt: internal error: this is a bug in tbt, not in your tests.\n${stack}\n` +
      'Please report it with the command you ran and this output.\n',
  );
  return EXIT_INTERNAL;
}
