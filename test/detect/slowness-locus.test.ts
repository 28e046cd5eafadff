// The slowness locus: self time, and the span whose self time grew the most (compared with the golden span diff matched it with) explains a slower parent, on a 10k-wide fan-out too (loose names, not tbt's trigger span).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { findCanonicalNode, findSlownessLocus as locusIn, totalSelfMs } from '../../src/detect/slowness-locus.ts';
import type { CanonicalTree, DetectorConfig, SpanPath } from '../../src/model/index.ts';
import { canon, canonTree, matchingOf, type CanonicalSpec } from './support/canonical.ts';

/** The locus at `path`, over the matching diff finds between the two trees. */
const findSlownessLocus = (golden: CanonicalTree, current: CanonicalTree, path: SpanPath, config: DetectorConfig) =>
  locusIn(current, matchingOf(golden, current), path, config);

const checkout = (providerMs: number, extra: CanonicalSpec[] = []): CanonicalSpec => ({
  name: 'POST /checkout',
  service: 'gateway',
  durationMs: 100 + providerMs,
  children: [
    { name: 'SELECT', service: 'orders', durationMs: 10 },
    {
      name: 'charge card',
      service: 'payment',
      durationMs: 20 + providerMs,
      children: [{ name: 'POST', service: 'payment', kind: 'client', durationMs: providerMs }],
    },
    ...extra,
  ],
});

test('self time: duration less the children, concurrent children counted once, collapsed ones × count', () => {
  assert.equal(totalSelfMs(canon({ name: 'p', durationMs: 100, children: [{ name: 'a', durationMs: 30 }, { name: 'b', durationMs: 20 }] })), 50);
  const concurrent = canon({
    name: 'p',
    durationMs: 100,
    children: [{ name: 'a', durationMs: 30 }, { name: 'b', durationMs: 40, concurrent: true }, { name: 'c', durationMs: 10 }],
  });
  assert.equal(totalSelfMs(concurrent), 50);
  assert.equal(totalSelfMs(canon({ name: 'p', durationMs: 100, children: [{ name: 'q', durationMs: 10, count: 4 }] })), 60);
  assert.equal(totalSelfMs(canon({ name: 'p', durationMs: 100, children: [{ name: 'q', durationMs: 40, count: 4 }] })), 0, 'capped');
  assert.equal(totalSelfMs(canon({ name: 'q', durationMs: 10, count: 3 })), 30, 'a collapsed node stands for all its occurrences');
});

test('a slower root is explained by the descendant whose self time grew the most', () => {
  const locus = findSlownessLocus(canonTree(checkout(30)), canonTree(checkout(330)), [{ service: 'gateway', name: 'POST /checkout' }], DEFAULT_DETECTOR_CONFIG);
  assert.equal(locus?.kind, 'slowness-locus');
  assert.deepEqual(locus?.path.map((segment) => segment.name), ['POST /checkout', 'charge card', 'POST']);
  assert.deepEqual([locus?.evidence.beforeMs, locus?.evidence.afterMs], [30, 330]);
  assert.equal(locus?.message, 'slowness locus: payment › charge card › POST, whose self time grew 30ms → 330ms, +300ms');
});

test('a span that appeared counts all its self time as growth; an N+1 grows by its count', () => {
  const golden = canonTree(checkout(30));
  const appeared = canonTree(checkout(30, [{ name: 'sleep', durationMs: 200 }]));
  const root = [{ service: 'gateway', name: 'POST /checkout' }];
  assert.equal(findSlownessLocus(golden, appeared, root, DEFAULT_DETECTOR_CONFIG)?.path.at(-1)?.name, 'sleep');
  const repeated = canonTree({ ...checkout(30), children: [{ name: 'SELECT', service: 'orders', durationMs: 10, count: 20 }] });
  const locus = findSlownessLocus(golden, repeated, root, DEFAULT_DETECTOR_CONFIG);
  assert.deepEqual([locus?.path.at(-1)?.name, locus?.evidence.count, locus?.evidence.afterMs], ['SELECT', 20, 200]);
});

test('the span itself is the locus when its own time grew', () => {
  const golden = canonTree({ name: 'work', durationMs: 10, children: [{ name: 'io', durationMs: 5 }] });
  const current = canonTree({ name: 'work', durationMs: 110, children: [{ name: 'io', durationMs: 5 }] });
  const locus = findSlownessLocus(golden, current, [{ service: 'app', name: 'work' }], DEFAULT_DETECTOR_CONFIG);
  assert.match(locus?.message ?? '', /^slowness locus: the span's own time grew \(5ms → 105ms, \+100ms\), not its children's$/);
});

test('no locus when the span is not in both trees, or nothing grew beyond minGrowth', () => {
  const root = [{ service: 'gateway', name: 'POST /checkout' }];
  assert.equal(findSlownessLocus(canonTree(), canonTree(checkout(30)), root, DEFAULT_DETECTOR_CONFIG), undefined);
  const config = { ...DEFAULT_DETECTOR_CONFIG, slownessLocus: { ...DEFAULT_DETECTOR_CONFIG.slownessLocus, minGrowthMs: 500 } };
  assert.equal(findSlownessLocus(canonTree(checkout(30)), canonTree(checkout(330)), root, config), undefined);
});

