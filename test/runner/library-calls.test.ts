// The runner's library calls behind the CLI's commands return values a library user can use: the
// settings' one home resolves a test's own sections over the run's, and compareFiles, lintFiles,
// queryFile, checkFiles and recordOrVerify work from typed options with no CLI in between.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import { TbtError, type TestDefinition } from '../../src/model/index.ts';
import { DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import { NoopReporter } from '../../src/report/index.ts';
import { checkFiles, compareFiles, lintFiles, queryFile, recordOrVerify } from '../../src/runner/index.ts';
import { testSettingsOf, type TestSettings } from '../../src/runner/run-settings.ts';
import { tempDir } from '../cli/helpers/cli-harness.ts';
import { orderListing, otlpJson } from '../cli/helpers/trace-writers.ts';

let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir({
    'a.json': otlpJson(orderListing(3)),
    'b.json': otlpJson(orderListing(5)),
    'bad-tolerances.tbt.yaml': 'name: bad\ntrigger:\n  traceid:\n    id: 5b8efff798038103d269b633813fc60c\ntolerances:\n  count: "±many"\n',
    'tbt.config.yaml': 'tests: ["*.tbt.yaml"]\nreceiver:\n  port: 0\n',
  });
});
after(async () => {
  await dir.dispose();
});

// Copies, so that identity tells the run's settings from the defaults.
const base: TestSettings = { normalizeRules: { ...DEFAULT_NORMALIZE_RULES }, tolerances: { ...DEFAULT_TOLERANCES } };

test('testSettingsOf: a test without sections keeps the run\'s settings; a bad section throws where it is', () => {
  const plain = { file: 'tests/a.tbt.yaml' } as TestDefinition;
  const kept = testSettingsOf(plain, base);
  assert.equal(kept.normalizeRules, base.normalizeRules);
  assert.equal(kept.tolerances, base.tolerances);
  const bad = { file: 'tests/b.tbt.yaml', tolerances: { count: '±many' }, sectionLocations: { tolerances: { file: 'tests/b.tbt.yaml', line: 7 } } } as unknown as TestDefinition;
  assert.throws(() => testSettingsOf(bad), (error: unknown) => error instanceof TbtError && error.location?.file === 'tests/b.tbt.yaml' && error.location.line === 7);
});

test('compareFiles returns the findings and the comparison as a verdict, and tells ingest warnings', async () => {
  const warnings: string[] = [];
  const comparison = await compareFiles('a.json', 'b.json', { cwd: dir.dir, onWarning: (file, warning) => warnings.push(`${file}: ${warning}`) });
  assert.equal(comparison.drifted, true);
  assert.equal(comparison.verdict.outcome, 'failed');
  assert.equal(comparison.verdict.testId, 'a.json → b.json');
  assert.deepEqual(comparison.findings.map((finding) => finding.kind), ['count-changed']);
  assert.deepEqual(warnings, []);
  assert.equal((await compareFiles('a.json', 'a.json', { cwd: dir.dir })).drifted, false);
});

test('lintFiles and queryFile work from typed options', async () => {
  const report = await lintFiles(['b.json'], { cwd: dir.dir, env: {} });
  assert.equal(report.results.length, 1);
  assert.ok(report.counts.warning > 0);
  const relaxed = await lintFiles(['b.json'], { cwd: dir.dir, env: {}, minRepeats: 6 });
  assert.equal(relaxed.counts.warning, 0);
  const matches = await queryFile('span[name="SELECT items"]', 'a.json', { cwd: dir.dir, env: {} });
  assert.equal(matches.length, 3);
});

test('checkFiles reports a bad tolerances section as a located problem, as a run would', async () => {
  const report = await checkFiles(['bad-tolerances.tbt.yaml'], { cwd: dir.dir, env: {} });
  assert.equal(report.ok, false);
  assert.equal(report.problems.length, 1);
  assert.equal(report.problems[0]?.file, 'bad-tolerances.tbt.yaml');
  assert.match(report.problems[0]?.message ?? '', /±many/);
});

test('recordOrVerify resolves the config from cwd, hands the reporter factory its root, and checks every test before a run', async () => {
  const roots: string[] = [];
  const reporter = ({ rootDir }: { rootDir: string }): NoopReporter => {
    roots.push(rootDir);
    return new NoopReporter();
  };
  // The one test's tolerances section is bad: the run stops before anything starts, at its line.
  await assert.rejects(
    recordOrVerify({ command: 'verify', cwd: dir.dir, filters: [], mode: 'none', ci: true, env: {}, reporter }),
    (error: unknown) => error instanceof TbtError && error.location?.file === 'bad-tolerances.tbt.yaml' && /±many/.test(error.message),
  );
  assert.deepEqual(roots, [dir.dir]);
  await assert.rejects(
    recordOrVerify({ command: 'verify', cwd: dir.dir, filters: ['no-such-test'], mode: 'new', ci: false, env: {}, reporter }),
    /no test matches "no-such-test"/,
  );
});
