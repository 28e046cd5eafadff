// The CLI's wiring, one argv per row. The offline commands: flags in any position, `--flag=value`,
// short forms, repeatable --vars, config found from the working directory or given with -c, help
// and usage errors; each row runs runCli in-process and checks the exit code and what was printed.
// record and verify: each argv (with a CI environment or none) gives the runner's typed options,
// or one usage error, without starting a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CommanderError } from 'commander';
import { runCli } from '../../src/cli/index.ts';
import { type CliIo } from '../../src/cli/io.ts';
import { recordOrVerifyOptions } from '../../src/cli/commands/run.ts';
import type { RunCommandFlags } from '../../src/cli/flags.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { TbtError } from '../../src/model/index.ts';
import type { RecordOrVerifyOptions } from '../../src/runner/index.ts';
import { tbt, tempDir, type CliResult } from './helpers/cli-harness.ts';
import { jaegerJson, orderListing, otlpJson, zipkinJson } from './helpers/trace-writers.ts';

const TOLERANT = 'tolerances:\n  count: "±2"\ndetectors:\n  nPlusOne: { minRepeats: 6 }\n';
const testFile = (assertion: string): string =>
  `name: items\ntrigger:\n  http:\n    method: GET\n    url: http://localhost/orders/1\nspecs:\n  - selector: span[name="SELECT items"]\n    assertions:\n      - ${assertion}\n`;
const variableSet = (value: number): string => `type: VariableSet\nspec:\n  id: n\n  name: n\n  values:\n    - key: N\n      value: "${value}"\n`;

let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir({
    'a.json': otlpJson(orderListing(3)),
    'b.json': zipkinJson(orderListing(5)),
    'err.json': jaegerJson(orderListing(2, { failLast: true })),
    'pass.tbt.yaml': testFile('attr:tracetest.selected_spans.count = 3'),
    'var.tbt.yaml': testFile('attr:tracetest.selected_spans.count = "${var:N}"'),
    'three.vars.yaml': variableSet(3),
    'five.vars.yaml': variableSet(5),
    'tolerant.yaml': TOLERANT,
    'configured/tbt.config.yaml': TOLERANT,
  });
});
after(async () => {
  await dir.dispose();
});

interface Row {
  readonly argv: readonly string[];
  /** Relative to the temp dir. */
  readonly cwd?: string;
  readonly code: number;
  readonly stdout?: readonly RegExp[];
  readonly notStdout?: readonly RegExp[];
  readonly stderr?: readonly RegExp[];
  /** `stdout` parsed as JSON must satisfy this. */
  readonly json?: (value: unknown) => void;
}

const arrayOf = (length: number) => (value: unknown) => {
  assert.ok(Array.isArray(value));
  assert.equal(value.length, length);
};

