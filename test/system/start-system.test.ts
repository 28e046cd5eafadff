// startSystem boots the demo once and runs many tests against it: by id, by test file path and as
// a TestDefinition built in code; result.text is the CLI's block with span paths; record writes
// a missing snapshot that verify in CI mode reports as missing; an unknown id is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSystem, type RunningSystem } from '../../src/system/index.ts';
import { TbtError, type TestDefinition } from '../../src/model/index.ts';
import { InMemorySnapshotStore } from '../../src/snapshot/index.ts';
import { loadTestFile } from '../../src/testfile/index.ts';
import { createDemoProject, demoServicesIn, durationOff } from '../support/demo-project.ts';

test('startSystem: start once, verify and record many tests, stop once', { timeout: 300_000 }, async (t) => {
  const project = await createDemoProject({ config: durationOff });
  // Two goldens here; single-item has no snapshot yet.
  const golden = ['checkout-two-items', 'checkout-large-cart'].map((id) => path.join(project.snapshotDir, `${id}.trace.yaml`));
  const store = new InMemorySnapshotStore(Object.fromEntries(await Promise.all(golden.map(async (file) => [file, await readFile(file, 'utf8')]))));
  let system: RunningSystem | undefined;
  try {
    system = await startSystem({ config: 'tbt.config.yaml', cwd: project.dir, env: { CI: 'true' }, store });
    const running = system;
    assert.deepEqual([...running.testIds].sort(), ['checkout-large-cart', 'checkout-single-item', 'checkout-two-items']);

    await t.test('by id: passes, with the CLI status line as text', async () => {
      // (Not two-items: its spec bounds payment time, which a busy machine can exceed.)
      const result = await running.verify('checkout-large-cart');
      assert.ok(result.passed, result.text);
      assert.match(result.text, /^✓ checkout with a large cart reads stock in one query/);
      assert.equal(result.verdicts.length, 1);
    });

    await t.test('a TestDefinition built in code: a failing spec names its span path', async () => {
      const file = path.join(project.testsDir, 'checkout-two-items.tbt.yaml');
      const [loaded] = (await loadTestFile(file, { rootDir: project.dir })).tests;
      assert.ok(loaded);
      const strict: TestDefinition = {
        ...loaded,
        specs: [{ name: 'two shipping events', selector: 'span[name="publish shipping-queue"]', assertions: ['attr:tracetest.selected_spans.count = 2'] }],
        flows: [],
      };
      const result = await running.verify(strict);
      assert.equal(result.passed, false);
      assert.equal(result.verdicts[0]?.snapshotAction, 'matched', 'the snapshot matched: only the spec failed');
      assert.match(result.text, /✗ two shipping events: span\[name="publish shipping-queue"\]/);
      assert.match(result.text, /api-gateway › POST \/checkout › request handler › publish shipping-queue/);
    });

    await t.test('CI mode writes nothing and fails a missing snapshot; record writes it; then verify passes', async () => {
      const single = path.join(project.snapshotDir, 'checkout-single-item.trace.yaml');
      const missing = await running.verify('fixtures/checkout/tests/checkout-single-item.tbt.yaml');
      assert.equal(missing.passed, false, missing.text);
      assert.equal(missing.verdicts[0]?.snapshotAction, 'missing');
      assert.equal(store.files.has(single), false);
      const recorded = await running.record('checkout-single-item');
      assert.ok(recorded.passed, recorded.text);
      assert.equal(recorded.verdicts[0]?.snapshotAction, 'written');
      assert.ok(store.files.has(single));
      const again = await running.verify('checkout-single-item');
      assert.ok(again.passed, again.text);
    });

    await t.test('an unknown test is a usage error listing the tests', async () => {
      await assert.rejects(
        running.verify('checkout-nine-items'),
        (error: unknown) => error instanceof TbtError && error.kind === 'usage' && /checkout-two-items/.test(error.hint ?? ''),
      );
    });
  } finally {
    await system?.stop();
    await system?.stop(); // twice is harmless
    await project.cleanup();
  }
  assert.deepEqual(await demoServicesIn(project.dir), [], 'every service was stopped');
});
