// Safe edges of `tbt verify` on tiny projects: a glob that matches nothing is exit 2 and -u never
// deletes snapshots after an incomplete run; a bad snapshot fails its own test only and reports are
// still written; report paths are checked before services start; errors name the true cause; a
// service's own env wins, `${env:X}` is expanded, and gRPC exporters get the gRPC endpoint.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonReport } from '../../src/report/json-report-types.ts';
import { createTinyProject, type TinyProject } from '../support/tiny-project.ts';

const projects: TinyProject[] = [];
after(async () => {
  await Promise.all(projects.map((project) => project.cleanup()));
});

const NO_STACK = /\n\s+at /;

async function project(files: Record<string, string>): Promise<TinyProject> {
  const created = await createTinyProject(files);
  projects.push(created);
  return created;
}

/** A config for tests without services: short settle and timeout, no duration checks. */
function config(extra: string[] = [], tests = '["tests/*.tbt.yaml"]'): string {
  return [`tests: ${tests}`, 'receiver: { port: 0 }', 'collect: { settle: 50ms, timeout: 4s }', 'tolerances: { duration: off }', ...extra, ''].join('\n');
}

/** A test whose trigger exports one span as `service`: it passes once recorded. */
function exportingTest(tiny: TinyProject, name: string, service = 'tiny'): [string, string] {
  return [`tests/${name}.tbt.yaml`, `name: ${name}\ntrigger:\n  command: ${tiny.scripts.exportSpan} ${service}\n`];
}

test('a tests: glob that matches no file, or only a directory, is exit 2 naming the glob; -u deletes nothing', async () => {
  const tiny = await project({ 'snapshots/a.trace.yaml': 'kept\n' });
  await tiny.write(...exportingTest(tiny, 'a'));
  await tiny.write('tbt.config.yaml', config([], '["tset/*.tbt.yaml"]'));
  for (const args of [['verify'], ['verify', '-u'], ['verify', '--ci']]) {
    const result = await tiny.run(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /tests: "tset\/\*\.tbt\.yaml" matches no test file/);
    assert.doesNotMatch(result.stderr, NO_STACK);
    assert.doesNotMatch(result.stdout, /0 passed, 0 failed/);
  }
  assert.equal(await tiny.read('snapshots/a.trace.yaml'), 'kept\n', 'the glob typo deleted no snapshot');
  await tiny.write('tbt.config.yaml', config([], '["tests"]'));
  const directory = await tiny.run(['verify', '-u']);
  assert.equal(directory.code, 2);
  assert.match(directory.stderr, /tests: "tests" matches no test file/);
});

test('verify -u deletes an obsolete snapshot only after a run in which every test ran', { timeout: 120_000 }, async () => {
  // A temp file of a write that a `kill -9` cut short (its pid is above Linux's pid_max): cleared at start.
  const stale = 'snapshots/.alpha.trace.yaml.4194305.00ff00ff.tmp';
  const tiny = await project({ 'snapshots/old.trace.yaml': 'obsolete\n', [stale]: 'half a snap' });
  await tiny.write('tbt.config.yaml', config());
  await tiny.write(...exportingTest(tiny, 'alpha'));
  // No span ever comes for this one: an error, which leaves the run incomplete.
  await tiny.write('tests/beta.tbt.yaml', `name: beta\ntrigger:\n  command: ${tiny.scripts.mark} ${tiny.dir}/marked\n`);
  const withError = await tiny.run(['verify', '-u']);
  assert.equal(withError.code, 1, withError.stdout);
  assert.match(withError.stdout, /^1 passed, 1 failed, 1 obsolete snapshot$/m);
  assert.ok(tiny.exists('snapshots/old.trace.yaml'), 'a test that errored may still own it: not deleted');
  assert.equal(tiny.exists(stale), false, 'the dead run\'s temp file is gone');
  const filtered = await tiny.run(['verify', '-u', 'alpha']);
  assert.equal(filtered.code, 0, filtered.stdout);
  assert.ok(tiny.exists('snapshots/old.trace.yaml'), 'a filtered run deletes nothing');
  await tiny.write(...exportingTest(tiny, 'beta'));
  const whole = await tiny.run(['verify', '-u']);
  assert.equal(whole.code, 0, whole.stdout);
  assert.equal(tiny.exists('snapshots/old.trace.yaml'), false, 'a whole run in which every test ran deletes it');
  assert.match(whole.stdout, /^deleted snapshots\/old\.trace\.yaml$/m);
});

