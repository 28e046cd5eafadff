// The core against the parse floor, end to end on files: `tbt diff A B` of two 100k-span OTLP JSON
// files (same shape, fresh ids), reading a 100k-span snapshot, `tbt diff SNAP B`, OTLP protobuf
// ingest, peak RSS and growth 10k → 100k. Each figure is a ratio to a floor measured in this run,
// in turns with it, so a busy machine moves both: the commands on the 100k files and their floor
// each alone in fresh processes (bench/diff-alone.ts), the rest in rounds in this process (see
// timeAgainst). Prints; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DETECTOR_CONFIG } from '../src/detect/index.ts';
import { decodeTraceFile } from '../src/ingest/index.ts';
import { exportTraceServiceRequestType } from '../src/ingest/otlp-schema.ts';
import { DEFAULT_NORMALIZE_RULES } from '../src/normalize/index.ts';
import { readOfflineInput } from '../src/runner/offline-inputs.ts';
import { snapshotOfInput } from '../src/runner/trace-snapshot.ts';
import { parseSnapshot, renderSnapshot } from '../src/snapshot/index.ts';
import { otlpRun } from './otlp-files.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'tbt-core-bench-'));
const gc = (globalThis as { gc?: () => void }).gc;

interface Timing {
  /** Wall-clock ms: best and median of the runs. */
  readonly best: number;
  readonly median: number;
  /** CPU ms (user + system) of this process: best and median. Steadier than wall time when other
   * work shares the cores, though it counts the GC's helper threads too. */
  readonly cpuBest: number;
  readonly cpuMedian: number;
}

function summarize(wall: number[], cpu: number[]): Timing {
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { best: wall[0] as number, median: wall[wall.length >> 1] as number, cpuBest: cpu[0] as number, cpuMedian: cpu[cpu.length >> 1] as number };
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** RUNS timed calls after one warm-up, each from a collected heap. */
async function time(run: () => unknown): Promise<Timing> {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gc?.();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await run();
    wall.push(performance.now() - started);
    cpu.push(cpuMs(cpuBefore));
  }
  return summarize(wall, cpu);
}

const floorOf = (...files: string[]) => () => {
  for (const file of files) JSON.parse(new TextDecoder().decode(readFileSync(file)));
};

interface Paired {
  readonly floor: Timing;
  readonly run: Timing;
  /** Medians of the per-round ratios run / floor. */
  readonly wallRatio: number;
  readonly cpuRatio: number;
}

/**
 * The floor and the command in turns, RUNS rounds after a warm-up of each: the load on a shared
 * machine drifts over seconds, so each round's ratio compares two runs made side by side, and
 * their median is the figure the goals are read against (best and median of each alone print too).
 */
async function timeAgainst(floorRun: () => unknown, run: () => unknown): Promise<Paired> {
  await floorRun();
  await run();
  const walls: [number[], number[]] = [[], []];
  const cpus: [number[], number[]] = [[], []];
  const wallRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [k, step] of [floorRun, run].entries()) {
      gc?.();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await step();
      walls[k as 0 | 1].push(performance.now() - started);
      cpus[k as 0 | 1].push(cpuMs(cpuBefore));
    }
    wallRatios.push((walls[1][i] as number) / (walls[0][i] as number));
    cpuRatios.push((cpus[1][i] as number) / (cpus[0][i] as number));
  }
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;
  return { floor: summarize(walls[0], cpus[0]), run: summarize(walls[1], cpus[1]), wallRatio: median(wallRatios), cpuRatio: median(cpuRatios) };
}

const ms = (t: Timing): string =>
  `wall ${t.best.toFixed(0).padStart(6)} ms best ${t.median.toFixed(0).padStart(6)} median; cpu ${t.cpuBest.toFixed(0).padStart(6)} best ${t.cpuMedian.toFixed(0).padStart(6)} median`;
const ratio = (t: Timing, floor: Timing): string =>
  `wall ×${(t.best / floor.best).toFixed(2)} best ×${(t.median / floor.median).toFixed(2)} median; cpu ×${(t.cpuBest / floor.cpuBest).toFixed(2)} best ×${(t.cpuMedian / floor.cpuMedian).toFixed(2)} median`;
const per = (floor: Timing, t: Timing): string =>
  `wall ×${(floor.best / t.best).toFixed(2)} best ×${(floor.median / t.median).toFixed(2)} median; cpu ×${(floor.cpuBest / t.cpuBest).toFixed(2)} best ×${(floor.cpuMedian / t.cpuMedian).toFixed(2)} median`;

// Two runs of the realistic mix, at 10k and 100k spans; the 100k snapshot comes from run A via
// `tbt show --snapshot`'s library function.
const files: Record<string, string> = {};
let protobuf: Uint8Array = new Uint8Array();
for (const spans of [10_000, 100_000]) {
  for (const run of [0, 1]) {
    const otlp = otlpRun('mix', spans, run);
    const file = path.join(dir, `mix-${spans}-${run}.json`);
    writeFileSync(file, otlp.json);
    files[`${spans}-${run}`] = file;
    if (spans === 100_000 && run === 0) protobuf = otlp.protobuf;
  }
}
const a100 = files['100000-0'] as string;
const b100 = files['100000-1'] as string;
const snapshotFile = path.join(dir, 'mix-100000-0.trace.yaml');
writeFileSync(snapshotFile, renderSnapshot(snapshotOfInput(await readOfflineInput(a100, dir), DEFAULT_NORMALIZE_RULES, DEFAULT_DETECTOR_CONFIG)));
const mb = (file: string): string => `${(readFileSync(file).length / 2 ** 20).toFixed(1)} MB`;
console.log(`files: OTLP JSON ${mb(a100)} each (100k spans), snapshot ${mb(snapshotFile)}, OTLP protobuf ${(protobuf.length / 2 ** 20).toFixed(1)} MB; ${RUNS} runs each in this process`);

