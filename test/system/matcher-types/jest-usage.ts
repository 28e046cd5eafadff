// A jest user's test file, typechecked by matcher-types.test.ts against the built package: the
// one import registers the matcher and types it on the expect of @jest/globals and on the global
// expect of @types/jest. Never run, only compiled.
import 'tbt/jest';
import { expect } from '@jest/globals';
import { startSystem, type RunningSystem } from 'tbt';

const system: RunningSystem = await startSystem({ config: 'tbt.config.yaml' });

const awaited: Promise<void> = expect('checkout-two-items').toMatchTraceSnapshot(system);
await awaited;

// @ts-expect-error the running system is required
await expect('checkout-two-items').toMatchTraceSnapshot();
// @ts-expect-error a config path is not a running system
await expect('checkout-two-items').toMatchTraceSnapshot('tbt.config.yaml');

// @types/jest is not installed here: this stands in for its global expect, which returns the
// global namespace's `jest.Matchers<void, T>` as @types/jest does.
declare const globalExpect: <T>(actual: T) => jest.Matchers<void, T>;
const globalAwaited: Promise<void> = globalExpect('checkout-two-items').toMatchTraceSnapshot(system);
await globalAwaited;
// @ts-expect-error the running system is required
await globalExpect('checkout-two-items').toMatchTraceSnapshot();
