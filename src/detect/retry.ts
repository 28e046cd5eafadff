// Retry: an identical call right after a sibling call that ended in ERROR. It is the error's
// consequence, not a duplicate, and is reported with the error that caused it.
import { pathSegmentOf, type DetectorFinding } from '../model/index.ts';
import { errorText, findingKey } from './span-facts.ts';
import { parentFacts, type TreeDetector } from './tree-detector.ts';

export const retryDetector: TreeDetector = {
  name: 'retry',
  enabled: (config) => config.retry.enabled,
  run(index, config) {
    const findings: DetectorFinding[] = [];
    for (const group of index.groups) {
      const retries = group.calls.filter((call) => call.retryOf !== undefined);
      const first = retries[0];
      if (!first) continue;
      const errors: string[] = [];
      for (const retry of retries) {
        const text = retry.retryOf ? errorText(retry.retryOf.node.span) : '';
        if (text !== '' && !errors.includes(text)) errors.push(text);
      }
      const cause = errors.length === 0 ? 'ERROR' : `ERROR (${errors.slice(0, 2).join(' / ')}${errors.length > 2 ? ' / …' : ''})`;
      const { path, under } = parentFacts(group.parent, index);
      const count = retries.length;
      findings.push({
        kind: 'retry',
        severity: config.retry.severity,
        path,
        message:
          count === 1
            ? `retry: a ${first.signature.label} call under ${under} repeats the call before it, which ended in ${cause}`
            : `retry: ${count} ${first.signature.label} calls under ${under} repeat the call before them, which ended in ${cause}`,
        key: findingKey('retry', path, first.signature.shapeKey),
        evidence: {
          rule: 'retry',
          call: first.signature.label,
          span: pathSegmentOf(first.node.span),
          count: group.calls.length,
          retries: count,
          ...(errors[0] !== undefined ? { error: errors[0] } : {}),
        },
      });
    }
    return findings;
  },
};
