// Eight demo-style tests with different carts, recorded and verified four at a time: no trace
// crosstalk between concurrent tests. (`--shard i/3` partitioning the suite, once here, is proven
// in shard.test.ts on a project without the demo: which tests a shard runs does not depend on it.)
// The services run with the n-plus-one switch, so the number of spans depends on the cart (one
// findByPk, so one PostgreSQL SELECT on stock, per SKU): a span landing in the wrong trace changes
// a count and shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { bootDemo, type BootedDemo } from '../support/booted-demo.ts';
import { durationOff, testById, type DemoProject } from '../support/demo-project.ts';

interface CartLine {
  readonly sku: string;
  readonly qty: number;
}

interface ScaleTest {
  readonly id: string;
  readonly cart: readonly CartLine[];
}

const line = (sku: string, qty: number): CartLine => ({ sku, qty });
const TESTS: readonly ScaleTest[] = [
  { id: 'scale-one-e5', cart: [line('E-5', 1)] },
  { id: 'scale-two-f6-a1', cart: [line('F-6', 3), line('A-1', 1)] },
  { id: 'scale-three-singles', cart: [line('B-7', 1), line('C-3', 1), line('D-4', 1)] },
  { id: 'scale-four-pairs', cart: [line('A-1', 2), line('B-7', 2), line('C-3', 2), line('D-4', 2)] },
  { id: 'scale-five-skus', cart: [line('A-1', 1), line('B-7', 1), line('C-3', 1), line('D-4', 1), line('E-5', 1)] },
  { id: 'scale-six-skus', cart: ['F-6', 'E-5', 'D-4', 'C-3', 'B-7', 'A-1'].map((sku) => line(sku, 2)) },
  { id: 'scale-one-d4-bulk', cart: [line('D-4', 7)] },
  { id: 'scale-two-e5-f6', cart: [line('E-5', 5), line('F-6', 4)] },
];
const BUGS = 'n-plus-one';

/** What each cart must leave in its own trace (see fixtures/checkout/README.md). */
function expected(cart: readonly CartLine[]): { skus: number; parcels: number; spans: number } {
  const units = cart.reduce((sum, item) => sum + item.qty, 0);
  // The clean trace has 28 spans with the trigger; n-plus-one turns one SELECT on stock into one per SKU.
  return { skus: cart.length, parcels: Math.ceil(units / 3), spans: 27 + cart.length };
}

function testFile(scale: ScaleTest): string {
  const { skus } = expected(scale.cart);
  const cart = scale.cart.map((item) => `        - { sku: "${item.sku}", qty: ${item.qty} }`).join('\n');
  return [
    `name: scale ${scale.id} (${skus} SKUs)`,
    'trigger:',
    '  http:',
    '    method: POST',
    '    url: ${env:GATEWAY_URL}/checkout',
    '    headers: { content-type: application/json }',
    '    body:',
    `      customer: "${scale.id}@example.test"`,
    '      cart:',
    cart,
    'specs:',
    '  - selector: span[name="pg.query:SELECT inventory"]',
    '    assertions:',
    `      - attr:tracetest.selected_spans.count = ${skus}`,
    '  - selector: span[name="create shipment"]',
    '    assertions:',
    `      - attr:shipment.items = ${skus}`,
    '',
  ].join('\n');
}

interface SnapshotNode {
  readonly span: string;
  readonly service: string;
  readonly count?: number;
  readonly attributes?: Record<string, unknown>;
  readonly children?: readonly SnapshotNode[];
}

function nodesNamed(nodes: readonly SnapshotNode[], name: string): SnapshotNode[] {
  const found: SnapshotNode[] = [];
  const pending = [...nodes];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.span === name) found.push(node);
    pending.push(...(node.children ?? []));
  }
  return found;
}

