#!/usr/bin/env node
// The executable: a thin shim that lets Node load tbt's TypeScript sources, then hands over.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/index.ts');
process.exitCode = await runCli(process.argv.slice(2));