const line = (label: string, t: Timing, note = ''): void => console.log(`${label.padEnd(34)} ${ms(t)}${note === '' ? '' : `\n${' '.repeat(36)}${note}`}`);

// `tbt diff A B`, `tbt diff SNAP B` and their floor, each alone in a fresh process
// (bench/diff-alone.ts: a warm-up, then 3 runs), in ROUNDS rounds of one process each, in an order
// that turns from round to round; a command's ratio in a round is to that round's floor. This
// process's heap and JIT feedback carry the file generation and the snapshot's detectors, and a
// floor run right after a command in one process measured what the command's heap left behind.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
type Side = { readonly cpu: number[]; readonly wall: number[] };
const alone = (side: 'floor' | 'diff', a: string, b: string): Side => {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(benchDir, 'diff-alone.ts'), side, a, b, dir, '3'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`diff-alone ${side} ${a} ${b} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Side;
};
const medianOf = (xs: readonly number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1] as number;
const kinds = {
  floor: () => alone('floor', a100, b100),
  diffAB: () => alone('diff', a100, b100),
  diffSnap: () => alone('diff', snapshotFile, b100),
};
type Kind = keyof typeof kinds;
const order: readonly Kind[] = ['floor', 'diffAB', 'diffSnap'];
const sides: Record<Kind, Side[]> = { floor: [], diffAB: [], diffSnap: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < order.length; k++) {
    const kind = order[(k + round) % order.length] as Kind;
    sides[kind].push(kinds[kind]());
  }
}
const timingOf = (runs: readonly Side[]): Timing => summarize(runs.flatMap((side) => side.wall), runs.flatMap((side) => side.cpu));
/** The command's per-round ratios to the floor, CPU and wall (medians of each process's runs). */
const roundRatios = (kind: Kind, of: 'cpu' | 'wall'): number[] =>
  sides[kind].map((side, round) => medianOf(side[of]) / medianOf((sides.floor[round] as Side)[of]));
const roundsNote = (kind: Kind, goal: string): string => {
  const cpu = roundRatios(kind, 'cpu');
  return `fresh processes, median of ${ROUNDS} rounds: cpu ×${medianOf(cpu).toFixed(2)}, wall ×${medianOf(roundRatios(kind, 'wall')).toFixed(2)} (${goal}); each round cpu ${cpu.map((r) => `×${r.toFixed(2)}`).join(' ')}`;
};
const floor2 = timingOf(sides.floor);
const diffAB = timingOf(sides.diffAB);
const diffSnap = timingOf(sides.diffSnap);
line('floor: read + JSON.parse of A, B', floor2);
line('tbt diff A B (100k)', diffAB, `${ratio(diffAB, floor2)} the floor\n${' '.repeat(36)}${roundsNote('diffAB', 'goal ≤ ×2.5')}`);
line('tbt diff SNAP B (100k)', diffSnap, `${ratio(diffSnap, floor2)} the floor of A, B\n${' '.repeat(36)}${roundsNote('diffSnap', 'goal ≤ ×3')}`);

// The snapshot read against a floor measured up front in this process, as in earlier passes.
const floor1 = await time(floorOf(a100));
line('floor: read + JSON.parse of A', floor1);
const readSnapshot = await time(() => parseSnapshot(readFileSync(snapshotFile, 'utf8'), snapshotFile));
line('snapshot read (100k)', readSnapshot, `${ratio(readSnapshot, floor1)} the floor of A`);

const ingestPaired = await timeAgainst(() => exportTraceServiceRequestType().decode(protobuf), () => decodeTraceFile(protobuf, 'a.pb'));
const bare = ingestPaired.floor;
const ingest = ingestPaired.run;
line('bare protobufjs decode', bare);
line('protobuf ingest (decodeTraceFile)', ingest, `throughput ${per(bare, ingest)} of the bare decode\n${' '.repeat(36)}paired, median of ${RUNS} rounds: throughput cpu ×${(1 / ingestPaired.cpuRatio).toFixed(2)}, wall ×${(1 / ingestPaired.wallRatio).toFixed(2)} of the bare decode (goal ≥ ×0.5)`);

// The 10k diff alone in a fresh process too, as the 100k one was.
const diff10 = timingOf([alone('diff', files['10000-0'] as string, files['10000-1'] as string)]);
line('tbt diff A B (10k)', diff10, `growth 10k → 100k: wall ×${(diffAB.median / diff10.median).toFixed(1)} median, cpu ×${(diffAB.cpuMedian / diff10.cpuMedian).toFixed(1)} median (goal ≤ ×11)`);

// Peak RSS of one 100k diff, alone in a fresh process.
const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'diff-once.ts'), a100, b100, dir], { encoding: 'utf8' });
if (child.status !== 0) throw new Error(`diff-once failed: ${child.stderr}`);
const once = JSON.parse(child.stdout) as { ms: number; cpuMs: number; maxRssMb: number };
console.log(`peak RSS of tbt diff A B (100k)     ${once.maxRssMb.toFixed(0)} MB in its own process (goal ≤ 1024 MB; that run: wall ${once.ms.toFixed(0)} ms, cpu ${once.cpuMs.toFixed(0)} ms, cold)`);
rmSync(dir, { recursive: true, force: true });
