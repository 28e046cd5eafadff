// Assertions on a hand-built checkout trace: every operator, filter and special attribute, the
// zero-match rules, and each Tracetest defect tbt fixes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssertionResult } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { evaluateOutputs, evaluateSpecs, type EvaluationScope } from '../../src/query/index.ts';
import { buildTree, checkoutTree } from './support/trees.ts';

const tree = checkoutTree();
const scope: EvaluationScope = { env: { CURRENCY: 'EUR', LIMIT: '50' }, vars: { ORDER: 'o-1', MIN_ROWS: '0' } };

function run(selector: string, assertion: string, target = tree): AssertionResult {
  const [result] = evaluateSpecs([{ selector, assertions: [assertion], location: { file: 'checkout.tbt.yaml', line: 7 } }], [], target, scope);
  assert.ok(result);
  return result;
}

function passes(selector: string, assertion: string): void {
  const result = run(selector, assertion);
  assert.equal(result.passed, true, `${selector} | ${assertion}: ${result.message ?? ''} ${JSON.stringify(result.spans)}`);
}

function fails(selector: string, assertion: string, why?: RegExp): AssertionResult {
  const result = run(selector, assertion);
  assert.equal(result.passed, false, `${selector} | ${assertion} should fail`);
  if (why) assert.match([result.message, ...result.spans.map((span) => span.message)].join(' | '), why);
  return result;
}

const CHARGE = 'span[name="charge"]';
const TRIGGER = 'span[name="Tracetest trigger"]';

describe('comparison operators', () => {
  it('= and != on strings, numbers, booleans and arrays', () => {
    passes(CHARGE, 'attr:payment.currency = "EUR"');
    passes(CHARGE, 'attr:payment.currency != "USD"');
    passes(CHARGE, 'attr:payment.amount = 12.5');
    passes(CHARGE, 'attr:payment.tags = ["card", "visa"]');
    passes(CHARGE, 'attr:payment.tags = \'["card","visa"]\'');
    fails(CHARGE, 'attr:payment.amount != 12.5');
  });

  it('< <= > >= on integers, floats and negatives, as numbers (not text)', () => {
    passes(CHARGE, 'attr:payment.amount > 12.49');
    passes(CHARGE, 'attr:payment.amount < 12.51');
    passes(CHARGE, 'attr:payment.amount >= 12.5');
    passes(CHARGE, 'attr:payment.amount <= 12.5');
    passes(CHARGE, 'attr:payment.retries < 0');
    passes(CHARGE, 'attr:payment.retries = -1');
    passes('span[name="POST /v1/charges"]', 'attr:http.response.status_code < 300');
    passes('span[name="POST /v1/charges"]', 'attr:http.response.status_code > 99');
    fails(CHARGE, 'attr:payment.amount > 100');
  });

  it('contains and not-contains on text, arrays, maps and JSON', () => {
    passes('span[name="POST /v1/charges"]', 'attr:url.full contains "/v1/"');
    passes('span[name="POST /v1/charges"]', 'attr:url.full not-contains "/v2/"');
    passes(CHARGE, 'attr:payment.tags contains "visa"');
    passes(CHARGE, 'attr:payment.tags not-contains "amex"');
    passes(TRIGGER, 'attr:tracetest.response.headers contains "content-type"');
    passes(TRIGGER, 'attr:tracetest.response.body contains \'{"items":[{"sku":"B-7"}]}\'');
    passes(TRIGGER, 'attr:tracetest.response.body not-contains \'{"items":[{"sku":"Z-9"}]}\'');
    passes(TRIGGER, '[200, 201] contains attr:tracetest.response.status');
    fails(CHARGE, 'attr:payment.tags contains "amex"');
  });

  it('=~ matches a regular expression', () => {
    passes('span[name="POST /v1/charges"]', 'attr:url.full =~ "^https://psp\\.example/v\\d+/"');
    fails('span[name="POST /v1/charges"]', 'attr:url.full =~ "^http://"');
  });
});

