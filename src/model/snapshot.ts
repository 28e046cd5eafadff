// A snapshot file's content as data: the header that says where it came from, plus the
// canonical tree. The snapshot stage renders and parses it; diff compares its tree.
import type { CanonicalTree } from './tree.ts';

export interface Snapshot {
  /** The test's id (also the file name: `<id>.trace.yaml`). */
  readonly id: string;
  /** The test's name, as written. */
  readonly test: string;
  /** The file that defines the test, relative to the config's root. */
  readonly file: string;
  /** A one-line summary of the trigger, free of volatile values (`POST ${env:GATEWAY_URL}/checkout`). */
  readonly trigger: string;
  /** `normalizeFingerprint` of the rules the tree was normalized with. */
  readonly normalize: string;
  /** Keys of the detector findings the golden run had, so verify reports only new ones. */
  readonly detectorFindings: readonly string[];
  readonly tree: CanonicalTree;
}
