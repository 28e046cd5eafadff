// How diff paired the spans of a golden and a current canonical tree. Stages that need "this
// span, then and now" (detect's slowness locus, report's waterfall) read diff's pairs instead of
// matching again, so that a span is compared with the one its findings were about.
import type { CanonicalNode } from './tree.ts';

/**
 * The golden ↔ current pairs of one diff: by identity, by rename, and subtrees that moved to
 * another parent. A span without a partner was unexpected, or one more of a repeated call whose
 * count diff compared on a sibling. Keyed by node object: a node object that appears at two
 * places in one tree has the partner of the last of them.
 */
export interface SpanMatching {
  /** The golden span that `current` was matched with, if any. */
  goldenOf(current: CanonicalNode): CanonicalNode | undefined;
}
