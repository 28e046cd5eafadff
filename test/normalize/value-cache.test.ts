// Proves the masker's value memo never changes a value: whatever the mix of repeating and fresh
// values (so the memo rests and resumes), a key's values mask as they do one by one, and the memo
// rests where values never repeat and answers again where they do. What it records while
// resting answers the next trace, within its limits, and only when the engine says one follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValueCache } from '../../src/normalize/value-cache.ts';
import { DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { RuleEngine } from '../../src/normalize/rule-engine.ts';

/** A memo whose engine says another trace follows (RuleEngine.nextTrace). */
function recordingCache(): ValueCache {
  return new ValueCache({ recording: true });
}

/** Asks for `${name} i` and tells its masked form `masked ${name} i`, as the masker does, for i < count. */
function mask(cache: ValueCache, name: string, count: number): void {
  for (let i = 0; i < count; i++) {
    if (cache.get(`${name} ${i}`) === undefined) cache.set(`${name} ${i}`, `masked ${name} ${i}`);
  }
}

test('values masked through the memo equal values masked each by a fresh engine', () => {
  const piece = fc.constantFrom('SELECT * FROM t WHERE id = ', 'GET /users/', 'order:', 'plain', ' ', 'abc');
  // Runs of fresh values (the memo rests) and of repeating ones (it answers), in any order.
  const run = fc.record({ fresh: fc.boolean(), length: fc.nat(2500), text: piece });
  const values = fc
    .array(run, { minLength: 1, maxLength: 4 })
    .map((runs) => runs.flatMap(({ fresh, length, text }, at) => Array.from({ length }, (_, i) => `${text}${fresh ? `${at}-${i}` : i % 7}`)));
  fc.assert(
    fc.property(values, (texts) => {
      const engine = new RuleEngine(DEFAULT_NORMALIZE_RULES).forSpan('svc', 'span');
      for (const text of texts) {
        const alone = new RuleEngine(DEFAULT_NORMALIZE_RULES).forSpan('svc', 'span');
        assert.equal(engine.value('db.statement', text), alone.value('db.statement', text));
        assert.equal(engine.text('span.name', text), alone.text('span.name', text));
      }
    }),
    { numRuns: 5 },
  );
});

test('the memo rests after a window of fresh values and answers repeats again after its rest', () => {
  const cache = recordingCache();
  for (let i = 0; i < 1024; i++) {
    assert.equal(cache.get(`fresh ${i}`), undefined);
    cache.set(`fresh ${i}`, `masked ${i}`);
  }
  cache.set('again', 'masked again');
  assert.equal(cache.get('again'), undefined, 'resting: nothing stored, nothing answered');
  for (let i = 0; i < 16 * 1024; i++) cache.get('skipped');
  cache.set('again', 'masked again');
  assert.equal(cache.get('again'), 'masked again');
});

test('a memo of repeating values keeps answering', () => {
  const cache = recordingCache();
  cache.set('GET', 'GET');
  for (let i = 0; i < 10_000; i++) assert.equal(cache.get('GET'), 'GET');
});

test('what the memo was told while resting answers the next trace', () => {
  const cache = recordingCache();
  // A first trace whose values never repeat: the first window is stored, then the memo rests.
  for (let i = 0; i < 5000; i++) {
    assert.equal(cache.get(`statement ${i}`), undefined);
    cache.set(`statement ${i}`, `masked ${i}`);
  }
  assert.equal(cache.get('statement 3000'), undefined, 'resting within the trace');
  cache.nextTrace();
  // The second trace repeats the first: each value, told in the trial window or while resting, answers.
  for (let i = 0; i < 5000; i++) assert.equal(cache.get(`statement ${i}`), `masked ${i}`);
});

test('a trace that repeats nothing of the last one puts the memo back to rest, and both are kept for the next', () => {
  const cache = recordingCache();
  mask(cache, 'first', 3000);
  cache.nextTrace();
  for (let i = 0; i < 1024; i++) {
    assert.equal(cache.get(`second ${i}`), undefined);
    cache.set(`second ${i}`, `masked second ${i}`);
  }
  assert.equal(cache.get('first 1'), undefined, 'a window without hits: resting again');
  cache.nextTrace();
  assert.equal(cache.get('second 5'), 'masked second 5', 'the failed window went to the record');
  assert.equal(cache.get('first 1'), 'masked first 1', 'what the last trace was given is carried over');
});

test('a memo filled from a record larger than a trace\'s limit is not dropped by the next new value', () => {
  const cache = recordingCache();
  mask(cache, 'statement', 30_000);
  cache.nextTrace();
  assert.equal(cache.get('a new statement'), undefined);
  cache.set('a new statement', 'masked new');
  assert.equal(cache.get('statement 0'), 'masked statement 0');
  assert.equal(cache.get('a new statement'), 'masked new');
});

test('the record keeps the first 100,000 values of a key', () => {
  const cache = recordingCache();
  mask(cache, 'v', 150_000);
  cache.nextTrace();
  assert.equal(cache.get('v 99999'), 'masked v 99999');
  assert.equal(cache.get('v 100000'), undefined);
});

test('a memo switched off records nothing for the next trace', () => {
  const cache = new ValueCache({ recording: false });
  mask(cache, 'statement', 3000);
  cache.nextTrace();
  assert.equal(cache.get('statement 2000'), undefined);
  assert.equal(cache.get('statement 10'), undefined);
});
