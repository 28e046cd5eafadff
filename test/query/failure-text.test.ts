// What a failed assertion says: observed against wanted (per span, and once for counts and
// aggregates), the user's own spelling of status codes and kinds, the selection listed once, the
// assertion's own line and the spec's name; and parse errors that keep to one column system.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssertionResult, SpecDefinition } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { compileCollecting, evaluateSpecs, parseSelector, type EvaluationScope } from '../../src/query/index.ts';
import { ParseError } from '../../src/query/errors.ts';
import { buildTree, checkoutTree } from './support/trees.ts';

const tree = checkoutTree();
const scope: EvaluationScope = { env: { CURRENCY: 'EUR' }, vars: { MIN_ROWS: '0' } };
const STOCK = 'api-gateway › POST /checkout › inventory-service › SELECT stock';

function failed(selector: string, assertion: string, target = tree): AssertionResult {
  const [result] = evaluateSpecs([{ selector, assertions: [assertion] }], [], target, scope);
  assert.ok(result);
  assert.equal(result.passed, false, `${selector} | ${assertion} should fail`);
  return result;
}

/** The one failing span's observed value and message. */
function spanFailure(selector: string, assertion: string): [unknown, string | undefined] {
  const span = failed(selector, assertion).spans.find((entry) => !entry.passed);
  assert.ok(span);
  return [span.observed, span.message];
}

describe('a failed comparison reads as observed, then wanted', () => {
  it('counts: "tracetest.selected_spans.count is 2, expected = 1", with no span blamed on its own', () => {
    const result = failed('span[db.system="sqlite"]', 'attr:tracetest.selected_spans.count = 1');
    assert.equal(result.message, `tracetest.selected_spans.count is 2, expected = 1\nselected: ${STOCK} ×2`);
    assert.deepEqual(result.spans, []);
  });

  it('aggregates name themselves as written', () => {
    assert.equal(failed('span[db.system="sqlite"]', 'sum(attr:tracetest.span.duration) < 1ms').message, `sum(attr:tracetest.span.duration) is 7.5ms, expected < 1ms\nselected: ${STOCK} ×2`);
    assert.equal(failed('span[db.system="sqlite"]', 'count() >= 3').message?.split('\n')[0], 'count() is 2, expected >= 3');
  });

  it('an empty selection lists nothing', () => {
    assert.equal(failed('span[name="nope"]', 'attr:tracetest.selected_spans.count = 1').message, 'tracetest.selected_spans.count is 0, expected = 1');
  });

  it('observes the count even when it is written on the right, turning the operator around', () => {
    assert.equal(failed('span[db.system="sqlite"]', '1 = attr:tracetest.selected_spans.count').message?.split('\n')[0], 'tracetest.selected_spans.count is 2, expected = 1');
    assert.equal(failed('span[db.system="sqlite"]', '1 >= count()').message?.split('\n')[0], 'count() is 2, expected <= 1');
  });

  it('per span: the span carries the observed value and the message says what was wanted', () => {
    assert.deepEqual(spanFailure('span[db.system="sqlite"]', 'attr:db.rows >= 1'), [0, 'expected >= 1']);
    assert.deepEqual(spanFailure('span[name="charge"]', '13 <= attr:payment.amount'), [12.5, 'expected >= 13']);
    assert.deepEqual(spanFailure('span[name="charge"]', '"visa card" contains attr:payment.currency'), ['EUR', 'expected "visa card" contains it']);
  });

  it('a computed expectation names where its value came from', () => {
    assert.deepEqual(spanFailure('span[db.system="sqlite"]', 'attr:db.rows = var:MIN_ROWS'), [1, 'expected = "0" (var:MIN_ROWS)']);
    assert.deepEqual(spanFailure('span[name="charge"]', 'attr:payment.amount > attr:payment.amount * 2'), [12.5, 'expected > 25 (attr:payment.amount * 2)']);
  });

  it('a per-span failure says how many of the selected spans failed', () => {
    assert.equal(failed('span[name="charge"]', 'attr:payment.amount > 100').message, '1 of 1 selected span failed');
    assert.equal(failed('span[db.system="sqlite"]', 'attr:db.rows > 5').message, '2 of 2 selected spans failed');
  });
});

describe('status codes and kinds stay in the spelling the user wrote', () => {
  it('"error" is observed as error, never STATUS_CODE_ERROR', () => {
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code != "error"'), ['error', 'expected != "error"']);
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code = "ok"'), ['error', 'expected = "ok"']);
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code = "OK"'), ['ERROR', 'expected = "OK"']);
  });

  it('Tracetest\'s own spelling, and numbers, are kept too', () => {
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code = "STATUS_CODE_OK"'), ['STATUS_CODE_ERROR', 'expected = "STATUS_CODE_OK"']);
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code = 0'), [2, 'expected = 0']);
    assert.deepEqual(spanFailure('span[name="reserve"]', '"unset" = attr:tracetest.span.status_code'), ['error', 'expected = "unset"']);
  });

  it('kinds: SPAN_KIND_X, upper and lower case', () => {
    assert.deepEqual(spanFailure('span[name="SELECT stock"]:first', 'attr:tracetest.span.kind = "SPAN_KIND_SERVER"'), ['SPAN_KIND_CLIENT', 'expected = "SPAN_KIND_SERVER"']);
    assert.deepEqual(spanFailure('span[name="SELECT stock"]:first', 'attr:kind = "SERVER"'), ['CLIENT', 'expected = "SERVER"']);
  });

  it('a literal that is not a status leaves the observed value as the model spells it', () => {
    assert.deepEqual(spanFailure('span[name="reserve"]', 'attr:tracetest.span.status_code = "broken"'), ['STATUS_CODE_ERROR', 'expected = "broken"']);
  });
});

