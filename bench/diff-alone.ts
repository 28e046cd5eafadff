// One side of `tbt diff A B` against its floor, alone in a fresh process: `floor` reads and
// JSON.parses A and B, `diff` runs the command. One warm-up, then ROUNDS runs, each from a
// collected heap. Prints `{ "cpu": […], "wall": […] }` on stdout.
//
// Each side gets a process of its own because a floor run in the same process right after the
// command measured what the command's heap left behind: the same floor took 0.88 s of CPU after
// one build of tbt and 1.19 s after another, whose command took the same time (issue 14).
import { readFileSync } from 'node:fs';
import { runDiff } from '../src/cli/commands/offline.ts';

const [side, a, b, cwd, rounds] = process.argv.slice(2);
if ((side !== 'floor' && side !== 'diff') || a === undefined || b === undefined) throw new Error('usage: diff-alone.ts floor|diff A B [cwd] [rounds]');
const gc = (globalThis as { gc?: () => void }).gc;
const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: cwd ?? process.cwd() };
const floor = (): void => {
  for (const file of [a, b]) JSON.parse(new TextDecoder().decode(readFileSync(file)));
};
const diff = async (): Promise<void> => {
  const code = await runDiff(a, b, { color: false }, io);
  if (code !== 0) throw new Error(`expected no drift, got exit ${code}`);
};
const step = side === 'floor' ? floor : diff;
const out = { cpu: [] as number[], wall: [] as number[] };
await step();
for (let i = 0; i < Number(rounds ?? 3); i++) {
  gc?.();
  const before = process.cpuUsage();
  const started = performance.now();
  await step();
  out.wall.push(performance.now() - started);
  const used = process.cpuUsage(before);
  out.cpu.push((used.user + used.system) / 1000);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
