// The order findings of one test are read in: what broke before what changed, then by path.
// Owns no rendering; reporters keep this order.
import type { Finding, FindingKind, SpanPath } from '../model/index.ts';

/** Kinds in reading order; the tier is what matters most, the rank only breaks ties on one path. */
const KIND_ORDER: readonly (readonly FindingKind[])[] = [
  // Structure and status: the request took another shape, or failed.
  [
    'response-changed', 'status-changed', 'new-error', 'missing', 'unexpected', 'count-changed',
    'n-plus-one', 'duplicate-call', 'retry', 'fan-out', 'moved', 'renamed', 'assertion-failed',
  ],
  ['attribute-changed', 'attribute-removed', 'attribute-added'],
  ['order-changed'],
  ['duration-exceeded', 'slowness-locus'],
];

const TIER = new Map<FindingKind, number>();
const RANK = new Map<FindingKind, number>();
KIND_ORDER.forEach((kinds, tier) => kinds.forEach((kind) => {
  TIER.set(kind, tier);
  RANK.set(kind, RANK.size);
}));

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Segment by segment, so a parent comes before its children. */
function comparePaths(a: SpanPath, b: SpanPath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) break;
    const order = compareText(x.service, y.service) || compareText(x.name, y.name);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(a.suppressed === true) - Number(b.suppressed === true) ||
    (TIER.get(a.kind) ?? KIND_ORDER.length) - (TIER.get(b.kind) ?? KIND_ORDER.length) ||
    comparePaths(a.path, b.path) ||
    (RANK.get(a.kind) ?? RANK.size) - (RANK.get(b.kind) ?? RANK.size) ||
    compareText(a.key ?? '', b.key ?? '') ||
    compareText(a.message, b.message)
  );
}

/**
 * Most important first: unsuppressed before suppressed; then structure and status, attributes,
 * order, durations; then by path (parents first), kind, key and message. Returns a new array.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