const ROWS: readonly Row[] = [
  // diff: text by default, --json anywhere, -c/--config/--config=, -v/--verbose
  { argv: ['diff', 'a.json', 'b.json'], code: 1, stdout: [/count: ×3 → ×5/, /^1 drift finding\(s\)$/m] },
  { argv: ['diff', '--json', 'a.json', 'b.json'], code: 1, json: arrayOf(1) },
  { argv: ['diff', 'a.json', 'b.json', '--json'], code: 1, json: arrayOf(1) },
  { argv: ['diff', 'a.json', 'a.json'], code: 0, stdout: [/^no drift$/m] },
  { argv: ['diff', '-c', 'tolerant.yaml', 'a.json', 'b.json'], code: 0, stdout: [/^no drift$/m], notStdout: [/×3/] },
  { argv: ['diff', '--config=tolerant.yaml', '-v', 'a.json', 'b.json'], code: 0, stdout: [/count: ×3 → ×5 {2}\(tolerance ±2\) {2}\[within tolerance\]/] },
  { argv: ['diff', '--verbose', '--config', 'tolerant.yaml', 'a.json', 'b.json'], code: 0, stdout: [/within tolerance/] },
  { argv: ['diff', '../a.json', '../b.json'], cwd: 'configured', code: 0, stdout: [/^no drift$/m] },
  { argv: ['diff', '--config', 'no-such.yaml', 'a.json', 'b.json'], code: 2, stderr: [/no-such\.yaml/] },
  // show
  { argv: ['show', 'a.json'], code: 0, stdout: [/^tree:\n {2}- span: GET \/orders\/\{id\}$/m, /count: 3/] },
  { argv: ['show', '-c', 'tolerant.yaml', 'err.json'], code: 0, stdout: [/status: \{ code: error, message: deadlock detected \}/] },
  // lint: --fail-on in every spelling, --min-repeats over the config, config from -c
  { argv: ['lint', 'b.json'], code: 1, stdout: [/N\+1: 5 sequential identical/] },
  { argv: ['lint', '--fail-on=error', 'b.json'], code: 0, stdout: [/n-plus-one/] },
  { argv: ['lint', 'b.json', '--fail-on', 'error'], code: 0 },
  { argv: ['lint', '--fail-on', 'error', 'err.json'], code: 1, stdout: [/new-error/] },
  { argv: ['lint', '--min-repeats=6', 'b.json'], code: 0, stdout: [/no findings/] },
  { argv: ['lint', '-c', 'tolerant.yaml', 'b.json'], code: 0, stdout: [/no findings/] },
  { argv: ['lint', '-c', 'tolerant.yaml', '--min-repeats', '5', 'b.json'], code: 1, stdout: [/N\+1: 5 sequential/] },
  { argv: ['lint', 'b.json'], cwd: 'configured', code: 2, stderr: [/b\.json: no such file/] },
  { argv: ['lint', '../b.json'], cwd: 'configured', code: 0, stdout: [/no findings/] },
  { argv: ['lint', '--json', 'a.json', 'b.json'], code: 1, json: (value) => assert.equal((value as { results: unknown[] }).results.length, 2) },
  { argv: ['lint', '--fail-on'], code: 2, stderr: [/argument missing/] },
  // query: --json before or after the arguments
  { argv: ['query', '--json', 'span[name="SELECT items"]', 'a.json'], code: 0, json: arrayOf(3) },
  { argv: ['query', 'span[name="SELECT items"]', 'b.json', '--json'], code: 0, json: arrayOf(5) },
  { argv: ['query', 'span[name="SELECT items"]', 'a.json'], code: 0, stdout: [/^3 spans matched$/m] },
  { argv: ['query', 'span', 'a.json', 'b.json'], code: 2, stderr: [/too many arguments for 'query'/] },
  // check: --trace, --vars repeatable (a later set wins)
  { argv: ['check', 'pass.tbt.yaml'], code: 0, stdout: [/^1 file, 1 test, 0 problems$/m] },
  { argv: ['check', 'pass.tbt.yaml', '--trace', 'a.json'], code: 0, stdout: [/1 passed, 0 failed/] },
  { argv: ['check', '--trace', 'b.json', 'pass.tbt.yaml'], code: 1, stdout: [/tracetest\.selected_spans\.count is 5, expected = 3/] },
  { argv: ['check', 'var.tbt.yaml', '--trace', 'a.json', '--vars', 'five.vars.yaml', '--vars', 'three.vars.yaml'], code: 0 },
  { argv: ['check', 'var.tbt.yaml', '--trace', 'a.json', '--vars', 'three.vars.yaml', '--vars', 'five.vars.yaml'], code: 1 },
  { argv: ['check', 'pass.tbt.yaml', 'var.tbt.yaml'], code: 0, stdout: [/^2 files, 2 tests, 0 problems$/m] },
  // help, version, usage errors
  { argv: ['--help'], code: 0, stdout: [/\bdiff\b/, /\bshow\b/, /\blint\b/, /\bquery\b/, /\bcheck\b/] },
  { argv: ['lint', '--help'], code: 0, stdout: [/--fail-on <severity>/, /--min-repeats <n>/, /--json/] },
  { argv: ['check', '--help'], code: 0, stdout: [/--trace <file>/, /--vars <file>/] },
  { argv: ['-V'], code: 0, stdout: [/^0\.1\.0$/m] },
  { argv: ['frobnicate'], code: 2, stderr: [/unknown command 'frobnicate'/] },
  { argv: ['diff', '--no-such-flag', 'a.json', 'b.json'], code: 2, stderr: [/unknown option '--no-such-flag'/] },
  { argv: ['show', 'a.json', 'b.json'], code: 2, stderr: [/too many arguments for 'show'/] },
];

