// The checkout demo's traces, checked from node:test: the system starts once for the file.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertTraceSnapshot, startSystem } from 'tbt';

let system;
before(async () => {
  system = await startSystem({ config: 'tbt.config.yaml' });
});
after(() => system?.stop());

test('a large cart matches its trace snapshot', async () => {
  // Throws an AssertionError with the CLI's text (findings by span path) when the trace drifted.
  await assertTraceSnapshot(system, 'checkout-large-cart');
});

test('a test file given by path, with the result in hand', async () => {
  const result = await system.verify('fixtures/checkout/tests/checkout-single-item.tbt.yaml');
  assert.ok(result.passed, result.text);
  assert.equal(result.verdicts[0].testId, 'checkout-single-item');
});