test('paths are found with names compared loosely (ids and placeholders masked)', () => {
  const roots = [canon({ name: 'GET /users/{id}', durationMs: 1, children: [{ name: 'SELECT', durationMs: 2 }, { name: 'SELECT', durationMs: 5 }] })];
  const node = findCanonicalNode(roots, [{ service: 'app', name: 'GET /users/:id' }, { service: 'app', name: 'SELECT' }]);
  assert.equal(node?.durationMs, 5, 'the slowest of same-named siblings');
});

test('tbt\'s trigger span is never the locus: its self time is tbt\'s overhead', () => {
  const run = (triggerMs: number, providerMs: number): CanonicalSpec => ({
    name: 'trigger POST /checkout',
    service: 'tbt',
    kind: 'client',
    durationMs: triggerMs,
    children: [checkout(providerMs)],
  });
  const root = [{ service: 'tbt', name: 'trigger POST /checkout' }];
  // Only tbt's own time grew (366 ms): nothing in the system is to blame.
  assert.equal(findSlownessLocus(canonTree(run(140, 30)), canonTree(run(506, 30)), root, DEFAULT_DETECTOR_CONFIG), undefined);
  // Both grew: the blame goes to the system's span, whatever tbt's overhead did.
  const locus = findSlownessLocus(canonTree(run(140, 30)), canonTree(run(1200, 130)), root, DEFAULT_DETECTOR_CONFIG);
  assert.deepEqual(locus?.path.map((segment) => segment.name), ['trigger POST /checkout', 'POST /checkout', 'charge card', 'POST']);
});

test('on a fan-out of 10,000 look-alike siblings, the one that slowed is the locus, through explainDrift too', async () => {
  const { explainDrift } = await import('../../src/detect/index.ts');
  const { DEFAULT_TOLERANCES, diffTreesWithMatching } = await import('../../src/diff/index.ts');
  const SIBLINGS = 10_000;
  const SLOW = 7_321;
  const run = (slowMs: number): CanonicalSpec => ({
    name: 'GET /report',
    service: 'gateway',
    kind: 'server',
    durationMs: 20_000 + slowMs,
    children: Array.from({ length: SIBLINGS }, (_, i) => ({ name: 'SELECT', service: 'db', kind: 'client' as const, durationMs: i === SLOW ? 2 + slowMs : 2 })),
  });
  const golden = canonTree(run(0));
  const current = canonTree(run(500));
  const diff = diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES });
  const slowed = current.roots[0]?.children[SLOW];
  assert.equal(slowed !== undefined && diff.matching.goldenOf(slowed), golden.roots[0]?.children[SLOW], 'diff paired the k-th sibling with the k-th');

  const locus = locusIn(current, diff.matching, [{ service: 'gateway', name: 'GET /report' }], DEFAULT_DETECTOR_CONFIG);
  assert.deepEqual(locus?.path.map((segment) => segment.name), ['GET /report', 'SELECT']);
  assert.deepEqual([locus?.evidence.beforeMs, locus?.evidence.afterMs], [2, 502]);

  const explained = explainDrift({ diffFindings: diff.findings, detectorFindings: [], goldenFindingKeys: [], current, matching: diff.matching });
  const durations = explained.filter((finding) => finding.kind === 'duration-exceeded');
  // The root's 20 s → 20.5 s is within the default tolerance: the one finding is the slowed call's.
  assert.deepEqual(durations.map((finding) => finding.path.map((segment) => segment.name)), [['GET /report', 'SELECT']]);
  assert.equal(durations[0]?.diagnosis, "slowness locus: the span's own time grew (2ms → 502ms, +500ms), not its children's");
});

test('a fan-out of 10,000 calls that all slowed: each call is its own locus, and the root folds into the first', async () => {
  const { explainDrift } = await import('../../src/detect/index.ts');
  const { DEFAULT_TOLERANCES, diffTreesWithMatching } = await import('../../src/diff/index.ts');
  const SIBLINGS = 10_000;
  const run = (callMs: number): CanonicalSpec => ({
    name: 'GET /report',
    service: 'gateway',
    kind: 'server',
    durationMs: 10 + SIBLINGS * callMs,
    children: Array.from({ length: SIBLINGS }, (_, i) => ({ name: 'SELECT', service: `shard-${i}`, kind: 'client' as const, durationMs: callMs })),
  });
  const golden = canonTree(run(2));
  const current = canonTree(run(100));
  const diff = diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES });
  const explained = explainDrift({ diffFindings: diff.findings, detectorFindings: [], goldenFindingKeys: [], current, matching: diff.matching });
  const durations = explained.filter((finding) => finding.kind === 'duration-exceeded');
  assert.equal(durations.length, SIBLINGS, 'the root is folded into a call: one problem per call');
  const own = "slowness locus: the span's own time grew (2ms → 100ms, +98ms), not its children's";
  const first = durations.find((finding) => finding.path.at(-1)?.service === 'shard-0');
  assert.equal(first?.diagnosis, `${own}; 1 enclosing span(s) slowed with it, up to gateway › GET /report`);
  assert.ok(durations.every((finding) => finding === first || finding.diagnosis === own));
});
