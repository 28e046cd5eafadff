// `tbt diff A B` and its floor (read + JSON.parse of A and B) in turns, in a fresh process that
// does nothing else: the bench's own process has generated the files and made a snapshot (with
// the detectors), which leaves its heap and the JIT's type feedback unlike a user's `tbt diff`.
// One warm-up of each, then ROUNDS rounds of floor then diff, each from a collected heap.
// Prints `{ "floorCpu": […], "floorWall": […], "diffCpu": […], "diffWall": […] }` on stdout.
import { readFileSync } from 'node:fs';
import { runDiff } from '../src/cli/commands/offline.ts';

const [a, b, cwd, rounds] = process.argv.slice(2);
if (a === undefined || b === undefined) throw new Error('usage: diff-paired.ts A B [cwd] [rounds]');
const gc = (globalThis as { gc?: () => void }).gc;
const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: cwd ?? process.cwd() };
const floor = (): void => {
  for (const file of [a, b]) JSON.parse(new TextDecoder().decode(readFileSync(file)));
};
const diff = async (): Promise<void> => {
  const code = await runDiff(a, b, { color: false }, io);
  if (code !== 0) throw new Error(`expected no drift, got exit ${code}`);
};
const out = { floorCpu: [] as number[], floorWall: [] as number[], diffCpu: [] as number[], diffWall: [] as number[] };
floor();
await diff();
for (let i = 0; i < Number(rounds ?? 5); i++) {
  for (const [step, cpu, wall] of [[floor, out.floorCpu, out.floorWall], [diff, out.diffCpu, out.diffWall]] as const) {
    gc?.();
    const before = process.cpuUsage();
    const started = performance.now();
    await step();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
