// `tbt show FILE` as a library call: a trace file or snapshot as its canonical tree, or as a whole
// snapshot (header and tree) ready to commit as a golden.
import type { CanonicalTree, Snapshot } from '../model/index.ts';
import { Canonicalizer, secretRedactor } from '../normalize/index.ts';
import { canonicalTreeOf, loadOfflineConfig, readInputReportingWarnings, type OfflineOptions } from './offline-inputs.ts';
import { detectorsOf, normalizeRulesOf } from './run-settings.ts';
import { snapshotOfInput } from './trace-snapshot.ts';

/** The file's canonical tree, normalized with the config's rules. */
export async function canonicalTreeOfFile(file: string, options: OfflineOptions): Promise<CanonicalTree> {
  const rules = normalizeRulesOf(await loadOfflineConfig(options));
  const input = await readInputReportingWarnings(file, options, secretRedactor(rules));
  return canonicalTreeOf(input, new Canonicalizer(rules));
}

/** The file as a snapshot: its tree with the config's rules, and its detector findings. */
export async function snapshotOfFile(file: string, options: OfflineOptions): Promise<Snapshot> {
  const config = await loadOfflineConfig(options);
  const rules = normalizeRulesOf(config);
  const input = await readInputReportingWarnings(file, options, secretRedactor(rules));
  return snapshotOfInput(input, rules, detectorsOf(config));
}