describe('durations', () => {
  it('compares exactly in every unit, never rounded', () => {
    passes('span[name="reserve"]', 'attr:tracetest.span.duration = 1234567ns');
    passes('span[name="reserve"]', 'attr:tracetest.span.duration = 1234.567us');
    passes('span[name="reserve"]', 'attr:tracetest.span.duration > 1.234566ms');
    passes('span[name="reserve"]', 'attr:tracetest.span.duration < 1.234568ms');
    passes('span[name="reserve"]', 'attr:tracetest.span.duration != 1ms');
    passes('span[name="reserve"]', 'attr:tracetest.span.duration < 0.0013s');
    passes(CHARGE, 'attr:tracetest.span.duration = 0.04s');
    passes(CHARGE, 'attr:tracetest.span.duration < 1m');
    passes(CHARGE, 'attr:tracetest.span.duration < 1h');
    passes(CHARGE, 'attr:tracetest.span.duration = 40000000');
  });

  it('keeps start_time, end_time and duration consistent to the nanosecond', () => {
    passes('span[name="reserve"]', 'attr:tracetest.span.end_time - attr:tracetest.span.start_time = attr:tracetest.span.duration');
  });
});

describe('expressions', () => {
  it('uses the usual precedence and parentheses', () => {
    passes(CHARGE, 'attr:payment.amount * 2 + 1 = 26');
    passes(CHARGE, 'attr:payment.amount * (2 + 1) = 37.5');
    passes(CHARGE, '10 - 4 - 3 = 3');
    passes(CHARGE, '2 * 3 % 4 = 2');
    passes(CHARGE, '-attr:payment.retries = 1');
    passes(CHARGE, 'attr:tracetest.span.duration * 2 = 80ms');
    passes(CHARGE, 'attr:tracetest.span.duration / 40ms = 1');
    passes(CHARGE, 'attr:tracetest.span.duration - 10ms = 30ms');
  });

  it('interpolates ${…} in strings and reads var: and env:', () => {
    passes(CHARGE, 'attr:payment.currency = "${env:CURRENCY}"');
    passes(CHARGE, 'attr:payment.currency = env:CURRENCY');
    passes(CHARGE, '"paid ${attr:payment.amount} ${attr:payment.currency}" = "paid 12.5 EUR"');
    passes(CHARGE, 'attr:tracetest.span.duration < env:LIMIT * 1ms');
    passes('span[db.system="sqlite"]:last', 'attr:db.rows = var:MIN_ROWS');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.orderId\' = var:ORDER');
  });

  it('throws TbtError variable (exit 2) naming the variable and the file for a missing one', () => {
    assert.throws(
      () => run(CHARGE, 'attr:payment.currency = env:NOPE'),
      (error: unknown) =>
        error instanceof TbtError && error.kind === 'variable' && error.message.includes('env:NOPE') && error.location?.file === 'checkout.tbt.yaml' && error.location.line === 7,
    );
  });

  it('reports a failed computation as a failed assertion with its reason', () => {
    fails(CHARGE, 'attr:payment.amount / 0 = 1', /division by zero/);
    fails(CHARGE, 'attr:payment.tags * 2 = 1', /cannot compute/);
  });
});

