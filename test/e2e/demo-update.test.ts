// Snapshot update modes on the demo, through the real bin: `verify -u` rewrites only what drifted,
// and only where it drifted; local verify leaves `.trace.new.yaml` for accept/reject; missing and
// obsolete snapshots fail CI and are written/deleted by the modes that may write.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoBoots } from '../support/booted-demo.ts';
import {
  DEMO_TEST_IDS,
  diffLines,
  durationOff,
  isClockPrecisionLine,
  lineDiff,
  maskDurations,
  spanSubtreeLines,
  testById,
  timeBoundsOff,
  treeLine,
  type DemoProject,
  type LineChange,
} from '../support/demo-project.ts';

const SNAPSHOT_FILES = DEMO_TEST_IDS.map((id) => `${id}.trace.yaml`);
const pending = (id: string): string => `${id}.trace.new.yaml`;

// Duration tolerances and the two-items time bound off: a span made slower by a busy machine is
// drift, and -u would rightly rewrite it, and a slow payment fails a spec; these tests are about
// which files each mode writes, not about the machine's load. Each test gets a fresh project; the
// services are booted once per bug switch set for the whole file (test/support/booted-demo.ts).
const boots = demoBoots();
after(() => boots.stopAll());

async function withDemo(bugs: string, work: (demo: DemoProject) => Promise<void>): Promise<void> {
  const demo = await (await boots.get(bugs)).createProject({ config: durationOff, tests: timeBoundsOff });
  try {
    await work(demo);
  } finally {
    await demo.cleanup();
  }
}

describe('missing and obsolete snapshots, then verify -u', () => {
  test('an obsolete snapshot alone fails --ci; a missing one fails --ci; neither run writes; -u writes the one, deletes the other, and a second -u rewrites nothing', async () => {
    await withDemo('', async (demo) => {
      const committed = await demo.readSnapshots();
      await writeFile(path.join(demo.snapshotDir, 'gone.trace.yaml'), committed.get('checkout-two-items.trace.yaml') ?? '');

      // Every test passes, and the run still fails: no test owns gone.trace.yaml.
      const obsolete = await demo.runJson(['verify', '--ci']);
      assert.equal(obsolete.result.code, 1, `an obsolete snapshot fails --ci\n${obsolete.result.stdout}\n${obsolete.result.stderr}`);
      assert.equal(obsolete.report.summary.passed, 3, obsolete.result.stdout);
      assert.deepEqual(obsolete.report.obsoleteSnapshots, ['snapshots/gone.trace.yaml']);
      assert.match(obsolete.result.stdout, /snapshots\/gone\.trace\.yaml/, 'the obsolete snapshot is named in the terminal output');
      assert.deepEqual(obsolete.report.writtenFiles, []);

      await rm(path.join(demo.snapshotDir, 'checkout-single-item.trace.yaml'));
      const before = await demo.readSnapshots();
      const ci = await demo.runJson(['verify', '--ci']);
      assert.equal(ci.result.code, 1, `${ci.result.stdout}\n${ci.result.stderr}`);
      const missing = testById(ci.report, 'checkout-single-item');
      assert.equal(missing.outcome, 'failed', 'a missing snapshot fails its test under --ci');
      assert.equal(missing.snapshot.action, 'missing');
      assert.deepEqual(missing.findings.map((finding) => finding.kind), ['missing']);
      for (const id of ['checkout-large-cart', 'checkout-two-items']) assert.equal(testById(ci.report, id).outcome, 'passed', id);
      assert.match(ci.result.stdout, /(^|\n)2 passed, 1 failed, 1 obsolete snapshot\n?$/);
      assert.deepEqual(ci.report.writtenFiles, []);
      assert.deepEqual(await demo.readSnapshots(), before, '--ci wrote or deleted nothing');

      const update = await demo.runJson(['verify', '-u']);
      assert.equal(update.result.code, 0, `${update.result.stdout}\n${update.result.stderr}`);
      assert.equal(testById(update.report, 'checkout-single-item').snapshot.action, 'written');
      for (const id of ['checkout-large-cart', 'checkout-two-items']) assert.equal(testById(update.report, id).snapshot.action, 'matched', id);
      assert.deepEqual([...update.report.writtenFiles].sort(), ['snapshots/checkout-single-item.trace.yaml', 'snapshots/gone.trace.yaml (deleted)']);
      const afterUpdate = await demo.readSnapshots();
      assert.deepEqual([...afterUpdate.keys()], SNAPSHOT_FILES, 'gone.trace.yaml deleted, the missing snapshot written');
      for (const name of ['checkout-large-cart.trace.yaml', 'checkout-two-items.trace.yaml']) {
        assert.equal(afterUpdate.get(name), committed.get(name), `${name} is byte-identical after -u without drift`);
      }
      assert.match(afterUpdate.get('checkout-single-item.trace.yaml') ?? '', /^id: checkout-single-item$/m);

      // Unchanged demo, all snapshots present: -u must not touch a byte.
      const again = await demo.runJson(['verify', '-u']);
      assert.equal(again.result.code, 0, `${again.result.stdout}\n${again.result.stderr}`);
      assert.deepEqual(again.report.writtenFiles, []);
      for (const id of DEMO_TEST_IDS) assert.equal(testById(again.report, id).snapshot.action, 'matched', id);
      assert.deepEqual(await demo.readSnapshots(), afterUpdate, 'verify -u on an unchanged demo leaves every snapshot byte-identical');
    });
  });
});

