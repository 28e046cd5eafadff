// commander wiring: flags to typed options, then one call per command. Command bodies are
// imported lazily so that `--help`, `show` and `diff` start fast.
import { Command, CommanderError, Option } from 'commander';
import type { CheckFlags, ConfigFlag, DiffFlags, LintFlags, QueryFlags, ReceiveFlags, RunCommandFlags, ShowFlags } from './flags.ts';
import type { CliIo } from './io.ts';

/** The exit code a command returned; commander's own exits are mapped in `runCli`. */
export type CommandResult = number;

// Repeatable flags start undefined (so --help shows no "(default: [])") and grow one value per use.
const collectRepeatable = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function buildProgram(io: CliIo, setResult: (code: CommandResult) => void): Command {
  const program = new Command('tbt')
    .description('Trace-based snapshot tests for systems instrumented with OpenTelemetry.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run tbt --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const runOptions = (command: Command): Command =>
    command
      .option('-c, --config <file>', 'config file (default: nearest tbt.config.yaml)')
      .option('-r, --reporter <name[=path]>', 'pretty (the default), junit, json, markdown, github or html; repeatable', collectRepeatable)
      .option('--no-color', 'no colour, even on a terminal')
      .option('-v, --verbose', 'also show drift hidden by tolerances')
      .option('--concurrency <n>', 'tests run in parallel', '1')
      .option('--shard <i/n>', 'run the i-th of n deterministic shards of the suite')
      .option('--vars <file>', 'Tracetest VariableSet file for ${var:NAME}; repeatable', collectRepeatable)
      .option('--port <n>', 'OTLP/HTTP receiver port (overrides the config)')
      .option('--runs <n>', 'runs a new or rewritten snapshot learns from (default: record.runs, else 3)');

  runOptions(
    program
      .command('record')
      .description('run tests and write their snapshots (only those that drifted or are new)')
      .argument('[filter...]', 'test files (path/to/x.tbt.yaml), or run tests whose id, name or file contains any filter')
      .option('-f, --force', 'rewrite snapshots even without drift'),
  ).action(async (filters: string[], flags: RunCommandFlags) => {
    const { runRecordOrVerify } = await import('./commands/run.ts');
    setResult(await runRecordOrVerify('record', filters, flags, io));
  });

  runOptions(
    program
      .command('verify')
      .description('run tests and compare their traces with the snapshots')
      .argument('[filter...]', 'test files (path/to/x.tbt.yaml), or run tests whose id, name or file contains any filter')
      .option('-u, --update', 'rewrite drifted snapshots, write missing ones, delete obsolete ones')
      .option('-f, --force', 'with --update, rewrite snapshots even without drift')
      .option('--confirm <n>', 'runs again a test that failed on durations alone (default: verify.confirm, else 2; 0: off)')
      .addOption(new Option('--ci', 'never write; a missing or obsolete snapshot fails (default when CI=true)'))
      .addOption(new Option('--no-ci', 'write missing snapshots even when CI=true')),
  ).action(async (filters: string[], flags: RunCommandFlags) => {
    const { runRecordOrVerify } = await import('./commands/run.ts');
    setResult(await runRecordOrVerify('verify', filters, flags, io));
  });

  program
    .command('accept')
    .description('promote pending .trace.new.yaml snapshots left by a failed verify')
    .argument('[filter...]', 'only snapshots whose id contains a filter')
    .option('-c, --config <file>', 'config file')
    .action(async (filters: string[], flags: ConfigFlag) => {
      const { runAcceptOrReject } = await import('./commands/pending.ts');
      setResult(await runAcceptOrReject('accept', filters, flags, io));
    });

  program
    .command('reject')
    .description('delete pending .trace.new.yaml snapshots')
    .argument('[filter...]', 'only snapshots whose id contains a filter')
    .option('-c, --config <file>', 'config file')
    .action(async (filters: string[], flags: ConfigFlag) => {
      const { runAcceptOrReject } = await import('./commands/pending.ts');
      setResult(await runAcceptOrReject('reject', filters, flags, io));
    });

  program
    .command('review')
    .description('walk the pending .trace.new.yaml snapshots one by one: diff, then a key to accept, reject or skip (needs a terminal)')
    .argument('[filter...]', 'only snapshots whose id contains a filter')
    .option('-c, --config <file>', 'config file')
    .action(async (filters: string[], flags: ConfigFlag) => {
      const { runReview } = await import('./commands/review.ts');
      setResult(await runReview(filters, flags, io));
    });

  program
    .command('init')
    .description('start a project here: tbt.config.yaml, one example test, .gitignore lines (never overwrites)')
    .action(async () => {
      const { runInit } = await import('./commands/init.ts');
      setResult(await runInit(io));
    });

  program
    .command('diff')
    .description('compare two trace files or snapshots offline (exit 0 same, 1 drift)')
    .argument('<a>', 'golden: a trace file or snapshot')
    .argument('<b>', 'current: a trace file or snapshot')
    .option('--json', 'print findings as JSON')
    .option('--no-color', 'no colour')
    .option('-v, --verbose', 'also show drift hidden by tolerances')
    .option('-c, --config <file>', 'config file for normalize rules and tolerances')
    .action(async (a: string, b: string, flags: DiffFlags) => {
      const { runDiff } = await import('./commands/offline.ts');
      setResult(await runDiff(a, b, flags, io));
    });

  program
    .command('show')
    .description('print the canonical tree of a trace file or snapshot')
    .argument('<file>', 'trace file (OTLP, Jaeger, Zipkin) or snapshot')
    .option('-c, --config <file>', 'config file for normalize rules')
    .option('--snapshot', 'print a whole snapshot (header and tree), ready to commit as a golden')
    .action(async (file: string, flags: ShowFlags) => {
      const { runShow } = await import('./commands/offline.ts');
      setResult(await runShow(file, flags, io));
    });

  program
    .command('lint')
    .description('run the detectors (N+1, duplicates, retries, errors) on trace files')
    .argument('<files...>', 'trace files')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails').choices(['error', 'warning', 'info']).default('warning'))
    .option('--min-repeats <n>', 'N+1 threshold (default from config, else 3)')
    .option('--json', 'print findings as JSON')
    .option('-c, --config <file>', 'config file for detector thresholds')
    .action(async (files: string[], flags: LintFlags) => {
      const { runLint } = await import('./commands/offline.ts');
      setResult(await runLint(files, flags, io));
    });

  program
    .command('query')
    .description('print the spans a selector matches in a trace file')
    .argument('<selector>', 'e.g. span[service.name="payment-service"]')
    .argument('<file>', 'trace file or snapshot')
    .option('--json', 'print a JSON array')
    .option('-c, --config <file>', 'config file for its redact rules')
    .action(async (selector: string, file: string, flags: QueryFlags) => {
      const { runQuery } = await import('./commands/offline.ts');
      setResult(await runQuery(selector, file, flags, io));
    });

  program
    .command('check')
    .description('validate test files as a run would before firing (their ${env:X} against tbt\'s environment and the nearest config\'s env:, their ${var:X} against --vars, their trigger URL); with --trace, evaluate their specs on a recorded trace')
    .argument('<tests...>', 'test files (*.tbt.yaml or Tracetest)')
    .option('--trace <file>', 'a trace file to evaluate the specs against')
    .option('--vars <file>', 'Tracetest VariableSet file; repeatable', collectRepeatable)
    .action(async (files: string[], flags: CheckFlags) => {
      const { runCheck } = await import('./commands/offline.ts');
      setResult(await runCheck(files, flags, io));
    });

  program
    .command('receive')
    .description('run the receiver alone and print each trace as it completes')
    .option('--port <n>', 'OTLP/HTTP port', '4318')
    .option('--grpc-port <n>', 'OTLP/gRPC port (off unless given)')
    .option('--out <dir>', 'also save each trace as an OTLP JSON file (secrets redacted)')
    .option('-c, --config <file>', 'config file for normalize rules and settle window')
    .action(async (flags: ReceiveFlags) => {
      const { runReceive } = await import('./commands/receive.ts');
      setResult(await runReceive(flags, io));
    });

  return program;
}

export { CommanderError };
