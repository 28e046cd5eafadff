// `tbt show FILE` as a library call: a trace file or snapshot as its canonical tree, or as a whole
// snapshot (header and tree) ready to commit as a golden.
import type { CanonicalTree, Snapshot } from '../model/index.ts';
import { Canonicalizer, secretRedactor } from '../normalize/index.ts';
import { canonicalTreeOf, loadOfflineConfig, offlineSecrets, readInputReportingWarnings, type OfflineOptions } from './offline-inputs.ts';
import { detectorsOf, normalizeRulesOf } from './run-settings.ts';
import { snapshotOfInput } from './trace-snapshot.ts';

/** The file's canonical tree, normalized with the config's rules. */
export async function canonicalTreeOfFile(file: string, options: OfflineOptions): Promise<CanonicalTree> {
  const config = await loadOfflineConfig(options);
  const rules = normalizeRulesOf(config);
  const knownSecrets = offlineSecrets(options, config);
  const input = await readInputReportingWarnings(file, options, secretRedactor(rules, knownSecrets));
  return canonicalTreeOf(input, new Canonicalizer(rules, { knownSecrets }));
}

/** The file as a snapshot: its tree with the config's rules, and its detector findings. */
export async function snapshotOfFile(file: string, options: OfflineOptions): Promise<Snapshot> {
  const config = await loadOfflineConfig(options);
  const rules = normalizeRulesOf(config);
  const knownSecrets = offlineSecrets(options, config);
  const input = await readInputReportingWarnings(file, options, secretRedactor(rules, knownSecrets));
  return snapshotOfInput(input, rules, detectorsOf(config), knownSecrets);
}
