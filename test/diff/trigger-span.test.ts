// Proves that tbt's own trigger span is never judged on its duration: when only its self time
// grew (tbt's overhead on a busy machine) there is no drift, while a slower system span still is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES, diffTrees, hasBlockingDrift } from '../../src/diff/index.ts';
import type { CanonicalNode } from '../../src/model/index.ts';
import { brief, span, tree } from './trees.ts';

const checkout = (triggerMs: number, gatewayMs: number): CanonicalNode =>
  span('trigger POST /checkout', { service: 'tbt', kind: 'client', durationMs: triggerMs }, [
    span('POST /checkout', { service: 'api-gateway', kind: 'server', durationMs: gatewayMs }),
  ]);

test('only the trigger span\'s self time grew (49ms → 258ms): no drift, not even a suppressed one', () => {
  const findings = diffTrees(tree(checkout(49, 45)), tree(checkout(258, 47)), { tolerances: DEFAULT_TOLERANCES });
  assert.deepEqual(brief(findings), []);
});

test('a slower system span under the trigger is still a duration finding', () => {
  const findings = diffTrees(tree(checkout(49, 45)), tree(checkout(600, 590)), { tolerances: DEFAULT_TOLERANCES });
  assert.equal(hasBlockingDrift(findings), true);
  assert.deepEqual(brief(findings), ['duration-exceeded: trigger POST /checkout/POST /checkout: duration: 45ms → 590ms (limit 185ms)']);
});
