// Joins detector findings to the diff's drift in verify: a detector finding the golden run did
// not have is drift, and it is attached as the diagnosis of the diff finding it explains (a count,
// a status, a duration), so that one problem is listed once, with its cause.
import {
  formatPath,
  type CanonicalTree,
  type DetectorConfig,
  type DetectorEvidence,
  type Finding,
  type FindingKind,
  type PathSegment,
  type SpanMatching,
  type SpanPath,
} from '../model/index.ts';
import { DEFAULT_DETECTOR_CONFIG } from './detector-config.ts';
import { looseName } from './loose-name.ts';
import { SlownessLocator } from './slowness-locus.ts';

export interface ExplainDriftInput {
  /** What diff found between the golden and the current canonical trees. */
  readonly diffFindings: readonly Finding[];
  /** What the detectors found in the current run (`runDetectors`). */
  readonly detectorFindings: readonly Finding[];
  /** The keys of the golden run's detector findings, from the snapshot header. */
  readonly goldenFindingKeys: readonly string[];
  readonly current: CanonicalTree;
  /** Which golden span diff matched with which current one (`diffTreesWithMatching`). */
  readonly matching: SpanMatching;
  /** Thresholds for the slowness locus; the defaults when absent. */
  readonly config?: DetectorConfig;
}

const CALL_RULES: ReadonlySet<FindingKind> = new Set(['n-plus-one', 'duplicate-call', 'retry', 'fan-out']);

/**
 * The diff findings, each with the diagnoses that explain it, followed by the new detector
 * findings that explain none of them. Detector findings whose key the golden run had are dropped:
 * they are not drift.
 */
export function explainDrift(input: ExplainDriftInput): Finding[] {
  const config = input.config ?? DEFAULT_DETECTOR_CONFIG;
  const goldenKeys = new Set(input.goldenFindingKeys);
  const diagnoses = input.diffFindings.map((): string[] => []);
  const unattached: Finding[] = [];

  for (const finding of input.detectorFindings) {
    if (finding.key !== undefined && goldenKeys.has(finding.key)) continue;
    const target = CALL_RULES.has(finding.kind)
      ? callTarget(finding, input.diffFindings)
      : finding.kind === 'new-error'
        ? errorTarget(finding, input.diffFindings)
        : -1;
    if (target >= 0) diagnoses[target]?.push(finding.message);
    else unattached.push(finding);
  }

  // One slow span makes every enclosing span slower too. Duration findings that share a locus are
  // one problem: keep the deepest (closest to the cause) and fold its slowed ancestors into it.
  const folded = new Set<number>();
  if (config.slownessLocus.enabled) {
    const deepestByLocus = new Map<string, number>();
    const ancestorsByLocus = new Map<string, number[]>();
    const locator = new SlownessLocator(input.current, input.matching, config);
    for (const [index, finding] of input.diffFindings.entries()) {
      if (finding.kind !== 'duration-exceeded' || finding.suppressed) continue;
      const locus = locator.locusAt(finding.path);
      if (!locus) continue;
      diagnoses[index]?.push(locus.message);
      const key = locus.path.map((segment) => `${segment.service}\u0000${segment.name}`).join('\u0001');
      const deepest = deepestByLocus.get(key);
      if (deepest === undefined) deepestByLocus.set(key, index);
      else {
        const keepNew = finding.path.length > (input.diffFindings[deepest]?.path.length ?? 0);
        const [kept, dropped] = keepNew ? [index, deepest] : [deepest, index];
        deepestByLocus.set(key, kept);
        ancestorsByLocus.set(key, [...(ancestorsByLocus.get(key) ?? []), dropped]);
      }
    }
    for (const [key, kept] of deepestByLocus) {
      const ancestors = ancestorsByLocus.get(key) ?? [];
      if (ancestors.length === 0) continue;
      for (const index of ancestors) folded.add(index);
      diagnoses[kept]?.push(`${ancestors.length} enclosing span(s) slowed with it, up to ${outermostName(ancestors, input.diffFindings)}`);
    }
  }

  const explained = input.diffFindings.flatMap((finding, index) => {
    if (folded.has(index)) return [];
    const added = diagnoses[index] ?? [];
    if (added.length === 0) return [finding];
    const all = finding.diagnosis === undefined ? added : [finding.diagnosis, ...added];
    return [{ ...finding, diagnosis: all.join('; ') }];
  });
  return [...explained, ...unattached];
}

