// `tbt receive`: the embedded OTLP receivers alone, printing each trace's canonical tree as it
// completes (and saving it as OTLP/JSON with --out) until SIGINT or SIGTERM.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  LiveTraceAssembler,
  SaveQueue,
  saveTraceSpans,
  startOtlpGrpcReceiver,
  startOtlpHttpReceiver,
  type CollectDiagnostic,
  type SpanSink,
  type OtlpGrpcReceiver,
  type OtlpHttpReceiver,
} from '../../collect/index.ts';
import { makeDirectory, TEMP_FILE_NAME } from '../../common/index.ts';
import { loadConfig } from '../../config/index.ts';
import { TbtError, type NormalizeRules, type Trace } from '../../model/index.ts';
import { knownSecretsOf, normalizeTrace, redactTrace, secretRedactor, type SecretRedactor } from '../../normalize/index.ts';
import { normalizeRulesOf } from '../../runner/index.ts';
import { renderCanonicalTree } from '../../snapshot/index.ts';
import { EXIT_OK } from '../errors.ts';
import type { ReceiveFlags } from '../flags.ts';
import type { CliIo, SignalSource } from '../io.ts';

export type { ReceiveFlags } from '../flags.ts';

/**
 * Runs until SIGINT/SIGTERM heard through `io.signals` (or `options.signal`, for tests and library callers), then closes the
 * receivers, prints and saves every trace still pending, and resolves to exit code 0.
 */
