// Duplicate: the same call with the same recorded parameters (or payload key) made more than once
// under one parent, sequential or not. Retries after an error are left to retry.ts.
import { pathSegmentOf, type DetectorFinding } from '../model/index.ts';
import { findingKey, formatMs } from './span-facts.ts';
import { parameterSpread, parentFacts, type TreeDetector } from './tree-detector.ts';

export const duplicateCallDetector: TreeDetector = {
  name: 'duplicate-call',
  enabled: (config) => config.duplicate.enabled,
  run(index, config) {
    const findings: DetectorFinding[] = [];
    for (const group of index.groups) {
      const spread = parameterSpread(group);
      if (spread.redundant === 0) continue;
      const first = group.calls[0];
      if (!first) continue;
      const { path, under } = parentFacts(group.parent, index);
      const same = first.signature.kind === 'messaging' ? 'the same payload key' : 'the same parameters';
      const message =
        spread.distinct === 1 && spread.known
          ? `duplicate: ${first.signature.label} made ${spread.attempts} times with ${same} under ${under} ` +
            `(${spread.redundant} redundant, ${formatMs(group.sumMs)} in all)`
          : `duplicate: ${spread.redundant} of ${spread.attempts} ${first.signature.label} calls under ${under} ` +
            `repeat an earlier call with ${same} (${spread.distinct} distinct)`;
      findings.push({
        kind: 'duplicate-call',
        severity: config.duplicate.severity,
        path,
        message,
        key: findingKey('duplicate-call', path, first.signature.shapeKey),
        evidence: {
          rule: 'duplicate-call',
          call: first.signature.label,
          span: pathSegmentOf(first.node.span),
          count: spread.attempts,
          distinct: spread.distinct,
          redundant: spread.redundant,
          overlappingPairs: group.overlappingPairs,
          sumMs: group.sumMs,
          wallMs: group.wallMs,
        },
      });
    }
    return findings;
  },
};
