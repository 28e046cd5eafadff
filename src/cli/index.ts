// The command line: parse argv, run one command, and map every outcome to an exit code
// (0 ok, 1 drift or failed tests, 2 usage or input errors, 3 bugs).
import { buildProgram, CommanderError } from './program.ts';
import { EXIT_OK, EXIT_USAGE, reportError } from './errors.ts';
import { processIo, redactingIo, type CliIo } from './io.ts';

/** Prints an error the way the CLI does and returns its exit code (2 for TbtError, 3 for a bug); bin/tbt.js uses it. */
export { reportError } from './errors.ts';

/** Runs tbt with `argv` (without `node` and the script) and resolves to the exit code. */
export async function runCli(argv: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  // No secret reaches the terminal, whatever printed it.
  const io = redactingIo(rawIo);
  let result = EXIT_OK;
  const program = buildProgram(io, (code) => {
    result = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    return reportError(error, io.stderr);
  }
}
