// Tracetest files read as they are: the third-party corpus, authentication, legacy shapes,
// suites (TestSuite and Transaction) and VariableSets.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TbtError } from '../../src/model/index.ts';
import { checkTestFiles, loadTestFile, loadVariableSet } from '../../src/testfile/index.ts';
import { sharedTrace, sharedTracesDir, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { tempProject, type TempProject } from './support/temp-project.ts';

let project: TempProject;
before(async () => {
  project = await tempProject();
});
after(async () => {
  await project.remove();
});

const CORPUS_DIRS = ['tracetest-examples', 'otel-demo-tracetest'];

describe('the shared Tracetest corpus', () => {
  it('loads every file and passes check with no problems', { skip: skipWithoutSharedTraces }, async () => {
    const root = sharedTracesDir as string;
    const files = CORPUS_DIRS.flatMap((dir) => readdirSync(path.join(root, dir)).filter((name) => name.endsWith('.yaml')).map((name) => `${dir}/${name}`));
    assert.equal(files.length, 14);
    const report = await checkTestFiles(files, { rootDir: root });
    assert.deepEqual(report.problems, []);
    assert.equal(report.tests.length, 14);
    assert.equal(report.ok, true);
  });

  it('keeps triggers, specs, outputs and variables as written', { skip: skipWithoutSharedTraces }, async () => {
    const root = sharedTracesDir as string;
    const aws = (await loadTestFile(sharedTrace('tracetest-examples/aws-step-functions-incident.yaml'), { rootDir: root })).tests[0];
    assert.equal(aws?.name, 'Incident - Step Functions');
    assert.equal(aws?.specs.length, 6);
    assert.equal(aws?.specs[5]?.selector, 'span[tracetest.span.type="http" name="DevelopingWithStepFunctionsApi/v2" http.method="POST"]');
    assert.deepEqual(aws?.outputs[0], { name: 'TASK_TOKEN', selector: 'span[tracetest.span.type="general" name="NotificationData"]', value: "attr:aws.xray.metadata.default | json_path '.TaskToken'" });
    const cart = (await loadTestFile(sharedTrace('otel-demo-tracetest/cart-add-item-to-cart.yaml'), { rootDir: root })).tests[0];
    assert.deepEqual(cart?.trigger, {
      kind: 'grpc',
      // Relative to the root: the file sits one folder down, so one `../` is absorbed.
      protoFile: '../../pb/demo.proto',
      address: '${var:CART_ADDR}',
      method: 'oteldemo.CartService/AddItem',
      request: { userId: '1234', item: { productId: 'OLJCESPC7Z', quantity: 1 } },
      metadata: {},
    });
    assert.equal(cart?.specs[2]?.assertions[0], "attr:tracetest.response.body = '{\n  \n}'");
  });
});

describe('Tracetest Test files', () => {
  it('turns http authentication into headers or query parameters', async () => {
    const write = (name: string, auth: string): Promise<string> =>
      project.write(name, `type: Test\nspec:\n  name: auth\n  trigger:\n    type: http\n    httpRequest:\n      url: http://api/x\n      method: GET\n      headers:\n        - key: Accept\n          value: "*/*"\n      authentication:\n${auth}\n`);
    const triggerOf = async (name: string, auth: string): Promise<unknown> => (await loadTestFile(await write(name, auth), { rootDir: project.root })).tests[0]?.trigger;
    assert.deepEqual(await triggerOf('basic.yaml', '        type: basic\n        basic: { username: ann, password: s3cret }'), {
      kind: 'http', method: 'GET', url: 'http://api/x', headers: { Accept: '*/*', Authorization: `Basic ${Buffer.from('ann:s3cret').toString('base64')}` },
    });
    assert.deepEqual(await triggerOf('bearer.yaml', '        type: bearer\n        bearer: { token: "${env:TOKEN}" }'), {
      kind: 'http', method: 'GET', url: 'http://api/x', headers: { Accept: '*/*', Authorization: 'Bearer ${env:TOKEN}' },
    });
    assert.deepEqual(await triggerOf('apikey.yaml', '        type: apiKey\n        apiKey: { key: X-Api-Key, value: k1, in: header }'), {
      kind: 'http', method: 'GET', url: 'http://api/x', headers: { Accept: '*/*', 'X-Api-Key': 'k1' },
    });
    assert.deepEqual(await triggerOf('apiquery.yaml', '        type: apiKey\n        apiKey: { key: api key, value: "a&b", in: query }'), {
      kind: 'http', method: 'GET', url: 'http://api/x?api%20key=a%26b', headers: { Accept: '*/*' },
    });
  });

  it('reads legacy shapes: top-level testDefinition, selector.query and {attribute, comparator, expected}', async () => {
    const file = await project.write(
      'legacy.yaml',
      [
        'id: abc',
        'name: Legacy import',
        'trigger:',
        '  type: http',
        '  httpRequest: { url: "http://demo/pokemon/import", method: POST, body: "{\\"id\\":6}" }',
        'testDefinition:',
        '  - selector: span[tracetest.span.type="http"]',
        '    assertions:',
        '      - attr:http.status_code = 200',
        '  - selector:',
        '      query: span[name="import pokemon"]',
        '    assertions:',
        '      - { attribute: db.result, comparator: contains, expected: charizard }',
        '      - { attribute: tracetest.span.duration, comparator: "<", expected: 2s }',
      ].join('\n'),
    );
    const loaded = await loadTestFile(file, { rootDir: project.root });
    assert.equal(loaded.format, 'tracetest-legacy');
    assert.deepEqual(loaded.tests[0]?.specs.map((spec) => [spec.selector, spec.assertions]), [
      ['span[tracetest.span.type="http"]', ['attr:http.status_code = 200']],
      ['span[name="import pokemon"]', ['attr:db.result contains "charizard"', 'attr:tracetest.span.duration < 2s']],
    ]);
    const wrapped = await project.write('wrapped.yaml', 'type: Test\nspec:\n  name: w\n  trigger: { type: http, httpRequest: { url: "http://x" } }\n  specs:\n    specs:\n      - selector: { query: span }\n        assertions: ["attr:a = 1"]\n');
    assert.deepEqual((await loadTestFile(wrapped, { rootDir: project.root })).tests[0]?.specs.map((spec) => spec.selector), ['span']);
  });

  it('refuses unsupported trigger types at the type', async () => {
    const file = await project.write('kafka.yaml', 'type: Test\nspec:\n  name: k\n  trigger:\n    type: kafka\n    kafka: {}\n');
    await assert.rejects(loadTestFile(file, { rootDir: project.root }), (error: unknown) => error instanceof TbtError && error.kind === 'config' && error.location?.line === 5 && error.location.column === 11);
  });
});

describe('suites', () => {
  it('runs TestSuite steps in order, by path or by spec.id, with <suite>--<step> ids', async () => {
    await project.write('suite/login.yaml', 'type: Test\nspec:\n  id: login-test\n  name: Log in\n  trigger: { type: http, httpRequest: { url: "http://x/login", method: POST } }\n  outputs:\n    - name: TOKEN\n      selector: span[name="Tracetest trigger"]\n      value: attr:tracetest.response.body | json_path \'$.token\'\n');
    await project.write('suite/buy.tbt.yaml', 'name: Buy\ntrigger:\n  http:\n    url: http://x/buy\n    headers: { authorization: "Bearer ${var:TOKEN}" }\nspecs:\n  - selector: span\n    assertions: [attr:tracetest.selected_spans.count > 0]\n');
    const file = await project.write('suite/checkout-suite.yaml', 'type: TestSuite\nspec:\n  id: s1\n  name: Checkout\n  steps:\n    - login-test\n    - ./buy.tbt.yaml\n');
    const loaded = await loadTestFile(file, { rootDir: project.root });
    assert.equal(loaded.format, 'tracetest-suite');
    assert.deepEqual(loaded.suite, { id: 'checkout-suite', name: 'Checkout', steps: ['checkout-suite--login', 'checkout-suite--buy'] });
    assert.deepEqual(loaded.tests.map((test) => [test.id, test.name, test.file, test.outputs.length]), [
      ['checkout-suite--login', 'Checkout › Log in', 'suite/login.yaml', 1],
      ['checkout-suite--buy', 'Checkout › Buy', 'suite/buy.tbt.yaml', 0],
    ]);
  });

  it('reads the older Transaction type, and names a step it cannot find', async () => {
    await project.write('tx/a.yaml', 'type: Test\nspec:\n  id: a1\n  name: A\n  trigger: { type: http, httpRequest: { url: "http://x/a" } }\n');
    const good = await project.write('tx/tx.yaml', 'type: Transaction\nspec:\n  name: T\n  steps: [a1]\n');
    assert.deepEqual((await loadTestFile(good, { rootDir: project.root })).suite?.steps, ['tx--a']);
    const bad = await project.write('tx/bad.yaml', 'type: Transaction\nspec:\n  name: T\n  steps:\n    - a1\n    - nowhere\n');
    await assert.rejects(loadTestFile(bad, { rootDir: project.root }), (error: unknown) => error instanceof TbtError && error.location?.line === 6 && error.location.column === 7);
  });
});

describe('variable sets', () => {
  it('reads VariableSet, Environment and plain mappings', async () => {
    assert.deepEqual(await loadVariableSet(await project.write('vars/set.yaml', 'type: VariableSet\nspec:\n  id: local\n  name: local\n  values:\n    - key: FRONTEND_ADDR\n      value: localhost:8080\n    - key: PORT\n      value: 8080\n')), {
      FRONTEND_ADDR: 'localhost:8080',
      PORT: '8080',
    });
    assert.deepEqual(await loadVariableSet(await project.write('vars/env.yaml', 'type: Environment\nspec:\n  name: e\n  values: [{ key: A, value: "${env:HOME}" }]\n')), { A: '${env:HOME}' });
    assert.deepEqual(await loadVariableSet(await project.write('vars/plain.yaml', 'A: 1\nB: two\n')), { A: '1', B: 'two' });
  });

  it('rejects other files with a location', async () => {
    await assert.rejects(loadVariableSet(await project.write('vars/test.yaml', 'type: Test\nspec: {}\n')), (error: unknown) => error instanceof TbtError && error.location?.line === 1);
    await assert.rejects(loadVariableSet(`${project.root}/vars/none.yaml`), (error: unknown) => error instanceof TbtError && error.kind === 'io');
  });

  it('is reported when passed as a test', async () => {
    const file = await project.write('vars/as-test.yaml', 'type: VariableSet\nspec: { values: [] }\n');
    await assert.rejects(loadTestFile(file, { rootDir: project.root }), (error: unknown) => error instanceof TbtError && error.kind === 'config');
  });
});
