// Tolerances: how much drift diff lets pass, resolved from the `tolerances:` section of the config
// and of a test. Parsing and validation live in src/diff; this file only holds the resolved shape.
//
// The YAML a user writes (every key optional; a test's section overrides the config's):
//
//   tolerances:
//     duration: x3 + 50ms        # or ×3 + 50ms, ×2, + 200ms, off. Only slower spans drift.
//     count: exact               # or ±1 (also +-1), or 1..3 (the count must fall in the range)
//     attributes:
//       ignore: [http.response.header.date, "net.sock.*"]    # `*` is a wildcard
//       match: { db.query.text: "^SELECT" }                # a change is fine if both values match
//       numeric: { http.response.body.size: 10 }           # numbers may differ by at most 10
//     optional:                  # spans whose coming, going or repeating is never drift
//       connections: true        # default: connects, DNS lookups, session SET/SHOW statements
//       spans: ["pool.acquire", "knex.*"]   # more span names (`*` is a wildcard)
//     rules:                     # per selector (the query language); later rules win
//       - selector: span[name="charge"]
//         count: 1..3
//         allowExtraChildren: true   # spans under it may appear or repeat (retries)
//         duration: off
//         attributes: { ignore: [payment.attempt] }
//       - selector: span[service.name="analytics"]
//         ignore: subtree            # report nothing there (findings kept as suppressed)
//
// A per-test section merges into the config's: `count` and `duration` replace, attribute
// `ignore` lists add up, `match` and `numeric` entries override key by key, `rules` append,
// `optional.connections` replaces and `optional.spans` add up.
import type { SourceLocation } from './test-definition.ts';

/** How a span's count may differ from the golden run's. */
export type CountTolerance =
  | { readonly kind: 'exact' }
  /** The current count must be within `min..max`, inclusive, whatever the golden count was. */
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  /** The current count may differ from the golden one by at most `delta`. */
  | { readonly kind: 'delta'; readonly delta: number };

/** How much slower than the golden run a span may be: `golden × factor + slackMs`. */
export type DurationTolerance =
  | { readonly kind: 'off' }
  | { readonly kind: 'scaled'; readonly factor: number; readonly slackMs: number };

export interface AttributeTolerance {
  /** Attribute keys never compared; `*` matches any run of characters. */
  readonly ignore: readonly string[];
  /** Key → regular expression source: a changed value passes when both values match it. */
  readonly match: Readonly<Record<string, string>>;
  /** Key → largest allowed absolute difference between two numbers. */
  readonly numeric: Readonly<Record<string, number>>;
}

/** Tolerances for the spans a selector picks, in either tree. */
export interface ToleranceRule {
  readonly selector: string;
  readonly count?: CountTolerance;
  readonly duration?: DurationTolerance;
  readonly attributes?: AttributeTolerance;
  /** Children that appear, or repeat more often, under these spans are allowed (retries). */
  readonly allowExtraChildren?: boolean;
  /** Everything at and under these spans is reported only as suppressed. */
  readonly ignoreSubtree?: boolean;
  /** Where the rule was written, for messages about it. */
  readonly location?: SourceLocation;
}

/** Spans that may come and go (or repeat) without drift: shown in verbose output only. */
export interface OptionalSpans {
  /** Connection set-up spans a driver emits depending on pool state (normalize's isConnectionSetup). */
  readonly connections: boolean;
  /** Span-name globs (`*` is a wildcard), matched on the canonical name. */
  readonly spans: readonly string[];
}

export interface Tolerances {
  readonly count: CountTolerance;
  readonly duration: DurationTolerance;
  readonly attributes: AttributeTolerance;
  readonly rules: readonly ToleranceRule[];
  /** Absent: connection set-up spans are optional, nothing else is. */
  readonly optional?: OptionalSpans;
}
