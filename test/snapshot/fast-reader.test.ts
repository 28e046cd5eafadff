// The fast snapshot reader (js-yaml) reads everything tbt writes exactly as the precise reader
// (yaml) does, and declines, leaving the verdict to the precise reader, wherever the two could differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSnapshot, renderSnapshot } from '../../src/snapshot/index.ts';
import { parseSnapshotPrecisely } from '../../src/snapshot/parse-snapshot.ts';
import { readSnapshotFast } from '../../src/snapshot/read-snapshot-fast.ts';
import { snapshot as snapshotArbitrary } from './snapshot-arbitraries.ts';

test('every rendered snapshot takes the fast path and reads as the precise reader reads it', () => {
  fc.assert(
    fc.property(snapshotArbitrary, (snapshot) => {
      const text = renderSnapshot(snapshot);
      const fast = readSnapshotFast(text);
      assert.deepStrictEqual(fast, snapshot);
      assert.deepStrictEqual(fast, parseSnapshotPrecisely(text, 'random.trace.yaml'));
    }),
    { numRuns: 200 },
  );
});

const head = ['tbt_snapshot: 1', 'id: a', 'test: a', 'file: a.tbt.yaml', 'trigger: GET /', 'normalize: 0123456789abcdef', 'spans: 1', 'tree:', '  - span: root', '    service: svc', '    kind: internal', '    duration: 1ms'];

test('keys the two YAML libraries type differently are left to the precise reader', () => {
  // yaml keeps `1` and `true` as a number and a boolean key; js-yaml would make strings of them.
  const text = [...head, '    attributes: { 1: a, true: b, 0x10: c }', ''].join('\n');
  assert.throws(() => readSnapshotFast(text));
  assert.deepStrictEqual(parseSnapshot(text, 'x.trace.yaml').tree.roots[0]?.attributes, { 1: 'a', true: 'b', 16: 'c' });
});

test('aliases, nulls and unknown keys decline the fast path; the precise reader places the error', () => {
  const cases = [
    [...head, '    attributes: { a: &x 1, b: *x }'],
    [...head, '    attributes: { a: null }'],
    [...head, '    colour: blue'],
    [...head.slice(0, -1), '    duration: fast'],
    [...head.map((line) => (line === 'spans: 1' ? 'spans: 2' : line))],
  ];
  for (const lines of cases) {
    const text = `${lines.join('\n')}\n`;
    assert.throws(() => readSnapshotFast(text), Error, lines.at(-1));
    assert.throws(() => parseSnapshot(text, 'x.trace.yaml'), (error: unknown) => {
      const location = (error as { location?: { file: string; line?: number } }).location;
      assert.equal(location?.file, 'x.trace.yaml');
      assert.equal(typeof location?.line, 'number');
      return true;
    });
  }
});