describe('filters', () => {
  it('json_path returns typed values, arrays for several matches, and works without $', () => {
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.total\' = 12.5');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'.orderId\' = "o-1"');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.items[*].sku\' = \'["A-1","B-7"]\'');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$..qty\' = [2, 1]');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path "$.items[?(@.qty > 1)].sku" = "A-1"');
    passes('span[kind="producer"]', 'attr:messaging.payload | json_path \'$.fields.routingKey\' = "ship"');
    fails(TRIGGER, 'attr:tracetest.response.body | json_path \'$.missing\' != ""', /matched nothing/);
    fails(CHARGE, 'attr:payment.currency | json_path \'$.a\' = 1', /needs JSON/);
  });

  it('regex and regex_group extract text', () => {
    passes('span[name="POST /v1/charges"]', 'attr:url.full | regex "v\\d+" = "v1"');
    passes(CHARGE, '\'Hello Marcus, today you have 8 meetings\' | regex_group \'Hello (\\w+), today you have (\\d+) meetings\' = \'["Marcus", 8]\'');
  });

  it('get_index, length and type', () => {
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.items[*].sku\' | get_index 1 = "B-7"');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.items[*].sku\' | get_index \'last\' = "B-7"');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.items\' | length = 2');
    passes(CHARGE, 'attr:payment.currency | length = 1');
    passes(CHARGE, 'attr:payment.amount | type = "number"');
    passes(CHARGE, 'attr:tracetest.span.duration | type = "duration"');
    passes(CHARGE, 'attr:payment.tags | type = "array"');
    passes(CHARGE, '["number", "string"] contains attr:payment.currency | type');
    fails(CHARGE, 'attr:payment.tags | get_index 5 = 1', /out of bounds/);
  });
});

describe('special attributes', () => {
  it('tracetest.span.* on every span', () => {
    passes('span[name="reserve"]', 'attr:tracetest.span.name = "reserve"');
    passes('span[name="reserve"]', 'attr:name = "reserve"');
    passes('span[name="reserve"]', 'attr:tracetest.span.type = "general"');
    passes('span[name="reserve"]', 'attr:tracetest.span.status_code = "STATUS_CODE_ERROR"');
    passes('span[name="reserve"]', 'attr:tracetest.span.status_code = "error"');
    passes('span[name="reserve"]', 'attr:tracetest.span.status_description = "out of stock"');
    passes('span[name="reserve"]', 'attr:tracetest.span.parent_id = "0000000000000002"');
    passes('span[name="reserve"]', 'attr:tracetest.span.start_time > 0');
    passes(CHARGE, 'attr:tracetest.span.status_code = "unset"');
    passes(CHARGE, 'attr:kind = "internal"');
  });

  it('tracetest.response.* on the trigger root only', () => {
    passes(TRIGGER, 'attr:tracetest.response.status = 200');
    passes(TRIGGER, 'attr:tracetest.response.body | json_path \'$.orderId\' = "o-1"');
    passes(TRIGGER, 'attr:tracetest.response.headers | json_path \'$.x-request-id\' = "req-1"');
    fails(CHARGE, 'attr:tracetest.response.status = 200', /attribute tracetest\.response\.status is absent/);
  });

  it('span events and links are reachable', () => {
    passes('span[name="reserve"]', 'attr:span.events contains "exception"');
    passes('span[name="reserve"]', 'attr:span.events | json_path \'$[0].attributes["exception.type"]\' = "StockError"');
    passes(CHARGE, 'attr:span.events not-contains "exception"');
    passes('span[kind="producer"]', 'attr:span.links | length = 1');
    passes('span[kind="producer"]', 'attr:span.links contains \'{"attributes":{"link.kind":"follows"}}\'');
  });

  it('bare keys fall back to resource attributes; resource. and scope. are explicit', () => {
    passes('span[name="POST /checkout"]', 'attr:deployment.environment = "test"');
    passes('span[name="POST /checkout"]', 'attr:resource.host.name = "box-1"');
    passes('span[name="POST /checkout"]', 'attr:service.name = "api-gateway"');
    passes('span[name="POST /checkout"]', 'attr:scope.version = "1.0.0"');
  });
});

