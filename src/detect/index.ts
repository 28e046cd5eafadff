// detect: rules that find bad patterns in one trace (N+1, duplicate calls, retries, new errors,
// fan-outs) and explain drift between two runs (slowness locus). Pure: it never prints or reads.

/**
 * Runs every enabled tree rule on a raw span tree: `DetectorFinding[]`, each with a stable `key`
 * (rule, parent path, normalized call: no ids or times) and its `evidence`.
 */
export { runDetectors } from './registry.ts';

/** Every default of the `detectors:` config section. */
export { DEFAULT_DETECTOR_CONFIG } from './detector-config.ts';

/**
 * Merges a raw `detectors:` section (or flag values in the same shape) over a base config.
 * @throws TbtError('config') at `where` for unknown keys or bad values.
 */
export { resolveDetectorConfig } from './detector-config.ts';

/**
 * In verify: attaches the detector findings the golden run did not have to the diff findings
 * they explain (as `diagnosis`), adds the slowness locus to duration findings, and appends the
 * new detector findings that explain nothing.
 */
export { explainDrift } from './explain-drift.ts';
export type { ExplainDriftInput } from './explain-drift.ts';

/**
 * Under the span at a path, the descendant whose self time grew the most since the golden run,
 * each span compared with the golden one diff matched it with; undefined when nothing grew
 * beyond `slownessLocus.minGrowthMs`.
 */
export { findSlownessLocus } from './slowness-locus.ts';

/** Client calls to a service that exports spans, with no server span below them: an incomplete trace. */
export { findUnansweredCalls, type UnansweredCall, type ServicePort } from './unanswered-calls.ts';

/** `tbt lint`: runs the detectors on trees from trace files. */
export { lintTrees } from './lint.ts';
/** True when the report has a finding at the `--fail-on` severity or worse. */
export { lintFailed } from './lint.ts';
/** The lint report as text: per trace, most severe first, then a summary line. */
export { formatLintText } from './lint.ts';
/** The lint report as JSON: rule, severity, path, call, count and durations per finding. */
export { lintFindingsToJson } from './lint.ts';
export type { LintInput, LintResult, LintReport, LintFailOn } from './lint.ts';

/** What makes two calls the same: a span's normalized call shape and its raw parameters. */
export { callSignature } from './call-signature.ts';
export type { CallSignature, CallKind } from './call-signature.ts';

/** The detector types live in the model; re-exported here for the stage's users. */
export type { DetectorConfig, DetectorRuleConfig, DetectorEvidence, DetectorFinding } from '../model/index.ts';
