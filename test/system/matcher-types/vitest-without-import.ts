// The control for vitest-usage.ts: without `import 'tbt/vitest'` the main entry adds no matcher
// to vitest's types (it never loads vitest). Never run, only compiled.
import { expect } from 'vitest';
import { startSystem } from 'tbt';

const system = await startSystem({ config: 'tbt.config.yaml' });
// @ts-expect-error toMatchTraceSnapshot is typed only by `import 'tbt/vitest'`
await expect('checkout-two-items').toMatchTraceSnapshot(system);
