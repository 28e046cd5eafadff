// Small canonical nodes for snapshot tests.
import type { CanonicalNode } from '../../src/model/index.ts';

export const leaf = (name: string, extra: Partial<CanonicalNode> = {}): CanonicalNode => ({
  name,
  service: 'svc',
  kind: 'internal',
  attributes: {},
  status: { code: 'unset' },
  events: [],
  count: 1,
  durationMs: 1,
  concurrent: false,
  children: [],
  ...extra,
});