let boot: BootedDemo;
let demo: DemoProject;
before(async () => {
  // One boot for the record and the verify (test/support/booted-demo.ts). Four tests at once on
  // two busy cores: durations are not what this file checks.
  boot = await bootDemo({ bugs: BUGS });
  demo = await boot.createProject({ snapshots: false, config: durationOff });
  for (const name of await readdir(demo.testsDir)) await rm(path.join(demo.testsDir, name));
  for (const scale of TESTS) await writeFile(path.join(demo.testsDir, `${scale.id}.tbt.yaml`), testFile(scale));
});
after(async () => {
  await demo?.cleanup();
  await boot?.stop();
});

test('record --concurrency 4 then verify --concurrency 4: every test passes with its own cart in its own snapshot', async () => {
  const recorded = await demo.runJson(['record', '--concurrency', '4'], { bugs: BUGS });
  assert.equal(recorded.result.code, 0, `${recorded.result.stdout}\n${recorded.result.stderr}`);
  assert.deepEqual(recorded.report.summary, { total: 8, passed: 8, failed: 0, errored: 0, interrupted: 0, skipped: 0 }, recorded.result.stdout);

  const snapshots = await demo.readSnapshots();
  assert.deepEqual([...snapshots.keys()], TESTS.map((scale) => `${scale.id}.trace.yaml`).sort());
  for (const scale of TESTS) {
    const want = expected(scale.cart);
    const text = snapshots.get(`${scale.id}.trace.yaml`) ?? '';
    const snapshot = parse(text) as { id: string; spans: number; tree: SnapshotNode[] };
    assert.equal(snapshot.id, scale.id);
    assert.equal(snapshot.spans, want.spans, `${scale.id}: span count in the header`);
    const trigger = snapshot.tree[0];
    assert.equal(trigger?.attributes?.['http.response.status_code'], 200, scale.id);
    assert.equal(trigger?.attributes?.['tbt.response.body_shape'], '{ orderId: number, status: string }', scale.id);
    const selects = nodesNamed(snapshot.tree, 'pg.query:SELECT inventory');
    assert.equal(selects.length, 1, `${scale.id}: the SELECTs collapse into one node`);
    assert.equal(selects[0]?.count ?? 1, want.skus, `${scale.id}: one SELECT on stock per SKU of its own cart`);
    const update = nodesNamed(snapshot.tree, 'pg.query:UPDATE inventory')[0];
    assert.equal(String(update?.attributes?.['db.query.text']).match(/WHEN \? THEN \?/g)?.length, want.skus, `${scale.id}: UPDATE covers its own SKUs`);
    const shipment = nodesNamed(snapshot.tree, 'create shipment');
    assert.equal(shipment.length, 1, `${scale.id}: exactly one shipment`);
    assert.equal(shipment[0]?.count ?? 1, 1, `${scale.id}: exactly one shipment`);
    assert.equal(shipment[0]?.attributes?.['shipment.items'], want.skus, `${scale.id}: shipment of its own cart`);
    assert.equal(shipment[0]?.attributes?.['shipment.parcels'], want.parcels, `${scale.id}: parcels of its own cart`);
  }

  const verified = await demo.runJson(['verify', '--ci', '--concurrency', '4'], { bugs: BUGS });
  assert.equal(verified.result.code, 0, `${verified.result.stdout}\n${verified.result.stderr}`);
  assert.match(verified.result.stdout, /(^|\n)8 passed, 0 failed\n?$/);
  for (const scale of TESTS) {
    const verdict = testById(verified.report, scale.id);
    assert.equal(verdict.outcome, 'passed', scale.id);
    assert.equal(verdict.spanCount, expected(scale.cart).spans, `${scale.id}: spans collected for its own trace`);
    // No drift. An info-level detector note may come and go: four tests at once on two cores can
    // make one of the loop's sequential SELECTs seem to overlap the next (a fan-out note instead of
    // the N+1); it never fails a test, and crosstalk would show in the counts above.
    assert.deepEqual(verdict.findings.filter((finding) => !finding.suppressed && finding.severity !== 'info'), [], scale.id);
    assert.ok(verdict.assertions.length === 2 && verdict.assertions.every((assertion) => assertion.passed), scale.id);
  }
  assert.deepEqual(await demo.readSnapshots(), snapshots, 'verify --ci wrote nothing');
});
