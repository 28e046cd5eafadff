// Proves that specs are judged on raw values while their results show redacted ones: a spec on a
// credential passes or fails as the real value says, and no failure message, observed value or
// span path prints the secret (by key, by shape, in a once-judged selection, in a flow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpecDefinition } from '../../src/model/index.ts';
import { buildSpanTree, DEFAULT_NORMALIZE_RULES, secretRedactor } from '../../src/normalize/index.ts';
import { EMPTY_SCOPE, evaluateSpecs } from '../../src/query/index.ts';
import { trace } from '../normalize/span-builder.ts';

const TOKEN = ['gh', 'p_', 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'].join('');
const PASSWORD = 'hunter2-Kq81xZ';
const tree = buildSpanTree(
  trace([
    { id: '1', name: `push ${TOKEN}`, service: 'ci', attributes: { 'db.password': PASSWORD, 'app.note': `token ${TOKEN}`, 'http.request.header.authorization': `Bearer ${TOKEN}` } },
  ]),
);
const shown = secretRedactor(DEFAULT_NORMALIZE_RULES);
const run = (specs: SpecDefinition[]) => evaluateSpecs(specs, [], tree, EMPTY_SCOPE, shown);

test('a spec on a secret is judged on the real value', () => {
  const [passing, failing] = run([
    { selector: 'span', assertions: [`attr:db.password = "${PASSWORD}"`, 'attr:db.password = "wrong"'] },
  ]);
  assert.equal(passing?.passed, true);
  assert.equal(failing?.passed, false);
});

test('no result of a failed spec prints the secret', () => {
  const results = run([
    { selector: 'span', assertions: ['attr:db.password = "wrong"', 'attr:app.note = "x"', 'attr:http.request.header.authorization = "x"', 'attr:tracetest.span.name = "x"'] },
    { selector: 'span', assertions: ['attr:tracetest.selected_spans.count = 2'] },
  ]);
  assert.ok(results.every((result) => !result.passed));
  const text = JSON.stringify(results);
  assert.ok(!text.includes(PASSWORD), text);
  assert.ok(!text.includes(TOKEN.slice(4)), text);
  assert.match(text, /\[REDACTED\]/);
  // The rest stays readable: what was wanted, and the token's kind.
  assert.match(text, /expected = \\"wrong\\"/);
  assert.match(text, /push ghp_\[REDACTED\]/);
});

test('without a redactor (library callers), results show raw values', () => {
  const [result] = evaluateSpecs([{ selector: 'span', assertions: ['attr:db.password = "wrong"'] }], [], tree, EMPTY_SCOPE);
  assert.equal(result?.spans[0]?.observed, PASSWORD);
});
