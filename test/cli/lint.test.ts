// `tbt lint`: the detectors on trace files; exit 1 when a finding reaches --fail-on, else 0;
// `--json` for programs; snapshots refused (they hold no timings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { projectRoot, sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { assertUserError, tbt, tempDir } from './helpers/cli-harness.ts';
import { orderListing, otlpJson, zipkinJson } from './helpers/trace-writers.ts';

interface LintJson {
  readonly results: readonly {
    readonly file: string;
    readonly traceId: string;
    readonly spanCount: number;
    readonly findings: readonly Record<string, unknown>[];
  }[];
  readonly counts: Record<string, number>;
}

test('the labelled HotROD N+1 exits 1 and names 13 serial GetDriver calls under driver FindNearest', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['lint', sharedTrace('jaeger-skill-fixtures/n_plus_one_positive.json')]);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /warning n-plus-one +frontend › GET \/dispatch › .*driver › driver\.DriverService\/FindNearest\n/);
  assert.match(result.stdout, /N\+1: 13 sequential identical redis-manual GetDriver calls/);
  assert.match(result.stdout, /^1 error, 2 warnings, 0 info in 1 trace$/m);
});

test('the Zipkin negative case (three different inserts) is clean: exit 0', { skip: skipWithoutSharedTraces }, async () => {
  const result = await tbt(['lint', sharedTrace('zipkin-lens/simple-db-p6.json')]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /no findings/);
  assert.match(result.stdout, /^0 errors, 0 warnings, 0 info in 1 trace$/m);
});

test('--json: rule, severity, path, call, count and durations for the HotROD N+1', { skip: skipWithoutSharedTraces }, async () => {
  const file = sharedTrace('jaeger-skill-fixtures/n_plus_one_positive.json');
  const result = await tbt(['lint', '--json', file]);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as LintJson;
  assert.equal(report.results.length, 1);
  const [trace] = report.results;
  assert.equal(trace?.file, file);
  assert.equal(trace?.spanCount, 16);
  const nPlusOne = trace?.findings.find((f) => f['rule'] === 'n-plus-one');
  assert.ok(nPlusOne, result.stdout);
  assert.equal(nPlusOne['severity'], 'warning');
  assert.match(String(nPlusOne['path']), /driver\.DriverService\/FindNearest$/);
  assert.equal(nPlusOne['call'], 'redis-manual GetDriver');
  assert.equal(nPlusOne['count'], 13);
  assert.equal(nPlusOne['overlappingPairs'], 0);
  // The manifest's figures: 192.4 ms summed, 194.3 ms wall.
  assert.equal(Math.round(Number(nPlusOne['sumMs']) * 10) / 10, 192.4);
  assert.equal(Math.round(Number(nPlusOne['wallMs']) * 10) / 10, 194.3);
  const rules = trace?.findings.map((f) => f['rule']).sort();
  assert.deepEqual(rules, ['n-plus-one', 'new-error', 'retry']);
});

test('an N+1 with no error: exit 1 by default, 0 with --fail-on error, 1 again with --fail-on info', async () => {
  const dir = await tempDir({ 'orders.json': otlpJson(orderListing(4)) });
  try {
    const byDefault = await tbt(['lint', 'orders.json'], { cwd: dir.dir });
    assert.equal(byDefault.code, 1, byDefault.stdout + byDefault.stderr);
    assert.match(byDefault.stdout, /N\+1: 4 sequential identical postgresql SELECT \* FROM items WHERE id = \? calls/);
    assert.match(byDefault.stdout, /^0 errors, 1 warning, 0 info in 1 trace$/m);

    const onlyErrors = await tbt(['lint', '--fail-on', 'error', 'orders.json'], { cwd: dir.dir });
    assert.equal(onlyErrors.code, 0, onlyErrors.stdout);
    assert.match(onlyErrors.stdout, /n-plus-one/, 'the finding is still printed');

    const everything = await tbt(['lint', '--fail-on', 'info', 'orders.json'], { cwd: dir.dir });
    assert.equal(everything.code, 1);
  } finally {
    await dir.dispose();
  }
});

test('--min-repeats raises the N+1 threshold; values below 2 or not whole are usage errors', async () => {
  const dir = await tempDir({ 'orders.json': otlpJson(orderListing(4)) });
  try {
    const raised = await tbt(['lint', '--min-repeats', '5', 'orders.json'], { cwd: dir.dir });
    assert.equal(raised.code, 0, raised.stdout);
    assert.match(raised.stdout, /no findings/);
    const exact = await tbt(['lint', '--min-repeats', '4', 'orders.json'], { cwd: dir.dir });
    assert.equal(exact.code, 1, exact.stdout);
    for (const bad of ['1', 'abc', '2.5']) {
      const result = await tbt(['lint', '--min-repeats', bad, 'orders.json'], { cwd: dir.dir });
      assertUserError(result, /--min-repeats/, new RegExp(`"${bad.replace('.', '\\.')}"`));
    }
  } finally {
    await dir.dispose();
  }
});

test('several files: one result per trace, findings from each, the error from the failing one', async () => {
  const dir = await tempDir({ 'clean.json': otlpJson(orderListing(1)), 'failing.json': zipkinJson(orderListing(3, { failLast: true })) });
  try {
    const result = await tbt(['lint', '--json', 'clean.json', 'failing.json'], { cwd: dir.dir });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as LintJson;
    assert.deepEqual(
      report.results.map((r) => [r.file, r.findings.map((f) => f['rule']).sort()]),
      [
        ['clean.json', []],
        ['failing.json', ['n-plus-one', 'new-error']],
      ],
    );
  } finally {
    await dir.dispose();
  }
});

test('a snapshot given to lint is a usage error naming the file', async () => {
  const snapshot = path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml');
  const result = await tbt(['lint', snapshot]);
  assertUserError(result, snapshot, /is a snapshot; lint needs a trace file/);
  assert.equal(result.stdout, '');
});

test('--fail-on accepts only error, warning or info', async () => {
  const result = await tbt(['lint', '--fail-on', 'fatal', 'x.json']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /argument 'fatal' is invalid\. Allowed choices are error, warning, info/);
});
