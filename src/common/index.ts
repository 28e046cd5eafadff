// The few helpers every stage shares (DESIGN.md's layout): durations, atomic writes, YAML
// positions, the process guardian's source. Common imports nothing but model, and is pure except
// for its one file-writing module.
export {
  DURATION_UNIT_NANOS,
  DURATION_UNIT_PATTERN,
  durationMs,
  formatDurationMs,
  isDurationUnit,
  readDurationMs,
  type DurationUnit,
} from './duration.ts';
export { TEMP_FILE_NAME, tempFileFor, writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions } from './atomic-write.ts';
export { firstYamlError, locationAt, locationOf, type LinePositions, type RangedNode, type YamlErrors } from './yaml-position.ts';
/** The source of the process guardian that ends a command's process group when tbt dies. */
export { GUARDIAN_SOURCE } from './process-guardian.ts';
