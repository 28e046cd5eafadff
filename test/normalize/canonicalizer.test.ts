// Proves that one Canonicalizer over several trees (the runs of a comparison) gives each tree the
// canonical tree `canonicalize` gives it alone: what the memo and the content ids learned from one
// tree never changes another's, whether the trees repeat each other's values or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { buildSpanTree, canonicalize, Canonicalizer, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import type { NormalizeRules, SpanTree } from '../../src/model/index.ts';
import { sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { trace, type SpanSpec } from './span-builder.ts';

/**
 * A run of a service that makes `calls` database calls: statements with literals (distinct, so the
 * memo rests and records), a url with the order id, and a request id that only this run has.
 */
function run(calls: number, runId: string, firstOrder = 0): SpanTree {
  const specs: SpanSpec[] = [{ id: 'r', name: 'GET /orders', kind: 'server', start: 0, end: calls + 1 }];
  for (let i = 0; i < calls; i++) {
    const order = firstOrder + i;
    specs.push({
      id: `c${i}`,
      parent: 'r',
      name: i % 3 === 0 ? 'SELECT orders' : 'SELECT order_items',
      kind: 'client',
      start: i,
      end: i + 0.5,
      attributes: {
        'db.system': 'postgresql',
        'db.statement': `SELECT * FROM orders WHERE id = ${order} AND note = 'n${order}' AND created_at > '2024-05-0${(order % 9) + 1}T10:00:00Z'`,
        'url.full': `http://127.0.0.1:43718/orders/${order}?token=t${order}abcdef`,
        'request.id': `${runId}-${i}`,
      },
    });
  }
  return buildSpanTree(trace(specs));
}

test('a shared canonicalizer gives each tree what canonicalize gives it alone', () => {
  // Run 2 repeats run 1's statements; run 3 shares only some; the last tree is run 1 again.
  const trees = [run(5000, 'first'), run(5000, 'second'), run(3000, 'third', 4000), run(5000, 'first')];
  const shared = new Canonicalizer(DEFAULT_NORMALIZE_RULES);
  for (const [index, tree] of trees.entries()) {
    assert.deepStrictEqual(shared.canonicalize(tree), canonicalize(tree, DEFAULT_NORMALIZE_RULES), `tree ${index}`);
  }
});

test('a shared canonicalizer keeps scoped rules, known secrets and keys apart, and lists trees without nodes', () => {
  // A scoped mask for one service, a known secret, one value under two keys with different masks
  // (a statement's number becomes `?`, a note's stays), spans whose parent never arrived.
  const rules: NormalizeRules = {
    rules: [...DEFAULT_NORMALIZE_RULES.rules, { kind: 'mask', name: 'mask-card', key: 'card', pattern: '\\d{4}', ignoreCase: false, replacement: '####', where: { service: 'pay*' } }],
  };
  const knownSecrets = ['hunter2-secret'];
  const runOf = (runId: string): SpanTree => {
    const specs: SpanSpec[] = [];
    for (let i = 0; i < 3000; i++) {
      const text = `SELECT * FROM t WHERE id = ${i} -- hunter2-secret`;
      specs.push({
        id: `s${i}`,
        parent: i % 500 === 0 ? `gone${i}` : i === 0 ? undefined : `s${i - (i % 500)}`,
        service: i % 2 === 0 ? 'payments' : 'orders',
        start: i,
        end: i + 0.5,
        attributes: { 'db.statement': text, note: text, card: `4111 1111 ${String(1000 + i)}`, 'request.id': `${runId}-${i}` },
      });
    }
    return buildSpanTree(trace(specs));
  };
  const shared = new Canonicalizer(rules, { knownSecrets });
  for (const [index, tree] of [runOf('a'), runOf('b'), runOf('a')].entries()) {
    const { nodes: _listed, ...withoutNodes } = tree;
    const alone = canonicalize(tree, rules, { knownSecrets });
    assert.deepStrictEqual(shared.canonicalize(index === 1 ? withoutNodes : tree), alone, `tree ${index}`);
    assert.ok(!JSON.stringify(alone).includes('hunter2'), 'the known secret is hidden');
  }
});

test('a shared canonicalizer gives every shared trace what canonicalize gives it alone', { skip: skipWithoutSharedTraces }, () => {
  const dir = sharedTracesDir as string;
  const files = ['jaeger-skill-fixtures', 'jaeger-ui', 'otel-proto', 'zipkin-lens'].flatMap((sub) =>
    readdirSync(path.join(dir, sub))
      .filter((name) => name.endsWith('.json') && !name.endsWith('.manifest.json'))
      .map((name) => `${sub}/${name}`),
  );
  assert.ok(files.length >= 10, `found ${files.length} trace files`);
  const shared = new Canonicalizer(DEFAULT_NORMALIZE_RULES);
  // Twice over: the second pass meets every value again, as the second run of a comparison does.
  for (const pass of [1, 2]) {
    for (const file of files) {
      for (const decoded of decodeTraceFile(new Uint8Array(readFileSync(sharedTrace(file))), file).traces) {
        const tree = buildSpanTree(decoded);
        assert.deepStrictEqual(shared.canonicalize(tree), canonicalize(tree, DEFAULT_NORMALIZE_RULES), `${file} (pass ${pass})`);
      }
    }
  }
});
