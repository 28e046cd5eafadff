// The snapshot file format's fixed points, shared by render and parse: schema version, key
// names and order, the duration notation, and the depth at which nesting continues elsewhere.

/**
 * The newest schema this tbt writes and reads. A newer file is refused with a hint to upgrade.
 * Schema 2 adds what recording learned (`count: 0..1`, `learned:`); a snapshot without learned
 * facts is still written as schema 1, so older snapshots stay byte-identical and an older tbt
 * gets the upgrade hint only for files it cannot read.
 */
export const SNAPSHOT_SCHEMA_VERSION = 2;

/** The schema of a snapshot that holds nothing learned. */
export const PLAIN_SCHEMA_VERSION = 1;

/** Header keys, in file order; `detector_findings` and `continued` are omitted when empty. */
export const HEADER_KEYS = ['tbt_snapshot', 'id', 'test', 'file', 'trigger', 'normalize', 'spans', 'detector_findings', 'tree', 'continued'] as const;

/** Node keys, in file order. `children_ref` replaces `children` past NESTING_LIMIT. */
export const NODE_KEYS = ['span', 'service', 'kind', 'count', 'status', 'attributes', 'events', 'learned', 'duration', 'concurrent', 'children', 'children_ref'] as const;

/** Keys of a node's `learned:` map (written in this, alphabetical, order). */
export const LEARNED_KEYS = ['counts', 'masked', 'seen'] as const;

/**
 * Span depth past which a node's children are written under the top-level `continued:` list
 * (`children_ref: K` points at entry K), so that a pathological 100k-deep chain still renders
 * in bounded indentation and parses without deep recursion. Real traces never get near it.
 */
export const NESTING_LIMIT = 32;

/** A flow collection (`{ a: 1 }`) is used when its one-line form fits in this many characters. */
export const FLOW_WIDTH = 80;

export const FILE_COMMENT = ' tbt trace snapshot: written by `tbt record` / `tbt verify --update`; review it like code.';

/** `42ms`, `1.234ms`, `0ms`: milliseconds to the microsecond, trailing zeros dropped. */
export function formatDuration(ms: number): string {
  const fixed = (Math.round(ms * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${fixed === '-0' ? '0' : fixed}ms`;
}

/** The inverse of formatDuration; undefined when the text is not in that notation. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d{1,3})?)ms$/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