for (const row of ROWS) {
  test(`tbt ${row.argv.join(' ')}${row.cwd ? ` (in ${row.cwd}/)` : ''} → ${row.code}`, async () => {
    const result: CliResult = await tbt(row.argv, { cwd: path.join(dir.dir, row.cwd ?? '.') });
    const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    assert.equal(result.code, row.code, context);
    for (const pattern of row.stdout ?? []) assert.match(result.stdout, pattern, context);
    for (const pattern of row.notStdout ?? []) assert.doesNotMatch(result.stdout, pattern, context);
    for (const pattern of row.stderr ?? []) assert.match(result.stderr, pattern, context);
    if (row.json) row.json(JSON.parse(result.stdout));
    assert.doesNotMatch(result.stderr, /\n\s+at /, context);
  });
}

test('a crash inside a command is exit 3 with the stack and a request to report it, never 1', async () => {
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: () => {
        throw new TypeError('stdout exploded');
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: dir.dir,
  };
  const code = await runCli(['show', 'a.json'], io);
  assert.equal(code, 3);
  assert.match(stderr, /internal error: this is a bug in tbt/);
  assert.match(stderr, /TypeError: stdout exploded\n\s+at /);
  assert.match(stderr, /Please report it/);
});

/**
 * The runner options `tbt …argv` would run with: the real program parses the argv, and its record
 * and verify actions only map the flags (nothing is started). A usage error comes back as itself.
 */
async function runOptionsFor(argv: readonly string[], env: Record<string, string> = {}): Promise<RecordOrVerifyOptions | Error> {
  const io: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir.dir };
  const program = buildProgram(io, () => undefined);
  let options: RecordOrVerifyOptions | undefined;
  for (const command of program.commands) {
    const name = command.name();
    if (name !== 'record' && name !== 'verify') continue;
    command.action((filters: string[], flags: RunCommandFlags) => {
      options = recordOrVerifyOptions(name, filters, flags, io);
    });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof TbtError || error instanceof CommanderError) return error;
    throw error;
  }
  assert.ok(options !== undefined, `${argv.join(' ')} reached no record or verify action`);
  return options;
}

interface RunRow {
  readonly argv: readonly string[];
  readonly env?: Record<string, string>;
  /** These options exactly (the ones not listed must be absent, but for the reporter factory, env and cwd). */
  readonly options?: Partial<RecordOrVerifyOptions>;
  /** A usage error whose message matches. */
  readonly usage?: RegExp;
}

const RUN_DEFAULTS = { filters: [], force: false, concurrency: 1, varsFiles: [] } as const;