describe('the selection of a count or an aggregate is listed once, compactly', () => {
  it('distinct paths one per line, at most five, then how many more', () => {
    const target = buildTree([{ name: 'root', children: Array.from({ length: 8 }, (_, index) => ({ name: `call ${index < 7 ? index : 0}`, start: index })) }]);
    const lines = failed('span[name=~"call"]', 'count() = 1', target).message?.split('\n');
    assert.deepEqual(lines, ['count() is 8, expected = 1', 'selected 8 spans:', '  svc › root › call 0 ×2', '  svc › root › call 1', '  svc › root › call 2', '  svc › root › call 3', '  svc › root › call 4', '  and 2 more']);
  });
});

describe('where a result is reported', () => {
  const specs: SpecDefinition[] = [
    {
      name: 'stock is read once',
      selector: 'span[db.system="sqlite"]',
      assertions: ['attr:db.system = "sqlite"', 'attr:tracetest.selected_spans.count = 1'],
      location: { file: 't.tbt.yaml', line: 18, column: 5 },
      assertionLocations: [
        { file: 't.tbt.yaml', line: 21, column: 9 },
        { file: 't.tbt.yaml', line: 22, column: 9 },
      ],
    },
    { selector: 'span[name="charge"]', assertions: ['attr:payment.amount = 1'], location: { file: 't.tbt.yaml', line: 30, column: 5 } },
  ];

  it('at each assertion\'s own line, with the spec\'s name', () => {
    const results = evaluateSpecs(specs, [], tree, scope);
    assert.deepEqual(results.map((result) => [result.specName, result.file, result.line, result.passed]), [
      ['stock is read once', 't.tbt.yaml', 21, true],
      ['stock is read once', 't.tbt.yaml', 22, false],
      [undefined, 't.tbt.yaml', 30, false],
    ]);
  });

  it('a missing variable in an assertion is located at that assertion', () => {
    const located: SpecDefinition = { ...specs[0] as SpecDefinition, assertions: ['attr:db.system = "sqlite"', 'attr:db.rows = var:ROWS'] };
    assert.throws(
      () => evaluateSpecs([located], [], tree, scope),
      (error: unknown) => error instanceof TbtError && error.kind === 'variable' && error.location?.line === 22 && error.location.column === 9,
    );
  });

  it('two aggregates in one spec each get their own value', () => {
    const results = evaluateSpecs([{ selector: 'span[db.system="sqlite"]', assertions: ['sum(attr:tracetest.span.duration) = 7.5ms', 'max(attr:db.rows) = 1'] }], [], tree, scope);
    assert.deepEqual(results.map((result) => result.passed), [true, true]);
  });
});

describe('parse errors keep to one column system', () => {
  it('unlocated, both columns count within the selector', () => {
    assert.throws(
      () => parseSelector('span[name="a"'),
      (error: unknown) => error instanceof ParseError && error.message === 'invalid selector at column 14: expected "]" to close the "[" at column 5',
    );
  });

  it('located in a file, the "[" is given in file columns, or named as a selector column when those are unknown', () => {
    const spec = { selector: 'span[name="a"] span[name="b"', assertions: [] };
    const inline = compileCollecting([spec], [], 'c.tbt.yaml', { locate: () => ({ file: 'c.tbt.yaml', line: 3, column: 15, layout: 'inline' }) }).problems[0];
    assert.equal(inline?.location?.column, 43);
    assert.match(inline?.message ?? '', /expected "\]" to close the "\[" at column 34$/);
    const folded = compileCollecting([spec], [], 'c.tbt.yaml', { locate: () => ({ file: 'c.tbt.yaml', line: 3, column: 15, layout: 'unknown' }) }).problems[0];
    assert.deepEqual([folded?.location?.line, folded?.location?.column], [3, 15]);
    assert.match(folded?.message ?? '', /to close the "\[" at selector column 20$/);
    const block = compileCollecting([{ selector: 'span[name="a"]\n  span[name="b"\n', assertions: [] }], [], 'c.tbt.yaml', {
      locate: () => ({ file: 'c.tbt.yaml', line: 4, column: 7, layout: 'block' }),
    }).problems[0];
    // The end of a block selector is just after its last character, not on the trailing newline.
    assert.deepEqual([block?.location?.line, block?.location?.column], [5, 22]);
    assert.match(block?.message ?? '', /to close the "\[" at column 13$/);
  });

  it('the caret excerpt assumes no prefix: its lines align when printed with any common indent', () => {
    let hint = '';
    try {
      parseSelector('span[name="a"]\tspam');
    } catch (error) {
      hint = error instanceof ParseError ? (error.hint ?? '') : '';
    }
    const [line, caret, advice] = hint.split('\n');
    assert.equal(line, 'span[name="a"] spam');
    assert.equal(caret, `${' '.repeat(15)}^`);
    assert.equal(advice, undefined);
    const [, , withAdvice] = (() => {
      try {
        parseSelector('span[name ~ "a"]');
      } catch (error) {
        return error instanceof ParseError ? (error.hint ?? '').split('\n') : [];
      }
      return [];
    })();
    assert.match(withAdvice ?? '', /operators: =/);
  });
});
