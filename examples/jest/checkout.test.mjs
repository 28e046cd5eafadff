// The checkout demo's traces, checked from jest with the toMatchTraceSnapshot matcher, which
// `import 'tbt/jest'` registers (and types, in TypeScript; a setupFilesAfterEnv file can hold the
// import). tbt is an ES module: run jest with NODE_OPTIONS=--experimental-vm-modules. `jest -u`
// rewrites drifted snapshots; with --ci (the default when CI=true) nothing is written.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import 'tbt/jest';
import { startSystem } from 'tbt';

let system;
beforeAll(async () => {
  system = await startSystem({ config: 'tbt.config.yaml' });
}, 120_000);
afterAll(() => system?.stop());

test('a large cart matches its trace snapshot', async () => {
  await expect('checkout-large-cart').toMatchTraceSnapshot(system);
}, 60_000);