describe('selection semantics', () => {
  it('runs an assertion on every selected span; all must pass, and each failure shows its path and value', () => {
    const result = fails('span[db.system="sqlite"]', 'attr:db.rows = 1');
    assert.equal(result.spans.length, 2);
    assert.deepEqual(
      result.spans.map((span) => [span.path, span.observed, span.passed]),
      [
        ['api-gateway › POST /checkout › inventory-service › SELECT stock', 1, true],
        ['api-gateway › POST /checkout › inventory-service › SELECT stock', 0, false],
      ],
    );
    assert.equal(result.spans[1]?.message, 'expected = 1');
    assert.equal(result.message, '1 of 2 selected spans failed');
    assert.equal(result.file, 'checkout.tbt.yaml');
    assert.equal(result.line, 7);
  });

  it('with zero matches, selected_spans.count = 0 passes and any other attr: fails with no span matched', () => {
    passes('span[name="nope"]', 'attr:tracetest.selected_spans.count = 0');
    const result = fails('span[name="nope"]', 'attr:http.response.status_code = 200');
    assert.equal(result.message, 'no span matched span[name="nope"]');
    assert.deepEqual(result.spans, []);
  });

  it('a missing attribute fails with "attribute KEY is absent", never a crash', () => {
    const result = fails(CHARGE, 'attr:http.route = "/x"');
    assert.equal(result.spans[0]?.message, 'attribute http.route is absent');
    fails(CHARGE, 'attr:http.route != "/x"', /is absent/);
  });

  it('a failed count says what it counted and lists the spans once, not each as a failure', () => {
    const result = fails('span[db.system="sqlite"]', 'attr:tracetest.selected_spans.count = 1');
    assert.equal(
      result.message,
      'tracetest.selected_spans.count is 2, expected = 1\nselected: api-gateway › POST /checkout › inventory-service › SELECT stock ×2',
    );
    assert.deepEqual(result.spans, []);
  });
});

describe('aggregates', () => {
  it('count, sum, min, max and avg evaluate once over the selection', () => {
    passes('span[db.system="sqlite"]', 'count() = 2');
    passes('span[db.system="sqlite"]', 'sum(attr:tracetest.span.duration) = 7.5ms');
    passes('span[db.system="sqlite"]', 'min(attr:tracetest.span.duration) = 3ms');
    passes('span[db.system="sqlite"]', 'max(attr:db.rows) = 1');
    passes('span[db.system="sqlite"]', 'avg(attr:tracetest.span.duration) = 3.75ms');
    passes('span[service.name="payment-service"]', 'sum(attr:tracetest.span.duration) < 200ms');
    passes('span[name="nope"]', 'count() = 0');
    passes('span[name="nope"]', 'sum(attr:tracetest.span.duration) = 0');
    fails('span[name="nope"]', 'max(attr:tracetest.span.duration) > 0', /max\(\) has no value: no span matched span\[name="nope"\]/);
    fails('span[db.system="sqlite"]', 'sum(attr:http.route) = 0', /is absent/);
  });

  it('mixes with per-span values', () => {
    passes('span[db.system="sqlite"]', 'attr:tracetest.span.duration <= max(attr:tracetest.span.duration)');
  });

  it('keeps avg() exact even when it has no finite decimal', () => {
    const target = buildTree([{ name: 'root', children: [1n, 1n, 2n].map((ns, index) => ({ name: 'leaf', start: index, durationNs: ns })) }]);
    const [result] = evaluateSpecs([{ selector: 'span[name="leaf"]', assertions: ['avg(attr:tracetest.span.duration) * 3 = 4ns'] }], [], target, scope);
    assert.equal(result?.passed, true);
  });
});

describe('outputs', () => {
  it('evaluates Tracetest outputs on the first selected span, as text', () => {
    const outputs = evaluateOutputs(
      [
        { name: 'ORDER_ID', selector: TRIGGER, value: "attr:tracetest.response.body | json_path '$.orderId'" },
        { name: 'ROWS', selector: 'span[db.system="sqlite"]', value: 'attr:db.rows' },
        { name: 'NONE', selector: 'span[name="nope"]', value: 'attr:x' },
      ],
      tree,
      scope,
    );
    assert.deepEqual(outputs, [{ name: 'ORDER_ID', value: 'o-1' }, { name: 'ROWS', value: '1' }, { name: 'NONE', error: 'no span matched span[name="nope"]' }]);
  });
});