function outermostName(indices: readonly number[], findings: readonly Finding[]): string {
  let outermost: Finding | undefined;
  for (const index of indices) {
    const finding = findings[index];
    if (finding && (!outermost || finding.path.length < outermost.path.length)) outermost = finding;
  }
  return outermost && outermost.path.length > 0 ? formatPath(outermost.path.slice(-1)) : 'the root';
}

/**
 * A call-group finding (path = the parent) explains the count change, or the appearance, of the
 * repeated span under that parent. Without evidence naming the span, only a sole candidate is taken.
 * Among look-alike siblings (two `pg.query:SELECT shop` spans), the one whose count grew to the
 * group's size is meant, then the one that grew most: never merely the first.
 */
function callTarget(finding: Finding, diff: readonly Finding[]): number {
  const evidence = evidenceOf(finding);
  const span = evidence?.span;
  const candidates: number[] = [];
  for (const [index, drift] of diff.entries()) {
    if (drift.kind !== 'count-changed' && drift.kind !== 'unexpected') continue;
    if (drift.path.length !== finding.path.length + 1 || !isPrefix(finding.path, drift.path)) continue;
    const last = drift.path[drift.path.length - 1];
    if (span && last && !sameSegment(span, last)) continue;
    candidates.push(index);
  }
  if (!span && candidates.length !== 1) return -1;
  const rank = (index: number): [number, number] => {
    const drift = diff[index] as Finding;
    const before = typeof drift.before === 'number' ? drift.before : 0;
    const after = typeof drift.after === 'number' ? drift.after : 0;
    const growth = after - before;
    // A count change explains more precisely than an appearance; a shrinking count explains nothing.
    const tier = growth <= 0 ? 3 : after === evidence?.count ? (drift.kind === 'count-changed' ? 0 : 1) : 2;
    return [tier, -growth];
  };
  let best = -1;
  let bestRank: [number, number] = [Infinity, 0];
  for (const index of candidates) {
    const [tier, growth] = rank(index);
    if (tier < bestRank[0] || (tier === bestRank[0] && growth < bestRank[1])) {
      best = index;
      bestRank = [tier, growth];
    }
  }
  return best;
}

/** A new error explains the deepest status change at its span or above, or the new span it is in. */
function errorTarget(finding: Finding, diff: readonly Finding[]): number {
  let best = -1;
  let bestDepth = -1;
  for (const kind of ['status-changed', 'unexpected'] as const) {
    for (const [index, drift] of diff.entries()) {
      if (drift.kind !== kind || !isPrefix(drift.path, finding.path)) continue;
      if (drift.path.length > bestDepth) {
        best = index;
        bestDepth = drift.path.length;
      }
    }
    if (best >= 0) return best;
  }
  return best;
}

function evidenceOf(finding: Finding): DetectorEvidence | undefined {
  const evidence: unknown = (finding as { evidence?: unknown }).evidence;
  return typeof evidence === 'object' && evidence !== null ? (evidence as DetectorEvidence) : undefined;
}

function isPrefix(prefix: SpanPath, path: SpanPath): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, index) => {
    const other = path[index];
    return other !== undefined && sameSegment(segment, other);
  });
}

/** Same service and name (ids masked alike); and the same target (`(products)`) where both say one. */
function sameSegment(a: PathSegment, b: PathSegment): boolean {
  if (a.service !== b.service || (a.name !== b.name && looseName(a.name) !== looseName(b.name))) return false;
  return a.target === undefined || b.target === undefined || a.target === b.target || looseName(a.target) === looseName(b.target);
}
