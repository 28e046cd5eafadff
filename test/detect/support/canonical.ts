// Canonical nodes for detect tests, with every field a test does not care about defaulted.
import { DEFAULT_TOLERANCES, diffTreesWithMatching } from '../../../src/diff/index.ts';
import type { CanonicalNode, CanonicalTree, SpanKind, SpanMatching, StatusCode } from '../../../src/model/index.ts';

export interface CanonicalSpec {
  readonly name: string;
  readonly service?: string;
  readonly kind?: SpanKind;
  readonly durationMs: number;
  readonly count?: number;
  readonly concurrent?: boolean;
  readonly status?: StatusCode;
  readonly children?: readonly CanonicalSpec[];
}

export function canon(spec: CanonicalSpec): CanonicalNode {
  return {
    name: spec.name,
    service: spec.service ?? 'app',
    kind: spec.kind ?? 'internal',
    attributes: {},
    status: { code: spec.status ?? 'unset' },
    events: [],
    count: spec.count ?? 1,
    durationMs: spec.durationMs,
    concurrent: spec.concurrent ?? false,
    children: (spec.children ?? []).map(canon),
  };
}

export function canonTree(...roots: CanonicalSpec[]): CanonicalTree {
  return { roots: roots.map(canon) };
}

/** Diff's matching of two trees, which the slowness locus and explainDrift read. */
export function matchingOf(golden: CanonicalTree, current: CanonicalTree): SpanMatching {
  return diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES }).matching;
}
