// `tbt query SELECTOR FILE` as a library call: the spans a selector matches in a trace file (or
// the nodes in a snapshot), with what they show of themselves redacted.
import type { JsonValue } from '../model/index.ts';
import { secretRedactor } from '../normalize/index.ts';
import { EMPTY_SCOPE, queryTree, type QueryMatch } from '../query/index.ts';
import { loadOfflineConfig, offlineSecrets, readInputReportingWarnings, spanTreesOf, type OfflineOptions } from './offline-inputs.ts';
import { normalizeRulesOf } from './run-settings.ts';

export interface QueryFileOptions extends OfflineOptions {
  /** What `${env:X}` in the selector reads, and whose credential-named values never show. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function queryFile(selector: string, file: string, options: QueryFileOptions): Promise<QueryMatch[]> {
  // What is printed goes through the secret rules a snapshot would: the config's own `redact:`
  // rules too, not only the built-in ones.
  const config = await loadOfflineConfig(options);
  const shown = secretRedactor(normalizeRulesOf(config), offlineSecrets(options, config));
  const input = await readInputReportingWarnings(file, options, shown);
  const trees = input.kind === 'trace' ? spanTreesOf(input) : [input.canonical];
  // `${env:X}` in the selector reads tbt's own environment, as it does in test files.
  const scope = { ...EMPTY_SCOPE, env: options.env };
  // Selection runs on the raw spans; what is printed of them is redacted, keys as well as values.
  return trees.flatMap((tree) => queryTree(selector, tree, scope)).map((match) => ({
    ...match,
    name: shown.field('span.name', match.name),
    // A service's name is redacted as a name, as the path shows it (whole, for a value pattern).
    service: shown.field('span.name', match.service),
    path: shown.path(match.path),
    attributes: shown.value(undefined, match.attributes as Record<string, JsonValue>) as Readonly<Record<string, JsonValue>>,
  }));
}
