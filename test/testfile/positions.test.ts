// Where the loader says things were written: each assertion's own line (so a failure and
// `tbt check --trace` cite it, not the spec's), and each trigger field down to a JSON body's
// nested values (so a missing variable has a line and a column).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TbtError, type SourceLocation, type TestDefinition } from '../../src/model/index.ts';
import { checkTestFiles, loadTestFile, resolveTemplates } from '../../src/testfile/index.ts';
import { formatCheckReport } from '../../src/report/index.ts';
import { checkoutTree } from '../query/support/trees.ts';
import { tempProject, type TempProject } from './support/temp-project.ts';

let project: TempProject;
before(async () => {
  project = await tempProject();
});
after(async () => {
  await project.remove();
});

async function load(relativePath: string, lines: readonly string[]): Promise<TestDefinition> {
  const file = await project.write(relativePath, `${lines.join('\n')}\n`);
  const [test] = (await loadTestFile(file, { rootDir: project.root })).tests;
  assert.ok(test);
  return test;
}

/** Where resolving `test`'s trigger with no variables set fails. */
function missingAt(test: TestDefinition, where: SourceLocation = { file: test.file }): [string, number | undefined, number | undefined] {
  try {
    resolveTemplates(test.trigger, { env: {}, vars: {} }, where);
  } catch (error) {
    assert.ok(error instanceof TbtError && error.kind === 'variable', String(error));
    return [error.message.replace(/ is not set.*/, ''), error.location?.line, error.location?.column];
  }
  assert.fail('resolving should have failed');
}

const TRACETEST = [
  'type: Test',
  'spec:',
  '  name: rows',
  '  trigger:',
  '    type: http',
  '    httpRequest:',
  '      url: http://shop/checkout',
  '      method: POST',
  '      headers:',
  '        - key: x-user',
  '          value: id-${var:USER}',
  '      body: \'{"customer": "${var:CUSTOMER}"}\'',
  '  specs:',
  '    - selector: span[db.system="sqlite"]',
  '      name: stock is read once',
  '      assertions:',
  '        - attr:db.rows >= 1',
  '        - attr:tracetest.selected_spans.count = 1',
];

describe('assertion locations', () => {
  it('each assertion of a Tracetest file is reported at its own line, with the spec name', async () => {
    await project.write('tt/rows.yaml', `${TRACETEST.join('\n')}\n`);
    const report = await checkTestFiles(['tt/rows.yaml'], { rootDir: project.root, tree: checkoutTree() });
    assert.deepEqual(report.tests[0]?.assertions.map((result) => [result.specName, result.line]), [
      ['stock is read once', 17],
      ['stock is read once', 18],
    ]);
    const text = formatCheckReport(report);
    assert.match(text, /✗ stock is read once: span\[db\.system="sqlite"\] {2}attr:db\.rows >= 1 {2}\(tt\/rows\.yaml:17\)/);
    assert.match(text, /✗ stock is read once: span\[db\.system="sqlite"\] {2}attr:tracetest\.selected_spans\.count = 1 {2}\(tt\/rows\.yaml:18\)/);
    assert.match(text, /^ {6}tracetest\.selected_spans\.count is 2, expected = 1$/m);
    assert.match(text, /^ {6}selected: .* › SELECT stock ×2$/m);
  });

  it('a *.tbt.yaml records every assertion\'s position, flow-style lists included', async () => {
    const test = await load('t/flow-style.tbt.yaml', [
      'trigger: { http: { url: "http://x" } }',
      'specs:',
      '  - selector: span',
      '    assertions: ["attr:a = 1", "attr:b = 2"]',
      '  - selector: span',
      '    assertions:',
      '      - |',
      '        attr:c = 3',
    ]);
    assert.deepEqual(test.specs.map((spec) => spec.assertionLocations?.map((at) => [at.line, at.column])), [
      [[4, 18], [4, 32]],
      [[7, 9]],
    ]);
  });
});

describe('trigger locations', () => {
  it('a variable nested in a JSON body is located at its own line and column', async () => {
    const test = await load('t/body.tbt.yaml', [
      'name: body',
      'trigger:',
      '  http:',
      '    method: POST',
      '    url: http://shop/checkout',
      '    body: { cart: [ { sku: "${var:SKU}", qty: 1 } ], customer: "${var:CUSTOMER}" }',
    ]);
    assert.deepEqual(test.triggerLocation, { file: 't/body.tbt.yaml', line: 2, column: 1 });
    assert.deepEqual(missingAt(test), ['variable var:SKU', 6, 29]);
    const skuSet = { env: {}, vars: { SKU: 'A-1' } };
    assert.throws(() => resolveTemplates(test.trigger, skuSet, { file: test.file }), (error: unknown) => error instanceof TbtError && error.location?.line === 6 && error.location.column === 65);
  });

  it('headers in both shapes, and a Tracetest string body, are located exactly', async () => {
    const test = await load('t/headers.tbt.yaml', ['trigger:', '  http:', '    url: http://shop/', '    headers:', '      x-user: "id-${env:USER}"']);
    assert.deepEqual(missingAt(test), ['variable env:USER', 5, 19]);
    const tracetest = await load('tt/headers.yaml', TRACETEST);
    assert.deepEqual(missingAt(tracetest), ['variable var:USER', 11, 21]);
    const bodyOnly = await load('tt/body.yaml', TRACETEST.map((line) => line.replace('id-${var:USER}', 'id')));
    assert.deepEqual(missingAt(bodyOnly), ['variable var:CUSTOMER', 12, 28]);
  });

  it('a command\'s listed args and env are located; split words at their line', async () => {
    const listed = await load('t/cmd.tbt.yaml', ['trigger:', '  command:', '    command: node', '    args: [buy.js, "${var:SKU}"]', '    env: { TOKEN: "${env:TOKEN}" }']);
    assert.deepEqual(missingAt(listed), ['variable var:SKU', 4, 21]);
    const split = await load('t/line.tbt.yaml', ['trigger:', '  command: node buy.js ${var:SKU}']);
    assert.deepEqual(missingAt(split), ['variable var:SKU', 2, 12]);
  });

  it('with no field position, the trigger\'s own line is the fallback (and the runner may pass it)', async () => {
    const test = await load('tt/auth.yaml', [
      'type: Test',
      'spec:',
      '  name: auth',
      '  trigger:',
      '    type: http',
      '    httpRequest:',
      '      url: http://shop/',
      '      authentication:',
      '        type: basic',
      '        basic: { username: ann, password: "${env:PASS}" }',
    ]);
    assert.deepEqual(missingAt(test), ['variable env:PASS', 10, 16]);
    // A trigger copied after loading has lost its field positions; triggerLocation still has a line.
    const copy = { ...test, trigger: { ...test.trigger } };
    assert.deepEqual(missingAt(copy, copy.triggerLocation), ['variable env:PASS', 4, 3]);
  });
});
