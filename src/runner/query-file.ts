// `tbt query SELECTOR FILE` as a library call: the spans a selector matches in a trace file (or
// the nodes in a snapshot), with what they show of themselves redacted.
import { DEFAULT_NORMALIZE_RULES, knownSecretsOf, secretRedactor } from '../normalize/index.ts';
import { EMPTY_SCOPE, queryTree, type QueryMatch } from '../query/index.ts';
import { readOfflineInput, spanTreesOf } from './offline-inputs.ts';

export interface QueryFileOptions {
  readonly cwd: string;
  /** What `${env:X}` in the selector reads, and whose credential-named values never show. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function queryFile(selector: string, file: string, options: QueryFileOptions): Promise<QueryMatch[]> {
  const input = await readOfflineInput(file, options.cwd);
  const trees = input.kind === 'trace' ? spanTreesOf(input) : [input.canonical];
  // `${env:X}` in the selector reads tbt's own environment, as it does in test files.
  const scope = { ...EMPTY_SCOPE, env: options.env };
  // Selection runs on the raw spans; what is printed of them is redacted (credential keys too).
  const shown = secretRedactor(DEFAULT_NORMALIZE_RULES, knownSecretsOf(options.env));
  return trees.flatMap((tree) => queryTree(selector, tree, scope)).map((match) => ({
    ...match,
    name: shown.text(match.name),
    path: shown.text(match.path),
    attributes: Object.fromEntries(Object.entries(match.attributes).map(([key, value]) => [key, shown.value(key, value)])),
  }));
}
