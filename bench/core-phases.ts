// Where `tbt diff A B` spends its CPU, phase by phase, on the core bench's files (written by
// bench/write-core-files.ts): read + JSON.parse, OTLP to spans, grouping, span tree, canonicalize,
// diff. Warm (one untimed round first), CPU ms per phase (both files), best of BENCH_RUNS rounds. Prints; asserts nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_TOLERANCES, diffTrees } from '../src/diff/index.ts';
import { decodeOtlpJsonValue } from '../src/ingest/otlp-json.ts';
import { groupSpansIntoTraces } from '../src/ingest/group-traces.ts';
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES } from '../src/normalize/index.ts';
import type { CanonicalTree, Trace } from '../src/model/index.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: core-phases.ts DIR [spans]');
const spans = process.argv[3] ?? '100000';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const files = [path.join(dir, `mix-${spans}-0.json`), path.join(dir, `mix-${spans}-1.json`)];
const gc = (globalThis as { gc?: () => void }).gc;
// Per phase, the best over rounds of its sum within a round (both files).
const best = new Map<string, number>();
let round = new Map<string, number>();

function phase<T>(name: string, run: () => T): T {
  const before = process.cpuUsage();
  const out = run();
  const used = process.cpuUsage(before);
  round.set(name, (round.get(name) ?? 0) + (used.user + used.system) / 1000);
  return out;
}

for (let at = 0; at <= RUNS; at++) {
  gc?.();
  round = new Map();
  const trees: CanonicalTree[] = [];
  for (const file of files) {
    const value = phase('read + JSON.parse', () => JSON.parse(new TextDecoder().decode(readFileSync(file))) as unknown);
    const raw = phase('OTLP to spans', () => decodeOtlpJsonValue(value));
    const [trace] = phase('group into traces', () => groupSpansIntoTraces(raw));
    const tree = phase('span tree', () => buildSpanTree(trace as Trace));
    trees.push(phase('canonicalize', () => canonicalize(tree, DEFAULT_NORMALIZE_RULES)));
  }
  const findings = phase('diff', () => diffTrees(trees[0] as CanonicalTree, trees[1] as CanonicalTree, { tolerances: DEFAULT_TOLERANCES }));
  if (findings.length !== 0) throw new Error(`expected no drift, got ${findings.length} findings`);
  // Round 0 warms the JIT up and is not counted.
  if (at > 0) for (const [name, ms] of round) best.set(name, Math.min(best.get(name) ?? Infinity, ms));
}
const floor = best.get('read + JSON.parse') ?? 1;
let total = 0;
for (const [name, ms] of best) {
  total += ms;
  console.log(`${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms cpu  ×${(ms / floor).toFixed(2)} the floor`);
}
console.log(`${'sum'.padEnd(20)} ${total.toFixed(0).padStart(6)} ms cpu  ×${(total / floor).toFixed(2)} the floor`);
