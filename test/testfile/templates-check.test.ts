// Run-time templates in triggers (a missing variable names itself and its line, never prompts)
// and `tbt check` with and without a recorded trace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TbtError, type HttpTrigger } from '../../src/model/index.ts';
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

describe('resolveTemplates', () => {
  it('substitutes env: and var: everywhere in a trigger, leaving other namespaces alone', () => {
    const trigger: HttpTrigger = {
      kind: 'http',
      method: 'POST',
      url: 'http://${var:HOST}/checkout?port=${port:api}',
      headers: { authorization: 'Bearer ${env:TOKEN}' },
      body: { user: '${var:USER}', items: ['${env:SKU}', 2] },
    };
    const resolved = resolveTemplates(trigger, { env: { TOKEN: 't0k', SKU: 'A-1' }, vars: { HOST: 'shop:8080', USER: 'ann' } }, { file: 'x.tbt.yaml' });
    assert.deepEqual(resolved, {
      kind: 'http',
      method: 'POST',
      url: 'http://shop:8080/checkout?port=${port:api}',
      headers: { authorization: 'Bearer t0k' },
      body: { user: 'ann', items: ['A-1', 2] },
    });
    assert.equal(trigger.url, 'http://${var:HOST}/checkout?port=${port:api}');
  });

  it('expands variables whose values name environment variables, and base64 credentials', () => {
    const resolved = resolveTemplates({ kind: 'http', method: 'GET', url: '${var:BASE}/x', headers: { Authorization: 'Basic ${base64:${var:USER}:${env:PASS}}' } }, { env: { HOST: 'h', PASS: 'pw' }, vars: { BASE: 'http://${env:HOST}', USER: 'ann' } }, { file: 'x' });
    assert.deepEqual(resolved, { kind: 'http', method: 'GET', url: 'http://h/x', headers: { Authorization: `Basic ${Buffer.from('ann:pw').toString('base64')}` } });
  });

  it('names a missing variable and the line and column that use it (exit 2, no prompt)', async () => {
    const file = await project.write('t/missing.yaml', 'type: Test\nspec:\n  name: m\n  trigger:\n    type: http\n    httpRequest:\n      url: http://${var:FRONTEND_ADDR}/api/checkout\n      method: POST\n');
    const [test] = (await loadTestFile(file, { rootDir: project.root })).tests;
    assert.ok(test);
    assert.throws(
      () => resolveTemplates(test.trigger, { env: {}, vars: {} }, { file: test.file }),
      (error: unknown) =>
        error instanceof TbtError &&
        error.kind === 'variable' &&
        error.message.includes('var:FRONTEND_ADDR') &&
        error.location?.file === 't/missing.yaml' &&
        error.location.line === 7 &&
        error.location.column === 19,
    );
    assert.throws(
      () => resolveTemplates({ kind: 'traceid', traceId: '${env:TRACE}' }, { env: {}, vars: {} }, { file: 'plain.tbt.yaml' }),
      (error: unknown) => error instanceof TbtError && error.kind === 'variable' && error.location?.file === 'plain.tbt.yaml',
    );
  });
});

describe('checkTestFiles', () => {
  it('reports every problem of every file with file:line:column', async () => {
    await project.write('c/bad.tbt.yaml', 'trigger: { http: { url: "http://x" } }\nspecs:\n  - selector: span[name="a" kind=]\n    assertions: [attr:x = ]\n');
    await project.write('c/good.tbt.yaml', 'trigger: { http: { url: "http://x" } }\nspecs:\n  - selector: span[db.system="sqlite"]\n    assertions: ["attr:db.rows >= 0"]\n');
    const report = await checkTestFiles(['c/bad.tbt.yaml', 'c/good.tbt.yaml'], { rootDir: project.root });
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.map((problem) => [problem.file, problem.line, problem.column, problem.kind]), [
      ['c/bad.tbt.yaml', 3, 34, 'syntax'],
      ['c/bad.tbt.yaml', 4, 26, 'syntax'],
    ]);
    assert.deepEqual(report.tests.map((test) => test.id), ['good']);
    assert.match(formatCheckReport(report), /^c\/bad\.tbt\.yaml:3:34: /);
  });

  it('evaluates specs against a recorded trace without firing anything', async () => {
    await project.write(
      'c/trace.tbt.yaml',
      'trigger: { http: { url: "http://${env:NEVER_SET}" } }\nspecs:\n  - selector: span[db.system="sqlite"]\n    assertions: ["attr:db.rows >= 1", "count() = 2"]\nflow: [\'span[kind="producer"]\', \'span[kind="consumer"]\']\n',
    );
    const report = await checkTestFiles(['c/trace.tbt.yaml'], { rootDir: project.root, tree: checkoutTree() });
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.tests[0]?.assertions.map((result) => [result.assertion, result.passed]), [
      ['attr:db.rows >= 1', false],
      ['count() = 2', true],
      ['flow', true],
    ]);
    assert.equal(report.ok, false);
    assert.match(formatCheckReport(report), /SELECT stock: observed 0 {2}\(expected >= 1\)/);
  });
});