const RUN_ROWS: readonly RunRow[] = [
  // the update mode: command × -u/--ci/--no-ci × CI environment
  { argv: ['verify'], options: { command: 'verify', mode: 'new', ci: false, ...RUN_DEFAULTS } },
  { argv: ['verify', '-u'], options: { command: 'verify', mode: 'all', ci: false, ...RUN_DEFAULTS } },
  { argv: ['verify', '--update', '--force'], options: { command: 'verify', mode: 'all', ci: false, ...RUN_DEFAULTS, force: true } },
  { argv: ['verify', '--ci'], options: { command: 'verify', mode: 'none', ci: true, ...RUN_DEFAULTS } },
  { argv: ['verify'], env: { CI: 'true' }, options: { command: 'verify', mode: 'none', ci: true, ...RUN_DEFAULTS } },
  { argv: ['verify', '--no-ci'], env: { CI: 'true' }, options: { command: 'verify', mode: 'new', ci: false, ...RUN_DEFAULTS } },
  { argv: ['verify', '--no-ci', '-u'], env: { CI: 'true' }, options: { command: 'verify', mode: 'all', ci: false, ...RUN_DEFAULTS } },
  { argv: ['record'], env: { CI: 'true' }, options: { command: 'record', mode: 'all', ci: false, ...RUN_DEFAULTS } },
  { argv: ['verify', '--ci', '-u'], usage: /--update and --ci cannot be used together/ },
  { argv: ['verify', '-u'], env: { CI: '1' }, usage: /--update and --ci cannot be used together/ },
  { argv: ['record', '--ci'], usage: /unknown option '--ci'/ },
  // filters and test files pass through as given; the runner tells them apart
  { argv: ['record', '-f', 'checkout', 'tests/a.tbt.yaml'], options: { command: 'record', mode: 'all', ci: false, ...RUN_DEFAULTS, force: true, filters: ['checkout', 'tests/a.tbt.yaml'] } },
  // every valued flag, in both spellings
  {
    argv: ['verify', '--concurrency=4', '--shard', '2/3', '--vars', 'a.yaml', '--vars=b.yaml', '--port', '0', '--runs', '5', '--confirm=0', '-c', 'x.yaml', 'cart'],
    options: {
      command: 'verify', mode: 'new', ci: false, ...RUN_DEFAULTS,
      filters: ['cart'], concurrency: 4, shard: { index: 2, total: 3 }, varsFiles: ['a.yaml', 'b.yaml'], port: 0, recordRuns: 5, confirmRuns: 0, configPath: 'x.yaml',
    },
  },
  { argv: ['record', '--config', 'y.yaml', '--runs=1', '--port=4318'], options: { command: 'record', mode: 'all', ci: false, ...RUN_DEFAULTS, configPath: 'y.yaml', recordRuns: 1, port: 4318 } },
  // bad values are usage errors before anything runs
  { argv: ['record', '--concurrency', '0'], usage: /--concurrency must be a whole number ≥ 1, not "0"/ },
  { argv: ['verify', '--concurrency', 'two'], usage: /--concurrency must be a whole number ≥ 1, not "two"/ },
  { argv: ['record', '--runs', '0'], usage: /--runs must be a whole number from 1 to 100, not "0"/ },
  { argv: ['verify', '--confirm', '101'], usage: /--confirm must be a whole number from 0 to 100, not "101"/ },
  { argv: ['verify', '--confirm', '1.5'], usage: /--confirm must be a whole number from 0 to 100, not "1\.5"/ },
  { argv: ['verify', '--port', '70000'], usage: /--port must be 0\.\.65535, not "70000"/ },
  { argv: ['verify', '--shard', '3/2'], usage: /--shard must be i\/n with 1 ≤ i ≤ n, not "3\/2"/ },
];

for (const row of RUN_ROWS) {
  const env = row.env ? ` (${Object.entries(row.env).map(([key, value]) => `${key}=${value}`).join(' ')})` : '';
  test(`tbt ${row.argv.join(' ')}${env} → ${row.usage ? 'usage error' : 'runner options'}`, async () => {
    const env = { ...row.env };
    const result = await runOptionsFor(row.argv, env);
    if (row.usage) {
      assert.ok(result instanceof Error, `expected a usage error, got ${JSON.stringify(result)}`);
      if (result instanceof TbtError) assert.equal(result.kind, 'usage');
      assert.match(result.message, row.usage);
      return;
    }
    assert.ok(!(result instanceof Error), String(result));
    const { reporter, env: passedEnv, cwd, onDiagnostic, ...options } = result;
    assert.deepEqual(options, row.options);
    assert.equal(typeof reporter, 'function');
    // The environment and the working directory are the io's, passed in, never read here.
    assert.equal(passedEnv, env);
    assert.equal(cwd, dir.dir);
    assert.equal(onDiagnostic, undefined, 'diagnostics are printed only with --verbose');
  });
}

test('tbt verify -v passes a diagnostic printer; the reporter factory makes the named reporters', async () => {
  const options = await runOptionsFor(['verify', '-v', '-r', 'json=out.json', '-r', 'pretty']);
  assert.ok(!(options instanceof Error), String(options));
  assert.equal(typeof options.onDiagnostic, 'function');
  const reporter = options.reporter({ rootDir: dir.dir });
  assert.equal(typeof reporter.onRunEnd, 'function');
  const unknown = await runOptionsFor(['verify', '-r', 'nosuch']);
  assert.ok(!(unknown instanceof Error), String(unknown));
  assert.throws(() => unknown.reporter({ rootDir: dir.dir }), /nosuch/);
});

test('record and verify usage errors reach the user as exit 2 with the message, before any run', async () => {
  for (const [argv, message] of [
    [['verify', '--ci', '--update'], /tbt: error: --update and --ci cannot be used together/],
    [['record', '--concurrency', '0'], /tbt: error: --concurrency must be a whole number ≥ 1/],
  ] as const) {
    const result = await tbt(argv, { cwd: dir.dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stdout, '');
  }
});