test('a corrupt or newer-version snapshot fails its own test with file:line:column; the others run; reports are written', { timeout: 120_000 }, async () => {
  const tiny = await project({});
  await tiny.write('tbt.config.yaml', config());
  for (const name of ['a', 'b', 'c']) await tiny.write(...exportingTest(tiny, name));
  const recorded = await tiny.run(['record']);
  assert.equal(recorded.code, 0, recorded.stdout + recorded.stderr);
  await tiny.write('snapshots/a.trace.yaml', (await tiny.read('snapshots/a.trace.yaml')).replace('tbt_snapshot: 1', 'tbt_snapshot: 99'));
  await tiny.write('snapshots/c.trace.yaml', 'tree: [ unclosed\n');
  const result = await tiny.run(['verify', '--reporter', 'pretty', '--reporter', 'junit=out/junit.xml', '--reporter', 'json=out/report.json']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.doesNotMatch(result.stdout + result.stderr, NO_STACK);
  assert.match(result.stdout, /^1 passed, 2 failed$/m);
  assert.match(result.stdout, /snapshots\/a\.trace\.yaml:\d+:\d+: written by a newer tbt \(snapshot schema 99/);
  assert.match(result.stdout, /snapshots\/c\.trace\.yaml:\d+:\d+: not valid YAML/);
  const report = JSON.parse(await tiny.read('out/report.json')) as JsonReport;
  assert.deepEqual(report.tests.map((entry) => [entry.id, entry.outcome]), [['a', 'error'], ['b', 'passed'], ['c', 'error']]);
  assert.equal((await tiny.read('out/junit.xml')).match(/<testcase /g)?.length, 3);
  // Never overwritten without --force.
  assert.match(await tiny.read('snapshots/c.trace.yaml'), /unclosed/);
});

test('report paths are checked before any service starts: exit 2 with the path, no stack', async () => {
  const tiny = await project({ 'blocker': 'a file, not a directory\n', 'out/dir/.keep': '' });
  await tiny.write('tbt.config.yaml', config(['services:', `  - { name: s, command: "${tiny.scripts.service} s" }`]));
  await tiny.write(...exportingTest(tiny, 'a'));
  for (const [spec, shown] of [['junit=blocker/junit.xml', 'blocker/junit.xml'], ['json=out/dir', 'out/dir']] as const) {
    const result = await tiny.run(['verify', '--reporter', spec]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`cannot write the report ${shown.replace('/', '\\/')}`));
    assert.doesNotMatch(result.stderr, NO_STACK);
  }
  assert.equal(tiny.exists('pids/s.pid'), false, 'no service was started');
});

test('errors say what really happened: HTTP status, a command that cannot start, a silent service, a service that died', { timeout: 120_000 }, async () => {
  const tiny = await project({});
  await tiny.write('tbt.config.yaml', config([
    'env: { API: "http://127.0.0.1:${port:api}" }',
    'services:',
    `  - name: api`,
    `    command: ${tiny.scripts.service} api`,
    '    env: { PORT: "${port:api}" }',
    '    ready: { http: "http://127.0.0.1:${port:api}/health", timeout: 20s }',
    `  - name: quiet`,
    `    command: ${tiny.scripts.service} quiet`,
  ]));
  const get = (name: string, route: string): [string, string] => [`tests/${name}.tbt.yaml`, `name: ${name}\ntrigger:\n  http: { method: GET, url: "\${env:API}${route}" }\n`];
  await tiny.write(...get('t1-refused', '/status/400'));
  await tiny.write('tests/t2-no-tool.tbt.yaml', 'name: t2-no-tool\ntrigger:\n  command: no-such-tool-for-tbt --now\n');
  // One word and no args runs through the shell, which answers 127 instead of failing to spawn.
  await tiny.write('tests/t2-no-tool-shell.tbt.yaml', 'name: t2-no-tool-shell\ntrigger:\n  command: { command: "no-such-tool-for-tbt" }\n');
  await tiny.write(...exportingTest(tiny, 't3-exports', 'quiet'));
  await tiny.write(...get('t4-silent', '/status/200'));
  await tiny.write(...get('t5-dies', '/die'));
  const result = await tiny.run(['verify', '--reporter', 'json=out/report.json']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const report = JSON.parse(await tiny.read('out/report.json')) as JsonReport;
  const errors = new Map(report.tests.map((entry) => [entry.id, entry.error?.message ?? `(${entry.outcome})`]));
  assert.match(errors.get('t1-refused') ?? '', /the trigger was answered with HTTP 400 and no spans arrived/);
  assert.match(errors.get('t2-no-tool') ?? '', /the trigger command could not start: no-such-tool-for-tbt: not found \(ENOENT\)/);
  assert.match(errors.get('t2-no-tool-shell') ?? '', /the trigger command could not start: no-such-tool-for-tbt: not found \(exit 127\)/);
  assert.equal(errors.get('t3-exports'), '(passed)');
  // "quiet" exported in this run (t3), "api" never did.
  assert.match(errors.get('t4-silent') ?? '', /no span from "api" has reached tbt in this run/);
  assert.match(errors.get('t5-dies') ?? '', /service "api" exited with code 3 during the run[\s\S]*api: dying on purpose/);
  assert.doesNotMatch(result.stdout, /does the system under test export traces/);
});

test('an invalid trigger URL is exit 2 at its file:line:column, before any service starts', async () => {
  const tiny = await project({});
  await tiny.write('tbt.config.yaml', config(['services:', `  - { name: s, command: "${tiny.scripts.service} s" }`]));
  await tiny.write('tests/bad.tbt.yaml', 'name: bad\ntrigger:\n  http:\n    method: GET\n    url: "127.0.0.1:8080/no-scheme"\n');
  const result = await tiny.run(['verify']);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /tests\/bad\.tbt\.yaml:5:\d+: the trigger URL (is not a valid URL|must be http: or https:)/);
  assert.doesNotMatch(result.stderr, NO_STACK);
  assert.equal(tiny.exists('pids/s.pid'), false, 'no service was started');
});

test("a service's own env wins over the config's and tbt's OTEL_*; ${env:X} is expanded; gRPC exporters get the gRPC endpoint", { timeout: 120_000 }, async () => {
  const tiny = await project({});
  await tiny.write('tbt.config.yaml', [
    'tests: ["tests/*.tbt.yaml"]',
    'receiver: { port: 0, grpcPort: 0 }',
    'collect: { settle: 50ms, timeout: 5s }',
    'tolerances: { duration: off }',
    'env:',
    '  SHARED: from-config',
    '  ONLY_CONFIG: config',
    '  FROM_TBT: "prefix-${env:TBT_TEST_SOURCE}"',
    'services:',
    '  - name: http-exporter',
    `    command: ${tiny.scripts.service} http-exporter`,
    '    env: { SHARED: from-service, OTEL_BSP_SCHEDULE_DELAY: "5000" }',
    '  - name: grpc-exporter',
    `    command: ${tiny.scripts.service} grpc-exporter`,
    '    env: { OTEL_EXPORTER_OTLP_PROTOCOL: grpc }',
    '',
  ].join('\n'));
  await tiny.write(...exportingTest(tiny, 'a'));
  const result = await tiny.run(['verify'], { env: { TBT_TEST_SOURCE: 'expanded', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://from-the-shell:1' } });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const httpEnv = JSON.parse(await tiny.read('pids/http-exporter.env.json')) as Record<string, string>;
  const grpcEnv = JSON.parse(await tiny.read('pids/grpc-exporter.env.json')) as Record<string, string>;
  assert.equal(httpEnv.SHARED, 'from-service');
  assert.equal(httpEnv.OTEL_BSP_SCHEDULE_DELAY, '5000');
  assert.equal(httpEnv.ONLY_CONFIG, 'config');
  assert.equal(httpEnv.FROM_TBT, 'prefix-expanded');
  assert.equal(httpEnv.OTEL_SERVICE_NAME, 'http-exporter');
  assert.match(httpEnv.OTEL_EXPORTER_OTLP_ENDPOINT ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, "tbt's endpoint, not the shell's");
  assert.equal(grpcEnv.OTEL_BSP_SCHEDULE_DELAY, '20', "tbt's default where the service sets none");
  assert.match(grpcEnv.OTEL_EXPORTER_OTLP_ENDPOINT ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(grpcEnv.OTEL_EXPORTER_OTLP_ENDPOINT, httpEnv.OTEL_EXPORTER_OTLP_ENDPOINT, 'the gRPC receiver, not the HTTP one');
  assert.equal(grpcEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, grpcEnv.OTEL_EXPORTER_OTLP_ENDPOINT, 'no /v1/traces path for gRPC');

  const unset = await tiny.run(['verify'], { env: { TBT_TEST_SOURCE: undefined } });
  assert.equal(unset.code, 2, unset.stdout + unset.stderr);
  assert.match(unset.stderr, /tbt\.config\.yaml:8:\d+: env\.FROM_TBT uses \$\{env:TBT_TEST_SOURCE\}, but TBT_TEST_SOURCE is not set/);
  assert.doesNotMatch(unset.stderr, NO_STACK);
});

test('a service that exports with gRPC while the gRPC receiver is off is exit 2 before it starts', async () => {
  const tiny = await project({});
  await tiny.write('tbt.config.yaml', config(['services:', `  - { name: g, command: "${tiny.scripts.service} g", env: { OTEL_EXPORTER_OTLP_PROTOCOL: grpc } }`]));
  await tiny.write(...exportingTest(tiny, 'a'));
  const result = await tiny.run(['verify']);
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stderr, /service "g" exports with OTEL_EXPORTER_OTLP_PROTOCOL=grpc, but the gRPC receiver is off/);
  assert.match(result.stderr, /receiver\.grpcPort/);
  assert.equal(tiny.exists('pids/g.pid'), false, 'no service was started');
});
