// Renderers for `tbt query` and `tbt check --trace`, and compile-time error locations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TbtError } from '../../src/model/index.ts';
import { compileCollecting, compileSpecs, evaluateSpecs, queryTree } from '../../src/query/index.ts';
import { formatQueryMatches } from '../../src/report/index.ts';
import { formatAssertionResults } from '../../src/report/render-check.ts';
import { checkoutTree } from './support/trees.ts';

const tree = checkoutTree();

describe('formatQueryMatches', () => {
  it('prints one span per line with its path, then the count', () => {
    const text = formatQueryMatches(queryTree('span[service.name="payment-service"]', tree));
    assert.equal(
      text,
      [
        'api-gateway › POST /checkout › payment-service › charge',
        'api-gateway › POST /checkout › payment-service › charge › POST /v1/charges  (client)',
        '2 spans matched',
        '',
      ].join('\n'),
    );
    assert.equal(formatQueryMatches(queryTree('span[name="nope"]', tree)), 'no span matched\n');
  });

  it('prints a JSON array with name, service, kind, path and attributes', () => {
    const parsed: unknown = JSON.parse(formatQueryMatches(queryTree('span[kind="consumer"]', tree), { json: true }));
    assert.deepEqual(parsed, [
      {
        name: 'process shipping-queue',
        service: 'shipping-worker',
        kind: 'consumer',
        path: 'api-gateway › POST /checkout › publish shipping-queue › shipping-worker › process shipping-queue',
        attributes: { 'messaging.system': 'kafka', 'messaging.operation': 'process' },
        count: 1,
      },
    ]);
  });
});

describe('formatAssertionResults', () => {
  it('shows each failure with selector, assertion, and each failing span with path and observed value', () => {
    const results = evaluateSpecs(
      [{ selector: 'span[db.system="sqlite"]', assertions: ['attr:db.rows >= 1', 'attr:tracetest.selected_spans.count = 2'], location: { file: 'c.tbt.yaml', line: 4 } }],
      [],
      tree,
      { env: {}, vars: {} },
    );
    assert.equal(
      formatAssertionResults(results),
      [
        '✗ span[db.system="sqlite"]  attr:db.rows >= 1  (c.tbt.yaml:4)',
        '    1 of 2 selected spans failed',
        '    api-gateway › POST /checkout › inventory-service › SELECT stock: observed 0  (expected >= 1)',
        '✓ span[db.system="sqlite"]  attr:tracetest.selected_spans.count = 2',
        '1 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });
});

describe('compileSpecs', () => {
  it('throws the first problem located at the spec, naming the part', () => {
    assert.throws(
      () => compileSpecs([{ name: 'pays', selector: 'span[name="charge"]', assertions: ['attr:x = 1', 'attr:x === 1'], location: { file: 'c.tbt.yaml', line: 9, column: 5 } }], [], 'c.tbt.yaml'),
      (error: unknown) =>
        error instanceof TbtError && error.kind === 'syntax' && /assertion 2 of spec "pays"/.test(error.message) && error.location?.line === 9,
    );
  });

  it('maps offsets through a locator to exact columns, and collects every problem', () => {
    const { problems } = compileCollecting(
      [{ selector: 'span[name=charge]', assertions: ['attr:x = 1', 'attr:x | nope = 1'] }],
      [],
      'c.tbt.yaml',
      {
        locate: (ref) =>
          ref.part === 'spec-selector'
            ? { file: 'c.tbt.yaml', line: 3, column: 15, layout: 'inline' }
            : ref.part === 'assertion'
              ? { file: 'c.tbt.yaml', line: 5 + ref.index, column: 9, layout: 'inline' }
              : undefined,
      },
    );
    assert.deepEqual(problems.map((problem) => [problem.location?.line, problem.location?.column]), [
      [3, 25],
      [6, 18],
    ]);
  });

  it('rejects unknown filters, functions, pseudo-classes, bad arity, bad regexes and bad JSON paths', () => {
    const bad = [
      ['span', 'attr:x | nope = 1'],
      ['span', 'median(attr:x) = 1'],
      ['span:second', 'attr:x = 1'],
      ['span', 'attr:x | json_path = 1'],
      ['span', 'count(attr:x) = 1'],
      ['span', 'sum(max(attr:x)) = 1'],
      ['span', 'attr:x =~ "("'],
      ['span', "attr:x | json_path '$[' = 1"],
      ['span', "attr:x | regex '(' = 1"],
      ['span', 'attr:x | get_index -1 = 1'],
    ];
    for (const [selector, assertion] of bad) {
      const { problems } = compileCollecting([{ selector: selector as string, assertions: [assertion as string] }], [], 't.yaml');
      assert.equal(problems.length, 1, `${selector} ${assertion}`);
      assert.equal(problems[0]?.kind, 'syntax');
    }
  });
});
