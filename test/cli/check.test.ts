// `tbt check`: test files validated without firing anything (exit 0, or 2 with file:line:column
// per problem); with --trace, their specs evaluated on a recorded trace (exit 0 or 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot, sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { assertUserError, tbt, tempDir } from './helpers/cli-harness.ts';
import { orderListing, otlpJson, TRACE_ID } from './helpers/trace-writers.ts';

const TRACETEST_DIRS = ['tracetest-examples', 'otel-demo-tracetest'];

function tracetestFiles(): string[] {
  if (!sharedTracesDir) return [];
  return TRACETEST_DIRS.flatMap((dir) =>
    readdirSync(sharedTrace(dir))
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => sharedTrace(path.join(dir, name))),
  );
}

const testFile = (selector: string, assertion: string, url = 'http://localhost:8080/orders/1'): string =>
  [
    'name: order listing',
    'trigger:',
    '  http:',
    '    method: GET',
    `    url: ${url}`,
    'specs:',
    `  - selector: ${selector}`,
    '    assertions:',
    `      - ${assertion}`,
    '',
  ].join('\n');

test('the Tracetest examples and OpenTelemetry demo tests check as a run would take them: clean once their variables are given', { skip: skipWithoutSharedTraces }, async () => {
  const files = tracetestFiles();
  assert.equal(files.length, 14);
  // A run refuses the demo tests' unset `${var:…_ADDR}` (their VariableSet is the demo's own) and
  // one example's placeholder URL; check says so, each at its line and column.
  const bare = await tbt(['check', ...files]);
  assert.equal(bare.code, 2, bare.stdout + bare.stderr);
  const unset = [...bare.stderr.matchAll(/^\S+:\d+:\d+: variable var:(\w+) is not set/gm)].map((match) => match[1]);
  assert.deepEqual([...new Set(unset)].sort(), ['CART_ADDR', 'CHECKOUT_ADDR', 'EMAIL_ADDR', 'FRONTEND_ADDR', 'PAYMENT_ADDR', 'SHIPPING_ADDR']);
  assert.match(bare.stderr, /aws-step-functions-incident\.yaml:8:12: the trigger URL is not a valid URL: "<your_api_endpoint>\/incident"/);
  assert.match(bare.stderr, /^14 files, 14 tests, 8 problems$/m);
  // The http triggers' variables are base URLs, the gRPC ones host:port addresses.
  const value = (name: string | undefined): string => (['EMAIL_ADDR', 'FRONTEND_ADDR', 'SHIPPING_ADDR'].includes(name ?? '') ? 'http://127.0.0.1:8080' : '127.0.0.1:8080');
  const dir = await tempDir({ 'demo.vars.yaml': [...new Set(unset)].map((name) => `${name}: ${value(name)}`).join('\n') + '\n' });
  try {
    const runnable = files.filter((file) => !file.endsWith('aws-step-functions-incident.yaml'));
    const together = await tbt(['check', ...runnable, '--vars', dir.file('demo.vars.yaml')]);
    assert.equal(together.code, 0, together.stdout + together.stderr);
    assert.match(together.stdout, /^13 files, 13 tests, 0 problems$/m);
    for (const file of runnable) {
      const alone = await tbt(['check', file, '--vars', dir.file('demo.vars.yaml')]);
      assert.equal(alone.code, 0, `${file}\n${alone.stdout}${alone.stderr}`);
      assert.equal(alone.stderr, '');
    }
  } finally {
    await dir.dispose();
  }
});

test('a bad trigger URL and a bad section beside bad specs: check lists every one, as a run would refuse each', async () => {
  const dir = await tempDir({
    'bad.tbt.yaml': [
      'name: t',
      'trigger:',
      '  http:',
      '    method: GET',
      '    url: not a url',
      'tolerances:',
      '  duration: 5 parsecs',
      'normalize:',
      '  mask:',
      "    - pattern: 'ORD-(\\d+'",
      '      replacement: x',
      '',
    ].join('\n'),
  });
  try {
    const result = await tbt(['check', 'bad.tbt.yaml'], { cwd: dir.dir });
    assertUserError(result, /^bad\.tbt\.yaml:5:10: the trigger URL is not a valid URL: "not a url"/m);
    assert.match(result.stderr, /duration/);
    assert.match(result.stderr, /not a valid regular expression/);
    assert.match(result.stderr, /^1 file, 1 test, 3 problems$/m);
  } finally {
    await dir.dispose();
  }
});