describe('verify -u with duplicate-shipping', () => {
  test('rewrites exactly the drifted snapshots, and in each only the publish subtree (plus the header span count)', async () => {
    await withDemo('duplicate-shipping', async (demo) => {
      // A fourth test that tolerates the second publish: its snapshot must not be rewritten.
      const twoItems = await readFile(path.join(demo.testsDir, 'checkout-two-items.tbt.yaml'), 'utf8');
      const trigger = twoItems.slice(twoItems.indexOf('trigger:'), twoItems.indexOf('specs:'));
      await writeFile(
        path.join(demo.testsDir, 'checkout-tolerant.tbt.yaml'),
        `name: checkout that tolerates a repeated shipping event\n${trigger}tolerances:\n  duration: off\n  rules:\n    - selector: span[name="publish shipping-queue"]\n      count: 1..2\n`,
      );
      const golden = (await demo.readSnapshots()).get('checkout-two-items.trace.yaml') ?? '';
      await writeFile(
        path.join(demo.snapshotDir, 'checkout-tolerant.trace.yaml'),
        golden
          .replace(/^id: .*$/m, 'id: checkout-tolerant')
          .replace(/^test: .*$/m, 'test: checkout that tolerates a repeated shipping event')
          .replace(/^file: .*$/m, 'file: fixtures/checkout/tests/checkout-tolerant.tbt.yaml'),
      );
      const before = await demo.readSnapshots();

      const { result, report } = await demo.runJson(['verify', '-u'], { bugs: 'duplicate-shipping' });
      // The two-items specs still count one publish: -u accepts drift, never failed assertions.
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
      assert.equal(testById(report, 'checkout-two-items').outcome, 'failed');
      assert.ok(testById(report, 'checkout-two-items').assertions.some((assertion) => !assertion.passed));
      for (const id of ['checkout-large-cart', 'checkout-single-item', 'checkout-tolerant']) {
        assert.equal(testById(report, id).outcome, 'passed', `${id}\n${result.stdout}`);
      }
      const tolerant = testById(report, 'checkout-tolerant');
      assert.equal(tolerant.snapshot.action, 'matched', 'a drift within tolerance is not a rewrite');
      assert.ok(tolerant.findings.some((finding) => finding.kind === 'count-changed' && finding.suppressed), 'the tolerated count change is kept, suppressed');
      for (const id of DEMO_TEST_IDS) assert.equal(testById(report, id).snapshot.action, 'updated', id);
      assert.deepEqual([...report.writtenFiles].sort(), SNAPSHOT_FILES.map((name) => `snapshots/${name}`));

      const after = await demo.readSnapshots();
      assert.deepEqual([...after.keys()], [...before.keys()], 'no file added or removed');
      assert.equal(after.get('checkout-tolerant.trace.yaml'), before.get('checkout-tolerant.trace.yaml'), 'the tolerant snapshot is byte-identical');

      for (const name of SNAPSHOT_FILES) {
        const old = before.get(name) ?? '';
        const now = after.get(name) ?? '';
        // Structure first (durations masked): the count line in the publish node, and the
        // header's span count and detector findings, and nothing else.
        const structural = diffLines(maskDurations(old), maskDurations(now));
        const outside = structural.filter((change) => !inPublishSubtreeOrHeader(change, old, now));
        assert.equal(outside.length, 0, `${name}: lines changed outside the publish subtree and header\n${lineDiff(maskDurations(old), maskDurations(now)).join('\n')}`);
        const publishNode = spanSubtreeLines(now, 'publish shipping-queue');
        assert.ok(
          structural.some((change) => change.op === '+' && /^ {16}count: 2$/.test(change.text) && publishNode !== undefined && change.line > publishNode.first && change.line <= publishNode.last),
          `${name}: "count: 2" added to the publish node\n${lineDiff(maskDurations(old), maskDurations(now)).join('\n')}`,
        );
        assert.ok(structural.some((change) => change.op === '-' && change.text === 'spans: 28'), name);
        assert.ok(structural.some((change) => change.op === '+' && change.text === 'spans: 31'), name);

        // Then the raw text: a PR reviewer should see the publish change alone, so the durations of
        // spans that did not drift keep their golden values (DESIGN: "the reviewer reads the
        // change as a small YAML diff").
        const rawOutside = diffLines(old, now).filter((change) => !inPublishSubtreeOrHeader(change, old, now));
        assert.equal(rawOutside.length, 0, `${name}: verify -u rewrote ${rawOutside.length} lines outside the drifted subtree (durations of spans that did not drift):\n${rawOutside.map(show).join('\n')}`);
      }
    });
  });
});

