// Which tests a run covers: the user's filters, then this runner's shard of the suite.
import { TbtError, type TestDefinition } from '../model/index.ts';

/** A test matches a filter when its id, name or file contains it (case-insensitive). */
export function filterTests(tests: readonly TestDefinition[], filters: readonly string[]): TestDefinition[] {
  if (filters.length === 0) return [...tests];
  const wanted = filters.map((filter) => filter.toLowerCase());
  return tests.filter((test) =>
    wanted.some((filter) => [test.id, test.name, test.file].some((field) => field.toLowerCase().includes(filter))),
  );
}

export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** Parses `--shard i/n` (1-based, like Jest and Playwright). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw new TbtError('usage', `--shard must be i/n with 1 ≤ i ≤ n, not "${text}"`);
  }
  return { index, total };
}

/**
 * The tests of one shard. A test's shard depends only on its id (a hash), so every machine
 * computes the same partition, and adding a test never moves the others.
 */
export function shardTests(tests: readonly TestDefinition[], shard: Shard | undefined): TestDefinition[] {
  if (!shard || shard.total === 1) return [...tests];
  return tests.filter((test) => fnv1a(test.id) % shard.total === shard.index - 1);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
