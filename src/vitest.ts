// `import 'tbt/vitest'` (in a setup file or a test file): registers toMatchTraceSnapshot with
// vitest's expect and types it on expect(...). Only this entry loads vitest; the main one never does.
import { expect } from 'vitest';
import { toMatchTraceSnapshot, type RunningSystem } from './system/index.ts';

declare module 'vitest' {
  // `T = any` is vitest's own declaration (`interface Matchers<T = any> {}`): a merged interface
  // must repeat its type parameters exactly, default included, so `unknown` would not merge.
  interface Matchers<T = any> {
    /**
     * Runs the test (an id, a test file path or a TestDefinition) against the running system and
     * passes when its trace matches the snapshot and its specs hold. Await it: it is asynchronous.
     * `vitest -u` rewrites a drifted snapshot; in CI nothing is written.
     */
    toMatchTraceSnapshot(system: RunningSystem): Promise<void>;
  }
}

expect.extend({ toMatchTraceSnapshot });
