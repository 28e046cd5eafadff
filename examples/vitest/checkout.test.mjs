// The checkout demo's traces, checked from vitest with the toMatchTraceSnapshot matcher, which
// `import 'tbt/vitest'` registers (and types, in TypeScript; a setup file can hold the import).
// `vitest -u` rewrites drifted snapshots; in CI nothing is written.
import { afterAll, beforeAll, expect, test } from 'vitest';
import 'tbt/vitest';
import { startSystem } from 'tbt';

let system;
// Starting six services can take a while on a busy machine.
beforeAll(async () => {
  system = await startSystem({ config: 'tbt.config.yaml' });
}, 120_000);
afterAll(() => system?.stop());

test('checkout with one item matches its trace snapshot', async () => {
  await expect('checkout-single-item').toMatchTraceSnapshot(system);
}, 60_000);

test('a large cart matches its trace snapshot', async () => {
  await expect('checkout-large-cart').toMatchTraceSnapshot(system);
}, 60_000);
