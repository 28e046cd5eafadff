// The shape of a rule that runs on one raw span tree: a small named object (see registry.ts).
import type { DetectorConfig, DetectorFinding, DetectorFindingKind, SpanPath, SpanTreeNode } from '../model/index.ts';
import { formatSegment } from './span-facts.ts';
import { pathOf, type CallGroup, type CallIndex } from './call-index.ts';

export interface TreeDetector {
  readonly name: DetectorFindingKind;
  /** False when the config turned the rule off. */
  enabled(config: DetectorConfig): boolean;
  run(index: CallIndex, config: DetectorConfig): DetectorFinding[];
}

/** How the parameters of a group's first attempts (retries left out) are spread. */
export interface ParameterSpread {
  /** Calls that are not retries. */
  readonly attempts: number;
  /** True when every attempt's parameters are recorded. */
  readonly known: boolean;
  /** Distinct parameter sets among the attempts whose parameters are known. */
  readonly distinct: number;
  /** Attempts that repeat an earlier attempt's known parameters. */
  readonly redundant: number;
}

export function parameterSpread(group: CallGroup): ParameterSpread {
  const seen = new Set<string>();
  let attempts = 0;
  let known = true;
  let redundant = 0;
  for (const call of group.calls) {
    if (call.retryOf) continue;
    attempts += 1;
    const params = call.signature.params;
    if (params === undefined) {
      known = false;
      continue;
    }
    if (seen.has(params)) redundant += 1;
    else seen.add(params);
  }
  return { attempts, known, distinct: seen.size, redundant };
}

/** `under driver › FindNearest`, and the parent's path for the finding. */
export function parentFacts(parent: SpanTreeNode, index: CallIndex): { readonly path: SpanPath; readonly under: string } {
  const path = pathOf(parent, index.parentOf);
  return { path, under: formatSegment(path[path.length - 1]) };
}