test('a Tracetest file with a broken selector on line 22: exit 2 with file:22:75, on stderr', { skip: skipWithoutSharedTraces }, async () => {
  const original = await readFile(sharedTrace('tracetest-examples/bookstore-books-list.yaml'), 'utf8');
  const broken = original.replace('span[name = "Availability Check"]', 'span[name = "Availability Check"');
  assert.notEqual(broken, original);
  const dir = await tempDir({ 'books-list.yaml': broken });
  try {
    const result = await tbt(['check', 'books-list.yaml'], { cwd: dir.dir });
    // Line 22 is `    - selector: span[…] span[name = "Availability Check"`; the "]" is due at its end.
    assertUserError(result, /^books-list\.yaml:22:75: invalid selector/m);
    assert.match(result.stderr, /expected "]" to close the "\["/);
    assert.match(result.stderr, /^1 file, 0 tests, 1 problem$/m);
  } finally {
    await dir.dispose();
  }
});

test('a broken assertion is located at its operator; a good file beside it still counts', async () => {
  const dir = await tempDir({
    'good.tbt.yaml': testFile('span[name="SELECT items"]', 'attr:tracetest.selected_spans.count = 4'),
    'bad.tbt.yaml': testFile('span[name="SELECT items"]', 'attr:tracetest.selected_spans.count == 4'),
  });
  try {
    const result = await tbt(['check', 'good.tbt.yaml', 'bad.tbt.yaml'], { cwd: dir.dir });
    // `      - attr:tracetest.selected_spans.count == 4`: the second "=" is column 46 of line 9.
    assertUserError(result, /^bad\.tbt\.yaml:9:46: invalid assertion/m);
    assert.match(result.stderr, /^2 files, 1 test, 1 problem$/m);
  } finally {
    await dir.dispose();
  }
});

test('--trace: specs that hold exit 0, a failed assertion exits 1 and says what was observed', async () => {
  const dir = await tempDir({
    'orders.json': otlpJson(orderListing(4)),
    'pass.tbt.yaml': testFile('span[name="load order"] span[name="SELECT items"]', 'attr:tracetest.selected_spans.count = 4'),
    'fail.tbt.yaml': testFile('span[name="SELECT items"]', 'attr:tracetest.selected_spans.count <= 3'),
  });
  try {
    const pass = await tbt(['check', 'pass.tbt.yaml', '--trace', 'orders.json'], { cwd: dir.dir });
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    assert.match(pass.stdout, /✓ span\[name="load order"\] span\[name="SELECT items"\] {2}attr:tracetest\.selected_spans\.count = 4/);
    assert.match(pass.stdout, /1 passed, 0 failed/);

    const fail = await tbt(['check', 'fail.tbt.yaml', '--trace', 'orders.json'], { cwd: dir.dir });
    assert.equal(fail.code, 1, fail.stdout + fail.stderr);
    assert.match(fail.stdout, /✗ span\[name="SELECT items"\] {2}attr:tracetest\.selected_spans\.count <= 3 {2}\(fail\.tbt\.yaml:9\)/);
    assert.match(fail.stdout, /tracetest\.selected_spans\.count is 4, expected <= 3/);
    assert.match(fail.stdout, /0 passed, 1 failed/);
    assert.equal(fail.stderr, '');
  } finally {
    await dir.dispose();
  }
});

test('--trace on the HotROD N+1: the 13 GetDriver calls, 3 of them in error', { skip: skipWithoutSharedTraces }, async () => {
  const dir = await tempDir({
    'count.tbt.yaml': testFile('span[name="GetDriver"]', 'attr:tracetest.selected_spans.count = 13'),
    'errors.tbt.yaml': testFile('span[name="GetDriver" tracetest.span.status_code="error"]', 'attr:tracetest.selected_spans.count = 3'),
  });
  try {
    const result = await tbt(['check', 'count.tbt.yaml', 'errors.tbt.yaml', '--trace', sharedTrace('jaeger-skill-fixtures/n_plus_one_positive.json')], { cwd: dir.dir });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout.match(/1 passed, 0 failed/g)?.length, 2, result.stdout);
  } finally {
    await dir.dispose();
  }
});

