#!/usr/bin/env node
// The executable: a thin shim that lets Node load tbt's TypeScript sources, then hands over.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`tbt show big.json | head`) closes the pipe: the rest of the output
// has nowhere to go, but the command still finishes (and stops its services) with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const { runCli, reportError } = await import('../src/cli/index.ts');
// An error nobody caught is a bug in tbt: exit 3 with its stack, never 1, which CI reads as drift.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => process.exit(reportError(error, process.stderr)));
}
process.exitCode = await runCli(process.argv.slice(2));
