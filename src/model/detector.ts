// The detect stage's data: its resolved thresholds and the evidence a detector finding carries,
// so reporters and `tbt lint --json` can print counts and durations without parsing messages.
import type { DetectorFindingKind, Finding, Severity } from './finding.ts';
import type { PathSegment, SpanPath } from './path.ts';

/** Whether a rule runs, and how loud its findings are. */
export interface DetectorRuleConfig {
  readonly enabled: boolean;
  readonly severity: Severity;
}

/** The `detectors:` section of the config, resolved, every default filled in. */
export interface DetectorConfig {
  /** Sequential repeats of one call shape with different parameters. */
  readonly nPlusOne: DetectorRuleConfig & { readonly minRepeats: number };
  /** Concurrent repeats of one call shape (reported, never an N+1). */
  readonly fanOut: DetectorRuleConfig & { readonly minRepeats: number };
  /** The same call with the same parameters, more than once under one parent. */
  readonly duplicate: DetectorRuleConfig;
  /** An identical call right after a sibling that ended in ERROR. */
  readonly retry: DetectorRuleConfig;
  /** A span with status ERROR or an exception event, named where it originates. */
  readonly newError: DetectorRuleConfig;
  /** In verify: the descendant whose self time grew the most under a slower span. */
  readonly slownessLocus: DetectorRuleConfig & { readonly minGrowthMs: number };
}

/**
 * What a detector saw, as plain JSON-safe data. Which fields are set depends on the rule; all
 * durations are milliseconds.
 */
export interface DetectorEvidence {
  readonly rule: DetectorFindingKind;
  /** The normalized call (`redis GET driver:{id}`, `GET 0.0.0.0 /route`); the same across runs. */
  readonly call?: string;
  /** The repeated (or failing) span itself, as a path segment under the finding's path. */
  readonly span?: PathSegment;
  /** How many spans the finding is about (all calls of the group, errored spans, retries). */
  readonly count?: number;
  /** Distinct parameter sets among the calls, when the parameters are known. */
  readonly distinct?: number;
  /** Calls that repeated an earlier one with the same parameters (duplicates). */
  readonly redundant?: number;
  /** Calls that followed an errored identical call (retries). */
  readonly retries?: number;
  /** Adjacent pairs of calls that overlapped in time. */
  readonly overlappingPairs?: number;
  /** Sum of the calls' durations. */
  readonly sumMs?: number;
  /** From the first call's start to the last call's end. */
  readonly wallMs?: number;
  /** The error text (status message, exception type and message). */
  readonly error?: string;
  /** For errors: the highest span of the errored chain, where the error shows. */
  readonly surfacesAt?: SpanPath;
  /**
   * How many parents at this same path showed the finding (a loop around the parent repeats it);
   * the other fields describe the first. Absent when 1.
   */
  readonly places?: number;
  /** For slowness: self time in the golden and current runs. */
  readonly beforeMs?: number;
  readonly afterMs?: number;
}

/** A finding made by a detector: it always has a stable key and its evidence. */
export interface DetectorFinding extends Finding {
  readonly kind: DetectorFindingKind;
  readonly key: string;
  readonly evidence: DetectorEvidence;
}