test('a ${var:X} no VariableSet defines: exit 2 naming the variable and the file; --vars supplies it', async () => {
  const dir = await tempDir({
    'orders.json': otlpJson(orderListing(4)),
    'vars.tbt.yaml': testFile('span[name="SELECT items"]', 'attr:tracetest.selected_spans.count = "${var:EXPECTED_ITEMS}"'),
    'items.vars.yaml': 'type: VariableSet\nspec:\n  id: items\n  name: items\n  values:\n    - key: EXPECTED_ITEMS\n      value: "4"\n',
  });
  try {
    const missing = await tbt(['check', 'vars.tbt.yaml', '--trace', 'orders.json'], { cwd: dir.dir });
    assertUserError(missing, /^vars\.tbt\.yaml:\d+:\d+: variable var:EXPECTED_ITEMS is not set/m);
    assert.match(missing.stderr, /--vars/);

    const given = await tbt(['check', 'vars.tbt.yaml', '--trace', 'orders.json', '--vars', 'items.vars.yaml'], { cwd: dir.dir });
    assert.equal(given.code, 0, given.stdout + given.stderr);
  } finally {
    await dir.dispose();
  }
});

test('an unset ${env:X} in a trigger is a problem at its column, as the run would refuse it; the config\'s env: and tbt\'s environment set it', async () => {
  const dir = await tempDir({
    'orders.tbt.yaml': testFile('span[name="SELECT items"]', 'attr:tracetest.selected_spans.count = 4', '${env:ORDERS_URL}/orders/${env:ORDER_ID}'),
  });
  try {
    const unset = await tbt(['check', 'orders.tbt.yaml'], { cwd: dir.dir });
    assertUserError(unset, /^orders\.tbt\.yaml:5:10: variable env:ORDERS_URL is not set \(used in trigger http url\)$/m);
    assert.match(unset.stderr, /^orders\.tbt\.yaml:5:35: variable env:ORDER_ID is not set/m);
    assert.match(unset.stderr, /1 file, 1 test, 2 problems/);

    // The config's env: counts, as in a run (tbt's environment with the config's env: over it)...
    await writeFile(path.join(dir.dir, 'tbt.config.yaml'), 'env:\n  ORDERS_URL: http://127.0.0.1:${port:orders}\n');
    const fromConfig = await tbt(['check', 'orders.tbt.yaml'], { cwd: dir.dir, env: { ORDER_ID: '7' } });
    assert.equal(fromConfig.code, 0, fromConfig.stdout + fromConfig.stderr);
    assert.match(fromConfig.stdout, /^1 file, 1 test, 0 problems$/m);

    // ...and a config the run could not load is a problem of the check too.
    await writeFile(path.join(dir.dir, 'tbt.config.yaml'), 'env:\n  ORDERS_URL: ${env:ORDERS_HOST}\n');
    const badConfig = await tbt(['check', 'orders.tbt.yaml'], { cwd: dir.dir, env: { ORDER_ID: '7' } });
    assertUserError(badConfig, /^tbt\.config\.yaml:2:15: env\.ORDERS_URL uses \$\{env:ORDERS_HOST\}, but ORDERS_HOST is not set/m);
  } finally {
    await dir.dispose();
  }
});

test('--trace with a snapshot, or with a missing trace or VariableSet file: exit 2 naming the file', async () => {
  const dir = await tempDir({ 'ok.tbt.yaml': testFile('span[name="x"]', 'attr:tracetest.selected_spans.count = 0') });
  const snapshot = path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml');
  try {
    assertUserError(await tbt(['check', 'ok.tbt.yaml', '--trace', snapshot], { cwd: dir.dir }), snapshot, /exactly one trace/);
    assertUserError(await tbt(['check', 'ok.tbt.yaml', '--trace', 'gone.json'], { cwd: dir.dir }), 'gone.json', /no such file/);
    assertUserError(await tbt(['check', 'ok.tbt.yaml', '--vars', 'gone.vars.yaml'], { cwd: dir.dir }), 'gone.vars.yaml', /no such file/);
    // Two traces, one per line (the Collector file exporter's JSON lines): which one would it be?
    const first = otlpJson(orderListing(1));
    await writeFile(path.join(dir.dir, 'two.jsonl'), `${first}\n${first.replaceAll(TRACE_ID, 'ab'.repeat(16))}\n`);
    assertUserError(await tbt(['check', 'ok.tbt.yaml', '--trace', 'two.jsonl'], { cwd: dir.dir }), 'two.jsonl', /holds 2 traces/);
    const missingTest = await tbt(['check', 'gone.tbt.yaml'], { cwd: dir.dir });
    assertUserError(missingTest, /^gone\.tbt\.yaml: cannot read gone\.tbt\.yaml: no such file/m);
  } finally {
    await dir.dispose();
  }
});
