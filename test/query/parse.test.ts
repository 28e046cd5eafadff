// The grammar layer: syntax trees of representative selectors and assertions (snapshotted with
// their offsets stripped), and errors asserted by kind and position, not by wording.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAssertion, parseSelector } from '../../src/query/index.ts';
import { ParseError } from '../../src/query/errors.ts';
import { parseExpression } from '../../src/query/parse.ts';
import { printAssertion, printSelector } from '../../src/query/print.ts';

/** The tree without offsets: what a snapshot of the AST should pin. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (key !== 'span' && !key.endsWith('Span')) out[key] = strip(inner);
    return out;
  }
  return value;
}

function parseFails(parse: (text: string) => unknown, text: string): ParseError {
  try {
    parse(text);
  } catch (error) {
    assert.ok(error instanceof ParseError, `expected a ParseError, got ${String(error)}`);
    assert.equal(error.kind, 'syntax');
    return error;
  }
  assert.fail(`"${text}" parsed, but should not`);
}

describe('parseSelector', () => {
  it('snapshots a Tracetest selector with attribute filters, contains and a pseudo-class', () => {
    assert.deepEqual(strip(parseSelector('span[tracetest.span.type="http" service.name contains "api"]:first')), {
      groups: [
        {
          steps: [
            {
              filters: [
                { key: 'tracetest.span.type', operator: '=', value: { kind: 'string', parts: [{ kind: 'text', text: 'http' }] } },
                { key: 'service.name', operator: 'contains', value: { kind: 'string', parts: [{ kind: 'text', text: 'api' }] } },
              ],
              pseudo: { name: 'first' },
            },
          ],
          combinators: [],
        },
      ],
    });
  });

  it('snapshots descendant and child combinators, groups, quoted keys, durations and variables', () => {
    const ast = parseSelector('span[name="a", kind="server"] span > span["x-request-id"="${env:RID}" tracetest.span.duration >= 1.50ms]:nth_child(2), span[]');
    assert.deepEqual(strip(ast), {
      groups: [
        {
          steps: [
            {
              filters: [
                { key: 'name', operator: '=', value: { kind: 'string', parts: [{ kind: 'text', text: 'a' }] } },
                { key: 'kind', operator: '=', value: { kind: 'string', parts: [{ kind: 'text', text: 'server' }] } },
              ],
            },
            { filters: [] },
            {
              filters: [
                { key: 'x-request-id', operator: '=', value: { kind: 'string', parts: [{ kind: 'interpolation', expr: { kind: 'env', name: 'RID' } }] } },
                { key: 'tracetest.span.duration', operator: '>=', value: { kind: 'duration', text: '1.5', unit: 'ms' } },
              ],
              pseudo: { name: 'nth_child', argument: 2 },
            },
          ],
          combinators: ['descendant', 'child'],
        },
        { steps: [{ filters: [] }], combinators: [] },
      ],
    });
  });

  it('reads the empty and blank selectors as every span (no groups)', () => {
    assert.deepEqual(parseSelector('').groups, []);
    assert.deepEqual(parseSelector('  \n ').groups, []);
  });

  it('accepts dashed keys and every tbt operator', () => {
    for (const operator of ['=', '!=', '=~', '<', '<=', '>', '>=', 'contains', 'not-contains']) {
      const ast = parseSelector(`span[x-b3-flags ${operator} "1"]`);
      assert.equal(ast.groups[0]?.steps[0]?.filters[0]?.operator, operator);
      assert.equal(ast.groups[0]?.steps[0]?.filters[0]?.key, 'x-b3-flags');
    }
  });

  it('keeps offsets that point back into the text', () => {
    const text = 'span[name="checkout"]';
    const filter = parseSelector(text).groups[0]?.steps[0]?.filters[0];
    assert.equal(text.slice(filter?.keySpan.start, filter?.keySpan.end), 'name');
    assert.equal(text.slice(filter?.value.span.start, filter?.value.span.end), '"checkout"');
  });

  it('fails with the column of the problem', () => {
    const cases: [string, number][] = [
      ['span[name="a"', 14],
      ['span[name=checkout]', 11],
      ['spam[name="a"]', 1],
      ['span[name="a"] div', 16],
      ['span[name="a"]]', 15],
      ['span[name "a"]', 11],
      ['span[name="a]', 11],
      ['span[name="a"]:', 16],
      ['span[name="a"]:nth_child()', 26],
      ['span[name="a"],', 16],
      ['span[="a"]', 6],
      ['span[d > 5min]', 11],
    ];
    for (const [text, column] of cases) assert.equal(parseFails(parseSelector, text).column, column, text);
  });

  it('gives the line and column inside a multi-line selector', () => {
    const error = parseFails(parseSelector, 'span[name="a"\n   kind=client]');
    assert.equal(error.line, 2);
    assert.equal(error.column, 9);
  });
});

describe('parseAssertion', () => {
  it('snapshots precedence: * binds tighter than +, parentheses override, unary minus', () => {
    assert.deepEqual(strip(parseAssertion('attr:a + attr:b * 2 = -(1 - 3)')), {
      left: {
        kind: 'binary',
        operator: '+',
        left: { kind: 'attribute', key: 'a' },
        right: { kind: 'binary', operator: '*', left: { kind: 'attribute', key: 'b' }, right: { kind: 'number', value: 2 } },
      },
      operator: '=',
      right: {
        kind: 'negate',
        operand: { kind: 'binary', operator: '-', left: { kind: 'number', value: 1 }, right: { kind: 'number', value: 3 } },
      },
    });
  });

  it('snapshots Tracetest pipe filters with arguments', () => {
    assert.deepEqual(strip(parseAssertion("attr:http.response.body | json_path '$.items[*]' | get_index 'last' != \"\"")), {
      left: {
        kind: 'filter',
        name: 'get_index',
        args: [{ kind: 'string', parts: [{ kind: 'text', text: 'last' }] }],
        input: {
          kind: 'filter',
          name: 'json_path',
          args: [{ kind: 'string', parts: [{ kind: 'text', text: '$.items[*]' }] }],
          input: { kind: 'attribute', key: 'http.response.body' },
        },
      },
      operator: '!=',
      right: { kind: 'string', parts: [{ kind: 'text', text: '' }] },
    });
  });

  it('snapshots aggregates, arrays, interpolation, variables and dashed or quoted keys', () => {
    assert.deepEqual(strip(parseAssertion('sum(attr:tracetest.span.duration) < 2.5s')), {
      left: { kind: 'call', name: 'sum', args: [{ kind: 'attribute', key: 'tracetest.span.duration' }] },
      operator: '<',
      right: { kind: 'duration', text: '2.5', unit: 's' },
    });
    assert.deepEqual(strip(parseAssertion('attr:x-request-id contains "id-${var:N}" ')), {
      left: { kind: 'attribute', key: 'x-request-id' },
      operator: 'contains',
      right: { kind: 'string', parts: [{ kind: 'text', text: 'id-' }, { kind: 'interpolation', expr: { kind: 'var', name: 'N' } }] },
    });
    assert.deepEqual(strip(parseAssertion('attr:"a b" = [1, env:HOME, true]')), {
      left: { kind: 'attribute', key: 'a b' },
      operator: '=',
      right: { kind: 'array', items: [{ kind: 'number', value: 1 }, { kind: 'env', name: 'HOME' }, { kind: 'boolean', value: true }] },
    });
  });

  it('keeps regex backslashes and reads only the documented escapes', () => {
    const ast = parseAssertion(String.raw`attr:x =~ '\$\d+\.\d\'s' `);
    assert.deepEqual(strip(ast.right), { kind: 'string', parts: [{ kind: 'text', text: String.raw`\$\d+\.\d's` }] });
    const escaped = parseAssertion(String.raw`attr:x = "a\\b\"c\${d}"`);
    assert.deepEqual(strip(escaped.right), { kind: 'string', parts: [{ kind: 'text', text: 'a\\b"c${d}' }] });
  });

  it('fails with the column of the problem', () => {
    const cases: [string, number][] = [
      ['', 1],
      ['attr:x', 7],
      ['attr:x =', 9],
      ['attr:x == 1', 9],
      ['attr:x = 1 2', 12],
      ['attr:x = 5min', 11],
      ['attr: = 1', 1],
      ['attr:x = "open', 10],
      ['attr:x = foo', 10],
      ['attr:x | = 1', 10],
      ['attr:x = (1 + 2', 16],
      ['attr:x = 1.', 12],
    ];
    for (const [text, column] of cases) assert.equal(parseFails(parseAssertion, text).column, column, text);
  });

  it('refuses hostile nesting with a ParseError instead of overflowing the stack', () => {
    const error = parseFails(parseAssertion, `${'('.repeat(50_000)}1${')'.repeat(50_000)} = 1`);
    assert.ok(error.offset > 0);
  });

  it('parses a lone expression for outputs', () => {
    assert.deepEqual(strip(parseExpression("attr:x | json_path '.TaskToken'")), {
      kind: 'filter',
      name: 'json_path',
      args: [{ kind: 'string', parts: [{ kind: 'text', text: '.TaskToken' }] }],
      input: { kind: 'attribute', key: 'x' },
    });
  });
});

describe('printing', () => {
  it('prints canonical text that parses to the same tree', () => {
    for (const text of ['span[a="1",b = 2]:last  span', 'span[x-y=~"^a.*$"] > span[name="q"], span[tracetest.span.duration<1h]']) {
      const ast = parseSelector(text);
      assert.deepEqual(strip(parseSelector(printSelector(ast))), strip(ast));
    }
    assert.equal(printSelector(parseSelector('span[a="1",b = 2]:last  span')), 'span[a = "1" b = 2]:last span');
    assert.equal(printAssertion(parseAssertion('(attr:a|length)-1>=-2')), '(attr:a | length) - 1 >= -2');
  });
});
