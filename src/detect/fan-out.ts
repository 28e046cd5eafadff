// Fan-out: the same call shape repeated under one parent, concurrently. Legitimate parallel work
// is not an N+1, so it is only reported at info level, to explain a count that grew.
import { pathSegmentOf, type DetectorFinding } from '../model/index.ts';
import { findingKey, formatMs } from './span-facts.ts';
import { parentFacts, type TreeDetector } from './tree-detector.ts';

export const fanOutDetector: TreeDetector = {
  name: 'fan-out',
  enabled: (config) => config.fanOut.enabled,
  run(index, config) {
    const findings: DetectorFinding[] = [];
    for (const group of index.groups) {
      if (group.sequential || group.calls.length < config.fanOut.minRepeats) continue;
      const first = group.calls[0];
      if (!first) continue;
      const { path, under } = parentFacts(group.parent, index);
      const count = group.calls.length;
      findings.push({
        kind: 'fan-out',
        severity: config.fanOut.severity,
        path,
        message:
          `fan-out of ${count}: concurrent ${first.signature.label} calls under ${under} ` +
          `(${group.overlappingPairs} overlapping pairs), ${formatMs(group.sumMs)} in all in ${formatMs(group.wallMs)} wall`,
        key: findingKey('fan-out', path, first.signature.shapeKey),
        evidence: {
          rule: 'fan-out',
          call: first.signature.label,
          span: pathSegmentOf(first.node.span),
          count,
          overlappingPairs: group.overlappingPairs,
          sumMs: group.sumMs,
          wallMs: group.wallMs,
        },
      });
    }
    return findings;
  },
};
