// Start-up: `tbt --help` (the built bin) against a bare `node -e 0`, median of 10 runs each,
// interleaved so both see the same machine load. Prints the figures and their ratio; asserts
// nothing. Run: npm run bench -- startup
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'tbt.js');
const RUNS = 10;

spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), '--if-stale'], { stdio: 'inherit' });

function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return ((sorted[RUNS / 2 - 1] ?? 0) + (sorted[RUNS / 2] ?? 0)) / 2;
};

const bare: number[] = [];
const help: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  bare.push(timeOnce(['-e', '0']));
  help.push(timeOnce([bin, '--help']));
}
const bareMs = median(bare);
const helpMs = median(help);
console.log(`node -e 0      median of ${RUNS}: ${bareMs.toFixed(0)} ms`);
console.log(`tbt --help     median of ${RUNS}: ${helpMs.toFixed(0)} ms`);
console.log(`ratio: ${(helpMs / bareMs).toFixed(2)}× (target ≤ 2×)`);
