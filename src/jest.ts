// `import 'tbt/jest'` (in a setup file or a test file, under ESM jest): registers
// toMatchTraceSnapshot with jest's expect and types it on expect(...). Only this entry loads jest;
// the main one never does. package.json exports it under `default` as well as `import`: jest
// resolves a setupFilesAfterEnv entry with require's conditions, then loads it as an ES module.
import { expect } from '@jest/globals';
import { toMatchTraceSnapshot, type RunningSystem } from './system/index.ts';

/** What tbt adds to expect(...): an asynchronous matcher, so it returns a Promise whatever jest's `R`. */
interface TraceSnapshotMatchers {
  /**
   * Runs the test (an id, a test file path or a TestDefinition) against the running system and
   * passes when its trace matches the snapshot and its specs hold. Await it: it is asynchronous.
   * `jest -u` rewrites a drifted snapshot; with --ci nothing is written.
   */
  toMatchTraceSnapshot(system: RunningSystem): Promise<void>;
}

// The expect of `@jest/globals` is typed by the `expect` package's Matchers (jest's documented
// augmentation); the global expect of `@types/jest` by the global `jest.Matchers`. Both merges
// repeat the type parameters of the declaration they extend, as merging requires.
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends TraceSnapshotMatchers {}
}
declare global {
  namespace jest {
    interface Matchers<R, T = {}> extends TraceSnapshotMatchers {}
  }
}

expect.extend({ toMatchTraceSnapshot });
