// `tbt show --snapshot`: a trace file printed as a whole snapshot (header and tree) that parses as
// one, and that `tbt diff` finds no drift against, so it can be committed as a golden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { parseSnapshot } from '../../src/snapshot/index.ts';
import { tbt, tempDir } from './helpers/cli-harness.ts';
import { jaegerJson, orderListing, otlpJson } from './helpers/trace-writers.ts';

test('show --snapshot prints a snapshot of the trace that diff then finds no drift against', async () => {
  const dir = await tempDir({ 'traces/orders.json': otlpJson(orderListing(4, { failLast: true })), 'traces/orders.jaeger.json': jaegerJson(orderListing(4, { failLast: true })) });
  try {
    const shown = await tbt(['show', '--snapshot', 'traces/orders.json'], { cwd: dir.dir });
    assert.equal(shown.code, 0, shown.stderr);
    const snapshot = parseSnapshot(shown.stdout, 'orders.trace.yaml');
    assert.deepEqual(
      { id: snapshot.id, test: snapshot.test, file: snapshot.file, trigger: snapshot.trigger },
      { id: 'orders', test: 'orders', file: 'traces/orders.json', trigger: 'trace file orders.json' },
    );
    assert.match(snapshot.normalize, /^[0-9a-f]{16}$/);
    assert.ok(snapshot.tree.roots.length > 0);
    // The tree is the one `tbt show` prints, under the header.
    const plain = await tbt(['show', 'traces/orders.json'], { cwd: dir.dir });
    assert.ok(shown.stdout.endsWith(plain.stdout), 'the snapshot ends with the tree that show prints');

    await writeFile(dir.file('orders.trace.yaml'), shown.stdout);
    for (const against of ['traces/orders.json', 'traces/orders.jaeger.json']) {
      const diff = await tbt(['diff', 'orders.trace.yaml', against], { cwd: dir.dir });
      assert.equal(diff.code, 0, diff.stdout + diff.stderr);
      assert.match(diff.stdout, /no drift/);
    }
  } finally {
    await dir.dispose();
  }
});

test('show --snapshot of a snapshot prints it again, header and tree, unchanged', async () => {
  const dir = await tempDir({ 'o.json': otlpJson(orderListing(2)) });
  try {
    const first = await tbt(['show', '--snapshot', 'o.json'], { cwd: dir.dir });
    await writeFile(dir.file('o.trace.yaml'), first.stdout);
    const again = await tbt(['show', '--snapshot', 'o.trace.yaml'], { cwd: dir.dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(parseSnapshot(again.stdout, 'x').tree, parseSnapshot(first.stdout, 'x').tree);
  } finally {
    await dir.dispose();
  }
});
