// N+1: the same call shape, with different (or unrecorded) parameters, made again and again in
// sequence under one parent. Concurrent repeats are a fan-out (fan-out.ts), not an N+1.
import { pathSegmentOf, type DetectorFinding } from '../model/index.ts';
import { findingKey, formatMs } from './span-facts.ts';
import { parameterSpread, parentFacts, type TreeDetector } from './tree-detector.ts';

export const nPlusOneDetector: TreeDetector = {
  name: 'n-plus-one',
  enabled: (config) => config.nPlusOne.enabled,
  run(index, config) {
    const findings: DetectorFinding[] = [];
    for (const group of index.groups) {
      if (!group.sequential) continue;
      const spread = parameterSpread(group);
      if (spread.attempts < config.nPlusOne.minRepeats) continue;
      // The same parameters every time is a duplicate, not one query per item.
      if (spread.known && spread.distinct <= 1) continue;
      const first = group.calls[0];
      if (!first) continue;
      const { path, under } = parentFacts(group.parent, index);
      const count = group.calls.length;
      const retries = count - spread.attempts;
      const details = [
        ...(spread.known ? [`${spread.distinct} distinct parameter sets`] : []),
        ...(retries > 0 ? [`${retries} ${retries === 1 ? 'is a retry' : 'are retries'}`] : []),
      ];
      findings.push({
        kind: 'n-plus-one',
        severity: config.nPlusOne.severity,
        path,
        message:
          `N+1: ${count} sequential identical ${first.signature.label} calls under ${under}, ` +
          `${formatMs(group.sumMs)} in all (${formatMs(group.wallMs)} wall)` +
          (details.length > 0 ? `; ${details.join(', ')}` : ''),
        key: findingKey('n-plus-one', path, first.signature.shapeKey),
        evidence: {
          rule: 'n-plus-one',
          call: first.signature.label,
          span: pathSegmentOf(first.node.span),
          count,
          ...(spread.known ? { distinct: spread.distinct } : {}),
          retries,
          overlappingPairs: group.overlappingPairs,
          sumMs: group.sumMs,
          wallMs: group.wallMs,
        },
      });
    }
    return findings;
  },
};
