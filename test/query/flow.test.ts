// Flows: ordered selectors, each step matched no earlier than the one before; a broken flow
// names its step and the spans that step saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssertionResult, FlowDefinition } from '../../src/model/index.ts';
import { compileSpecs, evaluateSpecs } from '../../src/query/index.ts';
import { buildTree, checkoutTree } from './support/trees.ts';

const tree = checkoutTree();

function flow(steps: string[], name?: string): AssertionResult {
  const flows: FlowDefinition[] = [{ steps, ...(name ? { name } : {}), location: { file: 'checkout.tbt.yaml', line: 12 } }];
  const [result] = evaluateSpecs([], flows, tree, { env: {}, vars: {} });
  assert.ok(result);
  return result;
}

describe('flows', () => {
  it('passes when each step starts no earlier than the previous one', () => {
    const result = flow(['span[name="POST /checkout"]', 'span[service.name="payment-service"]', 'span[kind="producer"]', 'span[kind="consumer"]'], 'checkout happy path');
    assert.equal(result.passed, true);
    assert.equal(result.assertion, 'flow "checkout happy path"');
    assert.equal(result.selector, 'span[name="POST /checkout"] → span[service.name="payment-service"] → span[kind="producer"] → span[kind="consumer"]');
    assert.deepEqual(result.spans.map((span) => [span.path.split(' › ').at(-1), span.observed]), [
      ['POST /checkout', '+1ms'],
      ['charge', '+20ms'],
      ['publish shipping-queue', '+70ms'],
      ['process shipping-queue', '+90ms'],
    ]);
    assert.equal(result.file, 'checkout.tbt.yaml');
    assert.equal(result.line, 12);
  });

  it('names the step that broke and the spans it saw', () => {
    const result = flow(['span[kind="producer"]', 'span[name="charge"]']);
    assert.equal(result.passed, false);
    assert.match(result.message ?? '', /^step 2 \(span\[name="charge"\]\) broke/);
    assert.match(result.message ?? '', /step 1 \(span\[kind="producer"\]\), which started at \+70ms/);
    const seen = result.spans.filter((span) => !span.passed);
    assert.deepEqual(seen.map((span) => [span.path.split(' › ').at(-1), span.observed]), [['charge', '+20ms']]);
  });

  it('uses a span for one step only, so repeated selectors need repeated spans', () => {
    assert.equal(flow(['span[db.system="sqlite"]', 'span[db.system="sqlite"]']).passed, true);
    const result = flow(['span[db.system="sqlite"]', 'span[db.system="sqlite"]', 'span[db.system="sqlite"]']);
    assert.equal(result.passed, false);
    assert.match(result.message ?? '', /^step 3/);
    assert.ok(result.spans.some((span) => span.message === 'already matched an earlier step'));
  });

  it('reports a step that matches nothing', () => {
    const result = flow(['span[name="POST /checkout"]', 'span[name="refund"]']);
    assert.equal(result.passed, false);
    assert.match(result.message ?? '', /step 2 .* no span matched it/);
  });

  it('picks the earliest candidate, so later steps keep every option', () => {
    const target = buildTree([
      {
        name: 'root',
        durationMs: 100,
        children: [
          { name: 'auth', start: 1 },
          { name: 'auth', start: 50 },
          { name: 'pay', start: 10 },
        ],
      },
    ]);
    const [result] = evaluateSpecs([], [{ steps: ['span[name="auth"]', 'span[name="pay"]'] }], target, { env: {}, vars: {} });
    assert.equal(result?.passed, true);
  });

  it('rejects a flow with an invalid step before anything runs, at the step', () => {
    assert.throws(
      () => compileSpecs([], [{ steps: ['span[name="a"]', 'span[name=b]'], location: { file: 't.tbt.yaml', line: 3, column: 3 } }], 't.tbt.yaml'),
      (error: unknown) => error instanceof Error && /step 2 of flow 1/.test(error.message),
    );
  });
});
