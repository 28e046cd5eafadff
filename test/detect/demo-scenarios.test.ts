// The checkout demo's bug switches, on synthetic traces of the demo's shape, through the real
// normalize and diff stages: each bug's drift carries the detector's diagnosis, listed once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, explainDrift, runDetectors } from '../../src/detect/index.ts';
import { DEFAULT_TOLERANCES, diffTreesWithMatching } from '../../src/diff/index.ts';
import { formatPath, type Finding, type SpanTree } from '../../src/model/index.ts';
import { canonicalize, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { checkoutTrace } from './support/checkout-trace.ts';

function verify(golden: SpanTree, current: SpanTree): Finding[] {
  const goldenCanonical = canonicalize(golden, DEFAULT_NORMALIZE_RULES);
  const currentCanonical = canonicalize(current, DEFAULT_NORMALIZE_RULES);
  const diff = diffTreesWithMatching(goldenCanonical, currentCanonical, { tolerances: DEFAULT_TOLERANCES });
  return explainDrift({
    diffFindings: diff.findings,
    detectorFindings: runDetectors(current, DEFAULT_DETECTOR_CONFIG),
    goldenFindingKeys: runDetectors(golden, DEFAULT_DETECTOR_CONFIG).map((finding) => finding.key),
    current: currentCanonical,
    matching: diff.matching,
  });
}

const tail = (finding: Finding | undefined): string => (finding ? formatPath(finding.path.slice(-2)) : '');

test('clean demo: no detector finding, and no drift against itself', () => {
  for (const items of [1, 2, 4]) assert.deepEqual(runDetectors(checkoutTrace(items), DEFAULT_DETECTOR_CONFIG), []);
  assert.deepEqual(verify(checkoutTrace(4), checkoutTrace(4)), []);
});

test('n-plus-one: an N+1 on the stock SELECT, attached to its count change', () => {
  const [nPlusOne, ...others] = runDetectors(checkoutTrace(4, ['n-plus-one']), DEFAULT_DETECTOR_CONFIG);
  assert.deepEqual(others, []);
  assert.equal(nPlusOne?.kind, 'n-plus-one');
  assert.match(nPlusOne?.message ?? '', /^N\+1: 4 sequential identical sqlite SELECT sku, qty FROM stock WHERE sku = \? calls under inventory-service › POST \/reservations/);
  const drift = verify(checkoutTrace(4), checkoutTrace(4, ['n-plus-one']));
  const count = drift.find((finding) => finding.kind === 'count-changed');
  assert.equal(tail(count), 'inventory-service › POST /reservations › SELECT stock');
  assert.equal(count?.diagnosis, nPlusOne?.message);
  assert.equal(drift.filter((finding) => finding.kind === 'n-plus-one').length, 0, 'listed once, as the diagnosis');
});

test('duplicate-shipping: a duplicate publish to shipping-queue, attached to its count change', () => {
  const drift = verify(checkoutTrace(2), checkoutTrace(2, ['duplicate-shipping']));
  const publish = drift.find((finding) => finding.kind === 'count-changed' && finding.path.at(-1)?.name === 'publish shipping-queue');
  assert.match(publish?.diagnosis ?? '', /^duplicate: tinyqueue publish shipping-queue made 2 times with the same payload key under api-gateway › POST \/checkout/);
  assert.equal(drift.filter((finding) => finding.kind === 'duplicate-call').length, 0);
});

test('payment-error: a new error at the payment provider call, attached to its status change', () => {
  const drift = verify(checkoutTrace(2), checkoutTrace(2, ['payment-error']));
  const statuses = drift.filter((finding) => finding.kind === 'status-changed');
  assert.deepEqual(statuses.map(tail), ['payment-service › POST /charges › charge card', 'payment-service › charge card › POST /v1/charges']);
  const explained = statuses.filter((finding) => finding.diagnosis !== undefined);
  assert.equal(explained.length, 1);
  assert.equal(tail(explained[0]), 'payment-service › charge card › POST /v1/charges');
  assert.equal(explained[0]?.diagnosis, 'new error: payment-service POST ended in ERROR (HTTP 502); it surfaces at payment-service › charge card');
  assert.equal(drift.filter((finding) => finding.kind === 'new-error').length, 0);
});

test('slow-payment: one duration finding, at the provider call, with its slowed ancestors folded in', () => {
  const drift = verify(checkoutTrace(2), checkoutTrace(2, ['slow-payment']));
  const slower = drift.filter((finding) => finding.kind === 'duration-exceeded');
  assert.deepEqual(slower.map(tail), ['payment-service › charge card › POST /v1/charges']);
  assert.match(
    slower[0]?.diagnosis ?? '',
    /^slowness locus: the span's own time grew \(38ms → 338ms, \+300ms\), not its children's; \d+ enclosing span\(s\) slowed with it, up to /,
  );
});
