// The N+1 rule: sequential calls of one shape with different parameters under one parent, with its threshold, and what is not one (concurrent, duplicates, other shapes or parents, pool set-up).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/detect/detector-config.ts';
import { nPlusOneDetector } from '../../src/detect/n-plus-one.ts';
import { indexCalls } from '../../src/detect/call-index.ts';
import type { DetectorConfig, SpanTree } from '../../src/model/index.ts';
import { calls, synthTree } from './support/trees.ts';

const run = (tree: SpanTree, config: DetectorConfig = DEFAULT_DETECTOR_CONFIG) => nPlusOneDetector.run(indexCalls(tree), config);

const stockQuery = (sku: number) => ({
  name: 'SELECT stock',
  service: 'inventory-service',
  kind: 'client' as const,
  attributes: { 'db.system': 'sqlite', 'db.query.text': `SELECT sku, qty FROM stock WHERE sku = 'S-${sku}'` },
});

const under = (children: ReturnType<typeof calls>) =>
  synthTree({ name: 'POST /reservations', service: 'inventory-service', kind: 'server', start: 0, end: 200, children });

test('sequential calls of one shape with different parameters are an N+1, with count and durations', () => {
  const findings = run(under(calls(4, false, stockQuery)));
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding?.kind, 'n-plus-one');
  assert.equal(finding?.severity, 'warning');
  assert.deepEqual(finding?.path, [{ service: 'inventory-service', name: 'POST /reservations' }]);
  assert.deepEqual(
    [finding?.evidence.count, finding?.evidence.distinct, finding?.evidence.sumMs, finding?.evidence.wallMs],
    [4, 4, 40, 43],
  );
  assert.equal(
    finding?.message,
    'N+1: 4 sequential identical sqlite SELECT sku, qty FROM stock WHERE sku = ? calls under inventory-service › POST /reservations, ' +
      '40ms in all (43ms wall); 4 distinct parameter sets',
  );
});

test('bound parameters (not recorded) still make an N+1: the demo stock SELECT', () => {
  const bound = () => ({ ...stockQuery(0), attributes: { 'db.system': 'sqlite', 'db.query.text': 'SELECT sku, qty FROM stock WHERE sku = ?' } });
  const [finding] = run(under(calls(4, false, bound)));
  assert.equal(finding?.evidence.count, 4);
  assert.equal(finding?.evidence.distinct, undefined);
});

test('concurrent calls are not an N+1, however many', () => {
  assert.deepEqual(run(under(calls(10, true, stockQuery))), []);
});

test('one overlap in the group is enough to make it concurrent', () => {
  const spans = calls(5, false, stockQuery);
  const overlapping = spans.map((span, index) => (index === 3 ? { ...span, start: span.start - 3 } : span));
  assert.deepEqual(run(under(overlapping)), []);
});

test('an overlap under a millisecond is clock noise: the calls stay sequential', () => {
  const spans = calls(5, false, stockQuery);
  const touching = spans.map((span, index) => (index === 3 ? { ...span, start: span.start - 1.5 } : span));
  assert.equal(run(under(touching)).length, 1);
});

test('minRepeats is the threshold, and is configurable', () => {
  assert.deepEqual(run(under(calls(2, false, stockQuery))), []);
  const config = { ...DEFAULT_DETECTOR_CONFIG, nPlusOne: { ...DEFAULT_DETECTOR_CONFIG.nPlusOne, minRepeats: 2 } };
  assert.equal(run(under(calls(2, false, stockQuery)), config).length, 1);
  const five = { ...DEFAULT_DETECTOR_CONFIG, nPlusOne: { ...DEFAULT_DETECTOR_CONFIG.nPlusOne, minRepeats: 5 } };
  assert.deepEqual(run(under(calls(4, false, stockQuery)), five), []);
});

test('the same parameters every time is a duplicate, not an N+1', () => {
  assert.deepEqual(run(under(calls(4, false, () => stockQuery(1)))), []);
});

test('different shapes under one parent are not grouped (three different inserts)', () => {
  const tables = ['revinfo', 'api_book', 'api_book_aud'];
  const inserts = calls(3, false, (index) => ({
    name: 'insert',
    kind: 'client',
    attributes: { 'sql.query': `insert into ${tables[index]} (a) values (${index})` },
  }));
  assert.deepEqual(run(under(inserts)), []);
});

test('the same call under different parents is not one group', () => {
  const tree = synthTree({
    name: 'root',
    start: 0,
    end: 300,
    children: [0, 1, 2].map((index) => ({
      name: `handler ${index}`,
      start: index * 100,
      end: index * 100 + 90,
      children: [{ ...stockQuery(index), start: index * 100 + 1, end: index * 100 + 5 }],
    })),
  });
  assert.deepEqual(run(tree), []);
});

test('a pool opening connections one after another, and their session statements, is no N+1 nor duplicate', async () => {
  const { runDetectors } = await import('../../src/detect/index.ts');
  const pgConnect = (index: number) => ({
    name: 'pg-pool.connect',
    service: 'order-service',
    kind: 'client' as const,
    attributes: { 'db.system': 'postgresql', 'pool.slot': index },
  });
  const session = () => ({
    name: 'pg.query:SET orders',
    service: 'order-service',
    kind: 'client' as const,
    attributes: { 'db.system': 'postgresql', 'db.statement': 'SET client_min_messages TO warning' },
  });
  const tree = synthTree({
    name: 'POST /orders', service: 'order-service', kind: 'server', start: 0, end: 200,
    children: [...calls(4, false, pgConnect), ...calls(4, false, session).map((spec) => ({ ...spec, start: spec.start + 50, end: spec.end + 50 }))],
  });
  assert.deepEqual(runDetectors(tree, DEFAULT_DETECTOR_CONFIG).map((finding) => finding.kind), []);
});
