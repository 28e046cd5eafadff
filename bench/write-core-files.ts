// Writes the core bench's input files into a folder, for profiling a command on them by hand:
// `node --import tsx bench/write-core-files.ts DIR` then `node --cpu-prof bin/tbt.js diff DIR/mix-100000-0.json DIR/mix-100000-1.json`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DETECTOR_CONFIG } from '../src/detect/index.ts';
import { DEFAULT_NORMALIZE_RULES } from '../src/normalize/index.ts';
import { readOfflineInput } from '../src/runner/offline-inputs.ts';
import { snapshotOfInput } from '../src/runner/trace-snapshot.ts';
import { renderSnapshot } from '../src/snapshot/index.ts';
import { otlpRun } from './otlp-files.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: write-core-files.ts DIR');
mkdirSync(dir, { recursive: true });
for (const spans of [10_000, 100_000]) {
  for (const run of [0, 1]) {
    const otlp = otlpRun('mix', spans, run);
    writeFileSync(path.join(dir, `mix-${spans}-${run}.json`), otlp.json);
    writeFileSync(path.join(dir, `mix-${spans}-${run}.pb`), otlp.protobuf);
  }
}
const a = path.join(dir, 'mix-100000-0.json');
writeFileSync(path.join(dir, 'mix-100000-0.trace.yaml'), renderSnapshot(snapshotOfInput(await readOfflineInput(a, dir), DEFAULT_NORMALIZE_RULES, DEFAULT_DETECTOR_CONFIG)));
console.log(`wrote the core bench's files into ${dir}`);
