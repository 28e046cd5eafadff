// `tbt lint FILE…` as a library call: the detectors (N+1, duplicates, retries, errors) on trace
// files, with the config's thresholds, on copies of the traces with their secrets redacted.
import { lintTrees, type LintInput, type LintReport } from '../detect/index.ts';
import { TbtError } from '../model/index.ts';
import { buildSpanTree, redactTrace, secretRedactor } from '../normalize/index.ts';
import { loadOfflineConfig, offlineSecrets, readInputReportingWarnings, type OfflineOptions } from './offline-inputs.ts';
import { detectorsOf, normalizeRulesOf } from './run-settings.ts';

export interface LintFilesOptions extends OfflineOptions {
  /** `--min-repeats`: the N+1 threshold over the config's (a whole number ≥ 2). */
  readonly minRepeats?: number;
  /** Whose credential-named variables' values never show in a finding. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function lintFiles(files: readonly string[], options: LintFilesOptions): Promise<LintReport> {
  const config = await loadOfflineConfig(options);
  const detectors = detectorsOf(config, options.minRepeats !== undefined ? { minRepeats: options.minRepeats } : {});
  const shown = secretRedactor(normalizeRulesOf(config), offlineSecrets(options, config));
  const inputs: LintInput[] = [];
  for (const file of files) {
    const input = await readInputReportingWarnings(file, options, shown);
    if (input.kind === 'snapshot') {
      throw new TbtError('usage', `${file} is a snapshot; lint needs a trace file with timings (OTLP, Jaeger or Zipkin)`);
    }
    // Findings quote spans after masking their ids, which would break a secret's shape apart:
    // lint reads a redacted copy of each trace.
    for (const trace of input.traces) inputs.push({ file, tree: buildSpanTree(redactTrace(trace, shown)) });
  }
  return lintTrees(inputs, detectors);
}
