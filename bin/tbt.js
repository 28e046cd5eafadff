#!/usr/bin/env node
// The executable: hands over to the compiled CLI in dist/ (built by `npm run build`, which
// `prepare` runs on npm ci and on install from git). No TypeScript loader at run time.
import { existsSync } from 'node:fs';

// A reader that stops early (`tbt show big.json | head`) closes the pipe: the rest of the output
// has nowhere to go, but the command still finishes (and stops its services) with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tbt: dist/ is missing: this clone was never built. Run `npm run build` (or `npm ci`) first.\n');
  process.exit(2);
}
const { runCli, reportError } = await import(entry.href);
// An error nobody caught is a bug in tbt: exit 3 with its stack, never 1, which CI reads as drift.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (error) => process.exit(reportError(error, process.stderr)));
}
process.exitCode = await runCli(process.argv.slice(2));
