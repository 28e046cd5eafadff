// tbt's own `*.tbt.yaml` format: every trigger shape, specs, flows and overrides, and problems
// reported at file:line:column (errors asserted by kind and location, not wording).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TbtError } from '../../src/model/index.ts';
import { analyzeTestFile, loadTestFile } from '../../src/testfile/index.ts';
import { testIdFromPath } from '../../src/testfile/test-id.ts';
import { tempProject, type TempProject } from './support/temp-project.ts';

let project: TempProject;
before(async () => {
  project = await tempProject();
});
after(async () => {
  await project.remove();
});

async function problemsOf(name: string, text: string): Promise<[string, number | undefined, number | undefined][]> {
  const file = await project.write(name, text);
  const { problems, loaded } = await analyzeTestFile(file, { rootDir: project.root });
  assert.equal(loaded, undefined);
  return problems.map((problem) => [problem.kind, problem.location?.line, problem.location?.column]);
}

describe('*.tbt.yaml', () => {
  it('reads the DESIGN example: http trigger, specs, tolerances', async () => {
    const file = await project.write(
      'tests/Checkout_Publishes.tbt.yaml',
      [
        'name: checkout publishes exactly one shipping event',
        'trigger:',
        '  http:',
        '    method: post',
        '    url: ${env:GATEWAY_URL}/checkout',
        '    headers: { content-type: application/json }',
        '    body: { cart: [ { sku: "A-1", qty: 2 }, { sku: "B-7", qty: 1 } ] }',
        'specs:',
        '  - selector: span[name="publish shipping event"]',
        '    name: one event',
        '    assertions:',
        '      - attr:messaging.system = "kafka"',
        '      - attr:tracetest.selected_spans.count = 1',
        'tolerances:',
        '  duration: off',
        'normalize:',
        '  mask: [user.id]',
      ].join('\n'),
    );
    const loaded = await loadTestFile(file, { rootDir: project.root });
    assert.equal(loaded.format, 'tbt');
    assert.equal(loaded.file, 'tests/Checkout_Publishes.tbt.yaml');
    assert.deepEqual(loaded.tests, [
      {
        id: 'checkout-publishes',
        name: 'checkout publishes exactly one shipping event',
        file: 'tests/Checkout_Publishes.tbt.yaml',
        trigger: {
          kind: 'http',
          method: 'POST',
          url: '${env:GATEWAY_URL}/checkout',
          headers: { 'content-type': 'application/json' },
          body: { cart: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }] },
        },
        triggerLocation: { file: 'tests/Checkout_Publishes.tbt.yaml', line: 2, column: 1 },
        specs: [
          {
            selector: 'span[name="publish shipping event"]',
            name: 'one event',
            assertions: ['attr:messaging.system = "kafka"', 'attr:tracetest.selected_spans.count = 1'],
            location: { file: 'tests/Checkout_Publishes.tbt.yaml', line: 9, column: 5 },
            assertionLocations: [
              { file: 'tests/Checkout_Publishes.tbt.yaml', line: 12, column: 9 },
              { file: 'tests/Checkout_Publishes.tbt.yaml', line: 13, column: 9 },
            ],
          },
        ],
        flows: [],
        outputs: [],
        tolerances: { duration: 'off' },
        normalize: { mask: ['user.id'] },
        sectionLocations: {
          tolerances: { file: 'tests/Checkout_Publishes.tbt.yaml', line: 14, column: 1 },
          normalize: { file: 'tests/Checkout_Publishes.tbt.yaml', line: 16, column: 1 },
          values: {
            'tolerances.duration': { file: 'tests/Checkout_Publishes.tbt.yaml', line: 15, column: 13 },
            'normalize.mask': { file: 'tests/Checkout_Publishes.tbt.yaml', line: 17, column: 9 },
            'normalize.mask[0]': { file: 'tests/Checkout_Publishes.tbt.yaml', line: 17, column: 10 },
          },
        },
      },
    ]);
  });

  it('reads command, traceid and grpc triggers', async () => {
    const load = async (name: string, trigger: string): Promise<unknown> => {
      const file = await project.write(name, `trigger:\n${trigger}\n`);
      return (await loadTestFile(file, { rootDir: project.root })).tests[0]?.trigger;
    };
    assert.deepEqual(await load('a/cmd.tbt.yaml', '  command: node scripts/buy.js --sku "A 1"'), { kind: 'command', command: 'node', args: ['scripts/buy.js', '--sku', 'A 1'], env: {} });
    assert.deepEqual(await load('a/cmd2.tbt.yaml', '  command: { command: ./buy, args: [x, "y"], cwd: ., env: { A: 1 } }'), { kind: 'command', command: './buy', args: ['x', 'y'], cwd: 'a', env: { A: '1' } });
    assert.deepEqual(await load('a/tid.tbt.yaml', '  traceid: { id: "${var:TRACE_ID}" }'), { kind: 'traceid', traceId: '${var:TRACE_ID}' });
    assert.deepEqual(await load('a/grpc.tbt.yaml', '  grpc:\n    protoFile: ../pb/demo.proto\n    address: localhost:50051\n    method: oteldemo.CartService.AddItem\n    request: { userId: "1" }\n    metadata: { x-team: core }'), {
      kind: 'grpc',
      protoFile: 'pb/demo.proto',
      address: 'localhost:50051',
      method: 'oteldemo.CartService/AddItem',
      request: { userId: '1' },
      metadata: { 'x-team': 'core' },
    });
  });

  it('reads flow and flows with their locations', async () => {
    const file = await project.write(
      'flows.tbt.yaml',
      ['trigger: { http: { url: "http://x/y" } }', 'flow:', '  - span[name="a"]', '  - span[name="b"]', 'flows:', '  - name: pay then ship', '    steps:', '      - span[name="pay"]', '      - span[name="ship"]'].join('\n'),
    );
    const [test] = (await loadTestFile(file, { rootDir: project.root })).tests;
    assert.deepEqual(test?.flows, [
      { steps: ['span[name="a"]', 'span[name="b"]'], location: { file: 'flows.tbt.yaml', line: 3, column: 3 } },
      { name: 'pay then ship', steps: ['span[name="pay"]', 'span[name="ship"]'], location: { file: 'flows.tbt.yaml', line: 6, column: 5 } },
    ]);
    assert.equal(test?.trigger.kind === 'http' && test.trigger.method, 'GET');
  });

  it('reports an invalid selector at its exact file column, never selecting all spans', async () => {
    const problems = await problemsOf('bad-selector.tbt.yaml', ['trigger: { http: { url: "http://x" } }', 'specs:', '  - selector: span[name=checkout]', '    assertions: [attr:x = 1]'].join('\n'));
    assert.deepEqual(problems, [['syntax', 3, 25]]);
  });

  it('reports an invalid assertion at its column, inside quotes and block scalars too', async () => {
    const problems = await problemsOf(
      'bad-assertion.tbt.yaml',
      [
        'trigger: { http: { url: "http://x" } }',
        'specs:',
        '  - selector: span',
        '    assertions:',
        '      - "attr:x == 1"',
        '      - attr:y | nope = 2',
        '  - selector: |',
        '      span[name="a"]',
        '        span[name=b]',
        '    assertions: []',
        'flow:',
        '  - span[name="a"]',
        '  - "span[name=]"',
      ].join('\n'),
    );
    assert.deepEqual(problems, [
      ['syntax', 5, 18],
      ['syntax', 6, 18],
      ['syntax', 9, 19],
      ['syntax', 13, 16],
    ]);
  });

  it('reports schema problems at their nodes: unknown keys, missing trigger, wrong shapes', async () => {
    assert.deepEqual(await problemsOf('schema1.tbt.yaml', ['name: x', 'trigers: {}', 'specs:', '  - selector: span', '    asserts: [a]'].join('\n')), [
      ['config', 2, 1],
      ['config', 1, 1],
      ['config', 5, 5],
      ['config', 4, 5],
    ]);
    assert.deepEqual(await problemsOf('schema2.tbt.yaml', ['trigger:', '  http: { url: "http://x" }', '  command: ls', 'specs: { selector: span }'].join('\n')), [
      ['config', 2, 3],
      ['config', 4, 8],
    ]);
  });

  it('reports YAML syntax errors with line and column', async () => {
    assert.deepEqual(await problemsOf('broken.tbt.yaml', 'trigger:\n  http: { url: "x"\nspecs: []\n'), [['syntax', 3, 1]]);
  });

  it('throws the first problem from loadTestFile, for exit 2 before anything fires', async () => {
    const file = await project.write('throws.tbt.yaml', 'trigger: { http: { url: "http://x" } }\nspecs:\n  - selector: "span[a="\n    assertions: []\n');
    await assert.rejects(loadTestFile(file, { rootDir: project.root }), (error: unknown) => error instanceof TbtError && error.kind === 'syntax' && error.location?.line === 3);
    await assert.rejects(loadTestFile(`${project.root}/missing.tbt.yaml`, { rootDir: project.root }), (error: unknown) => error instanceof TbtError && error.kind === 'io');
  });

  it('reads anchors and aliases as if written out, with x- keys as their place, and reports bad ones at the alias', async () => {
    const file = await project.write(
      'anchors.tbt.yaml',
      [
        'x-team: &team x-team',
        'x-headers: &headers { content-type: application/json, *team : checkout }',
        'name: anchors',
        'trigger:',
        '  http:',
        '    method: POST',
        '    url: http://shop/checkout',
        '    headers: *headers',
        '    body: &cart { cart: [ { sku: "A-1", qty: 2 } ] }',
        'specs:',
        '  - selector: &publish span[name="publish"]',
        '    assertions: [attr:tracetest.selected_spans.count = 1]',
        '  - selector: *publish',
        '    assertions: &count [attr:tracetest.selected_spans.count = 1]',
      ].join('\n'),
    );
    const [test] = (await loadTestFile(file, { rootDir: project.root })).tests;
    assert.deepEqual(test?.trigger, { kind: 'http', method: 'POST', url: 'http://shop/checkout', headers: { 'content-type': 'application/json', 'x-team': 'checkout' }, body: { cart: [{ sku: 'A-1', qty: 2 }] } });
    assert.deepEqual(
      test?.specs.map((spec) => [spec.selector, spec.assertions]),
      [
        ['span[name="publish"]', ['attr:tracetest.selected_spans.count = 1']],
        ['span[name="publish"]', ['attr:tracetest.selected_spans.count = 1']],
      ],
    );
    // An unknown anchor, an alias inside what it names, an alias bomb (80 aliases, 10^9 nodes), an
    // unknown anchor as a key, aliases nesting 430 levels deep, a merge key.
    assert.deepEqual(await problemsOf('unknown-anchor.tbt.yaml', 'trigger:\n  http: { method: GET, url: *nope }\n'), [['syntax', 2, 29]]);
    assert.deepEqual(await problemsOf('circular.tbt.yaml', 'trigger: &t\n  http: { method: GET, url: "http://x", headers: [*t] }\n'), [['syntax', 2, 51]]);
    const bomb = ['x-a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `x-${i}: &l${i} [${Array(10).fill(i === 0 ? '*a' : `*l${i - 1}`).join(', ')}]`), 'trigger: { http: { method: GET, url: "http://x" } }'];
    assert.deepEqual((await problemsOf('bomb.tbt.yaml', bomb.join('\n'))).map(([kind]) => kind), ['syntax']);
    assert.deepEqual(await problemsOf('unknown-key-anchor.tbt.yaml', 'trigger:\n  http: { method: GET, url: "http://x", headers: { *nope : v } }\n'), [['syntax', 2, 52]]);
    const deep = [`x-0: &d0 [${'['.repeat(129)}1${']'.repeat(129)}]`];
    for (let i = 1; i <= 3; i++) deep.push(`x-${i}: &d${i} [${'['.repeat(99)}*d${i - 1}${']'.repeat(99)}]`);
    deep.push('trigger: { http: { method: POST, url: "http://x", body: *d3 } }');
    assert.deepEqual(await problemsOf('deep.tbt.yaml', deep.join('\n')), [['syntax', 3, 110]]);
    // A key put in by an alias that repeats one written out.
    assert.deepEqual(await problemsOf('alias-repeats-key.tbt.yaml', 'x-k: &k url\ntrigger:\n  http: { method: POST, url: "http://x", *k : "http://y" }\n'), [['syntax', 3, 42]]);
    // Long keys over an alias bomb's nodes: the section's value locations stay bounded (this took minutes).
    const longKey = ['x-k: &k "' + 'A'.repeat(17_000) + '"', 'x-b0: &b0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 1; i <= 3; i++) longKey.push(`x-b${i}: &b${i} [${Array(10).fill(`*b${i - 1}`).join(', ')}]`);
    longKey.push('trigger: { http: { method: GET, url: "http://x" } }', 'normalize:', `  *k : [${Array(7).fill('*b3').join(', ')}]`);
    const longKeys = await loadTestFile(await project.write('long-keys.tbt.yaml', longKey.join('\n')), { rootDir: project.root });
    assert.equal(longKeys.tests.length, 1);
    assert.deepEqual(await problemsOf('merge.tbt.yaml', 'x-http: &http { method: GET }\ntrigger:\n  http:\n    <<: *http\n    url: http://x\n'), [['config', 4, 5]]);
  });

  it('derives kebab-case ids from file names', () => {
    assert.equal(testIdFromPath('/x/Checkout Flow.tbt.yaml'), 'checkout-flow');
    assert.equal(testIdFromPath('frontend-06-checking-out-cart.yaml'), 'frontend-06-checking-out-cart');
    assert.equal(testIdFromPath('placeOrder_v2.tbt.yml'), 'place-order-v2');
  });
});