export async function runReceive(flags: ReceiveFlags, io: CliIo, options: { signal?: AbortSignal } = {}): Promise<number> {
  const port = parsePort(flags.port, '--port');
  const grpcPort = flags.grpcPort === undefined ? undefined : parsePort(flags.grpcPort, '--grpc-port');
  const config = await loadConfig({ cwd: io.cwd, ...(flags.config ? { configPath: flags.config } : {}) });
  const rules = normalizeRulesOf(config);
  // Saved traces keep their ids, clocks and values, but no secret: tbt writes none to any file.
  const redactor = secretRedactor(rules, knownSecretsOf(io.env, config.env));
  const outDir = flags.out === undefined ? undefined : path.resolve(io.cwd, flags.out);
  if (outDir !== undefined) {
    try {
      await makeDirectory(outDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in its way (--out names a folder)' : (code ?? String(error));
      throw new TbtError('io', `cannot create the --out folder ${outDir}: ${reason}`);
    }
    await removeStaleTempFiles(outDir);
  }

  // Printing and saving happen in emission order, one trace at a time, even though writes are
  // async. What waits here and in the assembler is bounded: past receiver.maxPendingSpans the
  // receivers answer 503 / UNAVAILABLE with a retry delay, and exporters send again later.
  const queue = new SaveQueue();
  const assembler = new LiveTraceAssembler({
    settleMs: config.collect.settleMs,
    maxWaitMs: config.collect.timeoutMs,
    onTrace: (trace) => queue.push(trace.spans.length, () => report(trace, rules, outDir, io, redactor)),
    onDiagnostic: (diagnostic) => warn(io, diagnostic),
  });
  const limits = config.receiver.limits;
  const sink: SpanSink = {
    accept: (spans) => assembler.accept(spans),
    isFull: () => assembler.pendingSpanCount + queue.queuedSpans >= limits.maxPendingSpans,
  };

  const stop = waitForStop(io.signals, options.signal);
  let http: OtlpHttpReceiver | undefined;
  let grpc: OtlpGrpcReceiver | undefined;
  try {
    const common = { host: config.receiver.host, sink, limits, onDiagnostic: (d: CollectDiagnostic) => warn(io, d) };
    http = await startOtlpHttpReceiver({ ...common, port, maxBodyBytes: config.receiver.maxBodyBytes });
    io.stdout.write(`listening on ${http.tracesUrl}\n`);
    if (grpcPort !== undefined) {
      grpc = await startOtlpGrpcReceiver({ ...common, port: grpcPort, maxMessageBytes: config.receiver.maxBodyBytes });
      io.stdout.write(`listening on ${grpc.url} (OTLP/gRPC)\n`);
    }
    io.stdout.write(`waiting for traces (settle ${config.collect.settleMs}ms); Ctrl-C to stop\n`);
    await stop.promise;
  } finally {
    stop.dispose();
    await Promise.all([http?.close(), grpc?.close()]);
    assembler.close();
    await queue.drained();
  }
  return EXIT_OK;
}

/**
 * Prints one trace (header line and canonical tree on stdout, its warnings on stderr) and saves
 * it when asked, with its secrets redacted, joining the spans its file already holds. Never throws.
 */
async function report(trace: Trace, rules: NormalizeRules, outDir: string | undefined, io: CliIo, redactor: SecretRedactor): Promise<void> {
  // What is printed and saved beside the canonical tree is the trace with its secrets redacted.
  const shown = redactTrace(trace, redactor);
  const services = [...new Set(shown.spans.map((span) => span.service))].sort();
  let text = `\ntrace ${trace.traceId}: ${trace.spans.length} span${trace.spans.length === 1 ? '' : 's'}, services: ${services.join(', ')}\n`;
  if (trace.warnings.length > 0) {
    io.stderr.write(trace.warnings.map((warning) => `tbt: trace ${trace.traceId}: warning: ${redactor.text(warning)}\n`).join(''));
  }
  try {
    text += treeText(trace, rules);
  } catch (error) {
    text += `  (the canonical tree could not be built: ${error instanceof Error ? error.message : String(error)})\n`;
  }
  io.stdout.write(text);
  if (outDir === undefined) return;
  const file = path.join(outDir, `${trace.traceId}.otlp.json`);
  try {
    const saved = await saveTraceSpans(file, shown.spans);
    if (saved.file !== file) {
      io.stderr.write(`tbt: ${file} is not a trace file tbt can read, so it was left alone; saved to ${saved.file} instead\n`);
    }
    const joined = saved.earlier > 0 ? ` (${saved.added} new span${saved.added === 1 ? '' : 's'} joined the ${saved.earlier} saved before)` : '';
    io.stdout.write(`saved ${saved.file}${joined}\n`);
  } catch (error) {
    io.stderr.write(`tbt: cannot save ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
  }
}

/**
 * A save killed between its temp file and the rename leaves `.<trace>.otlp.json.<pid>.<hex>.tmp`
 * (common's temp name; tbt before it wrote `<trace>.otlp.json.<hex>.tmp`); the file it was
 * replacing is intact, so the leftover is only clutter (removed once 10 minutes old).
 */
const LEGACY_TEMP_FILE_NAME = /\.otlp\.json\.[0-9a-f]{8}\.tmp$/;
const STALE_TEMP_MS = 10 * 60_000;

async function removeStaleTempFiles(outDir: string): Promise<void> {
  try {
    for (const name of await readdir(outDir)) {
      const isTemp = (TEMP_FILE_NAME.test(name) && name.includes('.otlp.json.')) || LEGACY_TEMP_FILE_NAME.test(name);
      if (!isTemp) continue;
      // Another `tbt receive` may be saving into the same folder right now: only old ones go.
      const file = path.join(outDir, name);
      if (Date.now() - (await stat(file)).mtimeMs > STALE_TEMP_MS) await rm(file, { force: true });
    }
  } catch {
    // A folder we cannot list will fail loudly at the first save.
  }
}

/** The canonical tree as a snapshot would hold it. */
function treeText(trace: Trace, rules: NormalizeRules): string {
  return renderCanonicalTree(normalizeTrace(trace, rules).canonical);
}

function waitForStop(signals: SignalSource | undefined, signal: AbortSignal | undefined): { promise: Promise<void>; dispose: () => void } {
  let resolveStop!: () => void;
  const promise = new Promise<void>((resolve) => {
    resolveStop = resolve;
  });
  const dispose = (): void => {
    signals?.off('SIGINT', onStop);
    signals?.off('SIGTERM', onStop);
    signal?.removeEventListener('abort', onStop);
  };
  // Heard once: a second Ctrl-C while the last traces are saved gets the process's default (quit).
  function onStop(): void {
    dispose();
    resolveStop();
  }
  signals?.on('SIGINT', onStop);
  signals?.on('SIGTERM', onStop);
  if (signal?.aborted === true) onStop();
  signal?.addEventListener('abort', onStop, { once: true });
  return { promise, dispose };
}

function warn(io: CliIo, diagnostic: CollectDiagnostic): void {
  io.stderr.write(`tbt: ${diagnostic.source}: ${diagnostic.message}\n`);
}

function parsePort(text: string, flag: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new TbtError('usage', `${flag} must be a port number 0..65535, not "${text}"`);
  }
  return port;
}
