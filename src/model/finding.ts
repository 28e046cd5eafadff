// Findings: the facts a run reports (drift, detector diagnoses, failed assertions). They are
// values, never thrown.
import type { SpanPath } from './path.ts';

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

export type DiffFindingKind =
  | 'missing'
  | 'unexpected'
  | 'count-changed'
  | 'attribute-added'
  | 'attribute-removed'
  | 'attribute-changed'
  | 'status-changed'
  | 'moved'
  | 'renamed'
  | 'order-changed'
  | 'duration-exceeded'
  | 'response-changed';

export type DetectorFindingKind =
  | 'n-plus-one'
  | 'duplicate-call'
  | 'retry'
  | 'new-error'
  | 'fan-out'
  | 'slowness-locus';

export type FindingKind = DiffFindingKind | DetectorFindingKind | 'assertion-failed';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** Where in the tree: the span the finding is about (for `missing`, where it was expected). */
  readonly path: SpanPath;
  /** One line a person can read, without the path. */
  readonly message: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  /** The tolerance that was applied, as the user would write it (`×3 + 50ms`, `1..3`). */
  readonly tolerance?: string;
  /** True when a tolerance hid this drift: shown only in verbose output, never failing. */
  readonly suppressed?: boolean;
  /**
   * Set when what recording learned from several runs absorbed this drift (`seen 2/3 runs`,
   * `counts [2, 3]`, `masked: 3 values in 3 runs`); then `suppressed` is true as well.
   */
  readonly learned?: string;
  /** A detector's diagnosis attached to the diff finding it explains (N+1 on a count change). */
  readonly diagnosis?: string;
  /** A stable key (rule, path, call) so the same finding can be recognised across runs. */
  readonly key?: string;
}