describe('local verify, accept and reject', () => {
  test('a drifted snapshot gets a .trace.new.yaml and the run fails; a missing one is written; accept promotes, reject deletes', async () => {
    await withDemo('duplicate-shipping', async (demo) => {
      const committed = await demo.readSnapshots();
      await rm(path.join(demo.snapshotDir, 'checkout-single-item.trace.yaml'));

      const { result, report } = await demo.runJson(['verify'], { bugs: 'duplicate-shipping', env: { CI: undefined } });
      assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`);
      assert.equal(testById(report, 'checkout-single-item').snapshot.action, 'written', 'local verify writes a missing snapshot');
      assert.equal(testById(report, 'checkout-single-item').outcome, 'passed');
      for (const id of ['checkout-large-cart', 'checkout-two-items']) {
        assert.equal(testById(report, id).outcome, 'failed', id);
        assert.equal(testById(report, id).snapshot.action, 'pending', id);
      }
      const afterVerify = await demo.readSnapshots();
      assert.deepEqual([...afterVerify.keys()], [
        'checkout-large-cart.trace.new.yaml',
        'checkout-large-cart.trace.yaml',
        'checkout-single-item.trace.yaml',
        'checkout-two-items.trace.new.yaml',
        'checkout-two-items.trace.yaml',
      ]);
      for (const id of ['checkout-large-cart', 'checkout-two-items']) {
        assert.equal(afterVerify.get(`${id}.trace.yaml`), committed.get(`${id}.trace.yaml`), `${id}: the golden snapshot is untouched`);
        assert.match(afterVerify.get(pending(id)) ?? '', /^ {16}count: 2$/m, `${id}: the pending snapshot holds the drifted tree`);
      }

      const accepted = await demo.run(['accept', 'checkout-two-items']);
      assert.equal(accepted.code, 0, `${accepted.stdout}\n${accepted.stderr}`);
      assert.match(accepted.stdout, /accepted snapshots\/checkout-two-items\.trace\.yaml/);
      const afterAccept = await demo.readSnapshots();
      assert.equal(afterAccept.get('checkout-two-items.trace.yaml'), afterVerify.get(pending('checkout-two-items')), 'accept promotes the pending file as is');
      assert.equal(afterAccept.has(pending('checkout-two-items')), false);
      assert.equal(afterAccept.get(pending('checkout-large-cart')), afterVerify.get(pending('checkout-large-cart')), 'a filtered accept leaves other pending files');

      const rejected = await demo.run(['reject']);
      assert.equal(rejected.code, 0, `${rejected.stdout}\n${rejected.stderr}`);
      assert.match(rejected.stdout, /rejected snapshots\/checkout-large-cart\.trace\.new\.yaml/);
      const afterReject = await demo.readSnapshots();
      assert.deepEqual([...afterReject.keys()], SNAPSHOT_FILES);
      assert.equal(afterReject.get('checkout-large-cart.trace.yaml'), committed.get('checkout-large-cart.trace.yaml'), 'reject keeps the golden snapshot');
    });
  });
});

function inPublishSubtreeOrHeader(change: LineChange, oldText: string, newText: string): boolean {
  const text = change.op === '-' ? oldText : newText;
  // A sibling the new runs saw start in the same millisecond as another (see treeWithoutClock).
  if (change.op === '+' && isClockPrecisionLine(text, change.line)) return true;
  // In the header, only the span count and the detector findings may change.
  if (change.line < treeLine(text)) return /^(spans: \d+|detector_findings:.*|  - .*)$/.test(change.text);
  const subtree = spanSubtreeLines(text, 'publish shipping-queue');
  return subtree !== undefined && change.line >= subtree.first && change.line <= subtree.last;
}

function show(change: LineChange): string {
  return `${change.op}${change.line}: ${change.text}`;
}
