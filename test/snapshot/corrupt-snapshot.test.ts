// Corrupt snapshots: bad YAML and wrong shapes are located errors, and a truncated or pruned file is never read as a smaller tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnapshot, renderSnapshot } from '../../src/snapshot/index.ts';
import { SNAPSHOT_SCHEMA_VERSION } from '../../src/snapshot/format.ts';
import { TbtError, type Snapshot } from '../../src/model/index.ts';
import { leaf } from './snapshot-fixtures.ts';

const good: Snapshot = {
  id: 'checkout',
  test: 'checkout',
  file: 't.tbt.yaml',
  trigger: 'POST /checkout',
  normalize: '0123456789abcdef',
  detectorFindings: [],
  tree: {
    roots: [
      leaf('root', {
        kind: 'server',
        attributes: { 'http.route': '/checkout', list: [1, 2] },
        children: [leaf('a', { count: 2, durationMs: 3.5 }), leaf('b', { concurrent: true }), leaf('c', { events: [{ name: 'e', attributes: {} }] })],
      }),
    ],
  },
};
const text = renderSnapshot(good);

function expectSnapshotError(input: string, message: RegExp, line?: number): TbtError {
  let caught: unknown;
  try {
    parseSnapshot(input, 'snapshots/checkout.trace.yaml');
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TbtError, `expected a TbtError for:\n${input}`);
  assert.equal(caught.kind, 'snapshot');
  assert.match(caught.message, message);
  assert.equal(caught.location?.file, 'snapshots/checkout.trace.yaml');
  if (line !== undefined) assert.equal(caught.location?.line, line);
  assert.ok(caught.hint);
  return caught;
}

const lineOf = (needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

test('bad YAML is reported at its line and column', () => {
  const error = expectSnapshotError(text.replace('  - span: a', '  - span: [a'), /not valid YAML/);
  assert.ok((error.location?.line ?? 0) > 0 && (error.location?.column ?? 0) > 0);
});

test('YAML nested too deeply for the reader says so, not that a stack overflowed', () => {
  const error = expectSnapshotError(`tbt_snapshot: 1\ntree: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, /^not valid YAML: it nests too deeply to read$/, 2);
  assert.doesNotMatch(error.message, /stack/);
});

test('wrong shapes are reported at the offending value', () => {
  expectSnapshotError(text.replace('count: 2', 'count: two'), /children\[0\]\.count: expected a whole number/, lineOf('count: 2'));
  expectSnapshotError(text.replace('count: 2', 'count: 0'), /count: expected a whole number ≥ 1/, lineOf('count: 2'));
  expectSnapshotError(text.replace('kind: server', 'kind: sever'), /unknown kind "sever"/, lineOf('kind: server'));
  expectSnapshotError(text.replace('duration: 3.5ms', 'duration: 3.5'), /duration: expected a string/, lineOf('duration: 3.5ms'));
  expectSnapshotError(text.replace('duration: 3.5ms', 'duration: 3.5 ms'), /duration like `42ms`/, lineOf('duration: 3.5ms'));
  expectSnapshotError(text.replace('concurrent: true', 'concurrent: "yes"'), /concurrent: expected true or false/, lineOf('concurrent: true'));
  expectSnapshotError(text.replace('    kind: server', '    kind: server\n    colour: red'), /unknown key `colour`/, lineOf('kind: server') + 1);
  expectSnapshotError(text.replace('list: [ 1, 2 ]', 'list: [ 1, null ]'), /null is not an attribute value/);
  expectSnapshotError(text.replace('tree:', 'trees:'), /tree/);
  expectSnapshotError(text.replace('      - span: c\n', '      - spam: c\n'), /unknown key `spam`/);
});

test('a truncated file is never read as a smaller tree', () => {
  const lines = text.split('\n');
  for (let keep = 1; keep < lines.length - 1; keep++) {
    expectSnapshotError(lines.slice(0, keep).join('\n') + '\n', /./);
  }
  for (let cut = text.length - 2; cut > text.length - 40; cut--) expectSnapshotError(text.slice(0, cut), /./);
});

test('dropping a node is caught by the span count in the header', () => {
  expectSnapshotError(text.replace(/      - span: c\n(        .*\n)+/, ''), /header says 5 spans but the tree holds 4/, lineOf('spans:'));
});

test('a newer schema asks for an upgrade; a missing header says it is not a snapshot', () => {
  const newer = expectSnapshotError(text.replace(`tbt_snapshot: 1`, `tbt_snapshot: ${SNAPSHOT_SCHEMA_VERSION + 1}\nnew_key: x`), /newer tbt/, lineOf('tbt_snapshot'));
  assert.match(newer.hint ?? '', /upgrade tbt/);
  expectSnapshotError('name: a test file\ntrigger: {}\n', /not a tbt snapshot/);
  expectSnapshotError('', /not a tbt snapshot|expected a map/);
  expectSnapshotError('- 1\n- 2\n', /expected a map/);
});

test('continued entries must be referenced once, and only forward', () => {
  const base = text.replace('spans: 5', 'spans: 6').replace('      - span: c\n', '      - span: c\n        children_ref: 0\n');
  const withEntry = `${base}continued:\n  - ref: 0\n    children:\n      - span: d\n        service: svc\n        kind: internal\n        duration: 1ms\n`;
  assert.equal(parseSnapshot(withEntry, 'x').tree.roots[0]?.children[2]?.children[0]?.name, 'd');
  expectSnapshotError(withEntry.replace('children_ref: 0', 'children_ref: 1'), /children_ref 1/);
  expectSnapshotError(withEntry.replace('      - span: d\n', '      - span: d\n        children_ref: 0\n'), /children_ref 0|header says/);
  expectSnapshotError(`${text}continued:\n  - ref: 0\n    children: []\n`, /not referenced/);
});
