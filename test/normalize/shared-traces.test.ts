// The shared real-world traces (HotROD and others) normalize deterministically, keep no ids, and show their known N+1 and fan-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeTraceFile } from '../../src/ingest/index.ts';
import { DEFAULT_NORMALIZE_RULES, normalizeFingerprint, normalizeTrace } from '../../src/normalize/index.ts';
import { parseSnapshot, renderSnapshot } from '../../src/snapshot/index.ts';
import { countSpans } from '../../src/snapshot/render-snapshot.ts';
import type { CanonicalNode, CanonicalTree, Trace } from '../../src/model/index.ts';
import { sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { shuffled } from './span-builder.ts';

const render = (tree: CanonicalTree): string =>
  renderSnapshot({ id: 't', test: 't', file: 't', trigger: 't', normalize: normalizeFingerprint(DEFAULT_NORMALIZE_RULES), detectorFindings: [], tree });

const traceFiles = (): string[] =>
  sharedTracesDir === undefined
    ? []
    : ['jaeger-skill-fixtures', 'jaeger-ui', 'otel-proto', 'zipkin-lens'].flatMap((dir) =>
        readdirSync(path.join(sharedTracesDir as string, dir))
          .filter((name) => name.endsWith('.json') && !name.endsWith('.manifest.json'))
          .map((name) => `${dir}/${name}`),
      );

const tracesOf = (relative: string): Trace[] => decodeTraceFile(new Uint8Array(readFileSync(sharedTrace(relative))), relative).traces;

function find(nodes: readonly CanonicalNode[], predicate: (node: CanonicalNode) => boolean): CanonicalNode | undefined {
  const stack = [...nodes];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (predicate(node)) return node;
    stack.push(...node.children);
  }
  return undefined;
}

test('every shared trace normalizes deterministically, round-trips, and keeps no ids', { skip: skipWithoutSharedTraces }, () => {
  const files = traceFiles();
  assert.ok(files.length >= 10, `found ${files.length} trace files`);
  for (const file of files) {
    for (const trace of tracesOf(file)) {
      const { canonical } = normalizeTrace(trace, DEFAULT_NORMALIZE_RULES);
      const text = render(canonical);
      assert.equal(countSpans(canonical.roots), trace.spans.length, file);
      assert.deepStrictEqual(parseSnapshot(text, file).tree, canonical, file);
      for (let seed = 1; seed <= 5; seed++) {
        const again = normalizeTrace({ ...trace, spans: shuffled(trace.spans, seed) }, DEFAULT_NORMALIZE_RULES);
        assert.equal(render(again.canonical), text, `${file} (shuffle ${seed})`);
      }
      for (const span of trace.spans) {
        assert.ok(!text.includes(span.spanId), `${file}: span id ${span.spanId} leaked`);
      }
      assert.ok(!text.includes(trace.traceId), `${file}: trace id leaked`);
    }
  }
});

test('HotROD N+1: 13 serial GetDriver calls under driver FindNearest, three failing', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = tracesOf('jaeger-skill-fixtures/n_plus_one_positive.json');
  assert.ok(trace);
  const { canonical } = normalizeTrace(trace, DEFAULT_NORMALIZE_RULES);
  const parent = find(canonical.roots, (node) => node.service === 'driver' && node.name === 'driver.DriverService/FindNearest');
  const calls = parent?.children.filter((child) => child.name === 'GetDriver') ?? [];
  assert.equal(calls.reduce((sum, call) => sum + call.count, 0), 13);
  assert.ok(calls.every((call) => !call.concurrent), 'serial calls are never concurrent');
  assert.equal(calls.filter((call) => call.status.code === 'error').length, 3);
});

test('HotROD fan-out: overlapping HTTP GETs are marked concurrent', { skip: skipWithoutSharedTraces }, () => {
  const [trace] = tracesOf('jaeger-skill-fixtures/n_plus_one_full_concurrent.json');
  assert.ok(trace);
  const { canonical } = normalizeTrace(trace, DEFAULT_NORMALIZE_RULES);
  const dispatch = find(canonical.roots, (node) => node.name === 'GET /dispatch' && node.kind === 'server');
  const gets = dispatch?.children.filter((child) => child.name === 'HTTP GET') ?? [];
  assert.equal(gets.reduce((sum, call) => sum + call.count, 0), 11);
  assert.ok(gets.some((call) => call.concurrent));
});

test('the id masker collapses no two different calls of a shared trace into one', { skip: skipWithoutSharedTraces }, () => {
  const withoutIds = { rules: DEFAULT_NORMALIZE_RULES.rules.filter((rule) => rule.name !== 'mask-ids') };
  const nodes = (list: readonly CanonicalNode[]): number => list.reduce((sum, node) => sum + 1 + nodes(node.children), 0);
  let masked = 0;
  for (const file of traceFiles()) {
    for (const trace of tracesOf(file)) {
      const withIds = normalizeTrace(trace, DEFAULT_NORMALIZE_RULES).canonical;
      const plain = normalizeTrace(trace, withoutIds).canonical;
      assert.equal(nodes(withIds.roots), nodes(plain.roots), `${file}: masking ids merged siblings`);
      if (render(withIds).includes('{id}')) masked += 1;
    }
  }
  assert.ok(masked > 0, 'some shared trace has an id to mask');
});
