// The few helpers every stage shares (DESIGN.md's layout): durations, atomic writes, YAML
// positions, JSON syntax errors, the clock-noise bound, the process guardian's source, interned
// pair ids, sorting short lists. Common imports nothing but model, and is pure except for its one
// file-writing module.
export {
  DURATION_UNIT_NANOS,
  DURATION_UNIT_PATTERN,
  durationMs,
  formatDurationMs,
  isDurationUnit,
  readDurationMs,
} from './duration.ts';
export { TEMP_FILE_NAME, tempFileFor, makeDirectory, makeDirectorySync, writeFileAtomic, writeFileAtomicSync } from './atomic-write.ts';
export { firstYamlError, locationAt, locationOf } from './yaml-position.ts';
/** JSON.parse's reason without V8's quoted excerpt of the text (it may hold a secret), and where. */
export { describeJsonSyntax } from './json-syntax.ts';
/** Overlaps shorter than this (1 ms) are clock noise, not concurrency. */
export { CLOCK_NOISE_NS } from './clock-noise.ts';
/** The source of the process guardian that ends a command's process group when tbt dies. */
export { GUARDIAN_SOURCE } from './process-guardian.ts';
/** Ids for ordered pairs of integers, from typed-array tables (no allocation per lookup). */
export { MAX_PAIR_PART, PairIds } from './pair-ids.ts';
/** A map's own keys, sorted (no sort when they already are); an in-place sort that allocates nothing for short lists. */
export { sortedKeys, sortInPlace } from './sorted-keys.ts';
/** Sets a key on a map being built so that a key named `__proto__` stays data. */
export { freeKey, orderAlikeValues, setOwnKey } from './own-key.ts';
/** Why a file could not be read, in words (`no such file`, `a directory, not a file`). */
export { whyUnreadable } from './unreadable.ts';
