// Reads what the offline commands take: a trace file in any supported format, or a snapshot, and
// the config they read settings from. Decoding and parsing belong to ingest and snapshot; this
// only reads the bytes and picks one.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { whyUnreadable } from '../common/index.ts';
import { loadConfig } from '../config/index.ts';
import { decodeTraceFile } from '../ingest/index.ts';
import { TbtError, type CanonicalTree, type SpanTree, type TbtConfig, type Trace } from '../model/index.ts';
import { buildSpanTree, Canonicalizer, knownSecretsOf, type SecretRedactor } from '../normalize/index.ts';
import { parseSnapshot } from '../snapshot/index.ts';

export type OfflineInput =
  | { readonly kind: 'snapshot'; readonly file: string; readonly canonical: CanonicalTree; readonly detectorFindingKeys: readonly string[] }
  | { readonly kind: 'trace'; readonly file: string; readonly format: string; readonly traces: readonly Trace[] };

/** Where an offline command starts, which config it reads, and who hears about repaired inputs. */
export interface OfflineOptions {
  /** Where relative paths start. */
  readonly cwd: string;
  /** The config file; default the nearest tbt.config.yaml from `cwd` upwards. */
  readonly configPath?: string;
  /** What ingest repaired or could not place in a trace file (clock skew, missing parents). */
  readonly onWarning?: (file: string, warning: string) => void;
  /** The environment, whose credential-named values (and the config `env:`'s) never show. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The values an offline command hides wherever they occur: those of the credential-named
 * variables of its environment and of the config's `env:` (a run would hand those to services).
 */
export function offlineSecrets(options: OfflineOptions, config: TbtConfig): string[] {
  return knownSecretsOf(options.env ?? {}, config.env);
}

/** The config an offline command reads its normalize rules, tolerances and thresholds from. */
export function loadOfflineConfig(options: OfflineOptions): Promise<TbtConfig> {
  return loadConfig({ cwd: options.cwd, ...(options.configPath ? { configPath: options.configPath } : {}) });
}

/**
 * An input, after its warnings were told to `options.onWarning`, redacted by `redactor`: they
 * quote span and service names (clock skew, missing parents) and a producer's own warnings.
 */
export async function readInputReportingWarnings(file: string, options: OfflineOptions, redactor: SecretRedactor): Promise<OfflineInput> {
  const input = await readOfflineInput(file, options.cwd);
  if (input.kind === 'trace' && options.onWarning) {
    for (const trace of input.traces) for (const warning of trace.warnings) options.onWarning(input.file, redactor.text(warning));
  }
  return input;
}

export async function readOfflineInput(file: string, cwd: string): Promise<OfflineInput> {
  const absolute = path.resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    // A device (`/dev/zero`, `/dev/urandom`) may never end; a file or a pipe (`<(…)`) does.
    const kind = await stat(absolute);
    if (kind.isCharacterDevice() || kind.isBlockDevice()) throw new TbtError('io', 'a device, not a file', { location: { file } });
    bytes = await readFile(absolute);
  } catch (error) {
    if (error instanceof TbtError) throw error;
    // The location already names the file: the message says only what is wrong with it.
    const why = whyUnreadable(error);
    const reason = why === 'no such file' || why === 'a directory, not a file' ? why : `cannot read it (${why})`;
    throw new TbtError('io', reason, { location: { file } });
  }
  if (/\.ya?ml$/i.test(file)) {
    const snapshot = parseSnapshot(new TextDecoder().decode(bytes), file);
    return { kind: 'snapshot', file, canonical: snapshot.tree, detectorFindingKeys: snapshot.detectorFindings };
  }
  const decoded = decodeTraceFile(bytes, file);
  if (decoded.traces.length === 0) throw new TbtError('input', 'the file holds no spans', { location: { file } });
  return { kind: 'trace', file, format: decoded.format, traces: decoded.traces };
}

/** The raw trees of a trace input, one per trace. Snapshots have none (they hold no raw spans). */
export function spanTreesOf(input: OfflineInput): SpanTree[] {
  return input.kind === 'trace' ? input.traces.map(buildSpanTree) : [];
}

/**
 * The canonical tree of an input; a file with several traces gives each trace's roots in turn.
 * `last`: no input follows this one through the same canonicalizer (see Canonicalizer).
 */
export function canonicalTreeOf(input: OfflineInput, canonicalizer: Canonicalizer, options: { readonly last?: boolean } = {}): CanonicalTree {
  return input.kind === 'snapshot' ? input.canonical : canonicalTreeOfTrees(spanTreesOf(input), canonicalizer, options);
}

/** The canonical tree of a file's span trees: each tree's roots in turn, through one canonicalizer. */
export function canonicalTreeOfTrees(trees: readonly SpanTree[], canonicalizer: Canonicalizer, { last = true }: { readonly last?: boolean } = {}): CanonicalTree {
  if (trees.length === 1) return canonicalizer.canonicalize(trees[0] as SpanTree, { last });
  return { roots: trees.flatMap((tree, i) => canonicalizer.canonicalize(tree, { last: last && i === trees.length - 1 }).roots) };
}
