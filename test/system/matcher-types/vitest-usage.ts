// A vitest user's test file, typechecked by matcher-types.test.ts against the built package: the
// one import registers the matcher and types it. Never run, only compiled.
import 'tbt/vitest';
import { expect } from 'vitest';
import { startSystem, type RunningSystem } from 'tbt';

const system: RunningSystem = await startSystem({ config: 'tbt.config.yaml' });

const awaited: Promise<void> = expect('checkout-two-items').toMatchTraceSnapshot(system);
await awaited;

// @ts-expect-error the running system is required
await expect('checkout-two-items').toMatchTraceSnapshot();
// @ts-expect-error a config path is not a running system
await expect('checkout-two-items').toMatchTraceSnapshot('tbt.config.yaml');
// @ts-expect-error the matcher is asynchronous: its result is a Promise, not void
const notAwaited: void = expect('checkout-two-items').toMatchTraceSnapshot(system);
void notAwaited;
