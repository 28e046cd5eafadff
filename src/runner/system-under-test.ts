// The running system a test talks to: the embedded OTLP receivers (or a tracing backend) and the
// config's services, started once and stopped once. `runSuite` starts one per run; the library's
// `startSystem` keeps one up across many tests of a test runner.
import path from 'node:path';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, TraceHub, type CollectDiagnostic, type SpanSink } from '../collect/index.ts';
import { TbtError, type ServiceConfig, type TbtConfig } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, knownSecretsOf, resolveNormalizeRules, secretRedactor } from '../normalize/index.ts';
import { startServices, type RunningServices } from '../services/index.ts';
import { BackendTraceSource, type TraceSource } from './trace-source.ts';

export interface SystemUnderTestOptions {
  /** Start the config's services (a run with no test to run skips them). */
  readonly startServices: boolean;
  /** tbt's own environment, which every service starts from (stages never read process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C: readiness waits end at once, and the services are stopped. */
  readonly signal?: AbortSignal;
  /** What the receivers refused and the hub dropped (a 413, a late span). */
  readonly onDiagnostic?: (diagnostic: CollectDiagnostic) => void;
  /** Called just before the services start, for the progress line. */
  readonly onServicesStarting?: () => void;
}

export interface SystemUnderTest {
  /** Where the tests' spans come from: the receiver's hub, or the backend. */
  readonly source: TraceSource;
  /** The OTEL_* variables the services (and command triggers) export with. */
  readonly otelEnv: Readonly<Record<string, string>>;
  /** How long the services took to become ready; undefined when none were started. */
  readonly servicesStartMs: number | undefined;
  /** The services tbt started, or undefined when it started none. */
  readonly services: RunningServices | undefined;
  /** Services tbt started from which no span has reached the receiver yet; undefined when it cannot tell. */
  readonly silentServices: (() => readonly string[]) | undefined;
  /** Why the system is down (a service exited), or undefined while it is up. */
  problem(): string | undefined;
  /** Stops the services, then the receivers. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the receivers, then the services with the receiver's endpoint in their environment. The
 * config's `${port:NAME}` placeholders must already be filled (`assignPorts`). When a start fails
 * half-way, whatever did start is stopped before the error is rethrown.
 */
export async function startSystemUnderTest(config: TbtConfig, options: SystemUnderTestOptions): Promise<SystemUnderTest> {
  const onDiagnostic = options.onDiagnostic;
  const hub = new TraceHub(onDiagnostic ? { onDiagnostic } : {});
  // Which services have sent anything at all: a test with no spans can then name the silent ones.
  const exportingServices = new Set<string>();
  const sink: SpanSink = {
    accept(spans) {
      for (const span of spans) exportingServices.add(span.service);
      hub.accept(spans);
    },
  };
  const source = config.backend ? new BackendTraceSource(config.backend) : hub;
  const receivers: { close(): Promise<void> }[] = [];
  let services: RunningServices | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await services?.stop();
      await Promise.all(receivers.map((receiver) => receiver.close()));
    })());
  try {
    const { otelEnv, grpcEndpoint } = await startReceivers(config, sink, receivers, onDiagnostic);
    let servicesStartMs: number | undefined;
    if (options.startServices && config.services.length > 0 && !options.signal?.aborted) {
      options.onServicesStarting?.();
      const started = performance.now();
      services = await startServices(config.services, {
        env: options.env,
        envFor: (service) => serviceDefaults(service, config, otelEnv, grpcEndpoint),
        logDir: path.join(config.rootDir, '.tbt', 'logs'),
        redactOutput: outputRedactor(config, options.env),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      servicesStartMs = Math.round(performance.now() - started);
    }
    const running = services;
    const expectedNames = config.services.map((service) => ({ ...config.env, ...service.env }.OTEL_SERVICE_NAME ?? service.name));
    return {
      source,
      otelEnv,
      servicesStartMs,
      services: running,
      silentServices: running && !config.backend ? () => expectedNames.filter((name) => !exportingServices.has(name)) : undefined,
      problem: () => running?.problem(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * What services print is redacted by the config's secret rules, the credential shapes and the
 * values of credential-named variables in tbt's environment and the config's `env:` (a service
 * that echoes its DATABASE_PASSWORD must not leave it in `.tbt/logs`).
 */
function outputRedactor(config: TbtConfig, env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  const rules = resolveNormalizeRules(config.normalize.value, DEFAULT_NORMALIZE_RULES, config.normalize.location);
  const envs = [env, config.env, ...config.services.map((service) => service.env)];
  const redactor = secretRedactor(rules, knownSecretsOf(...envs));
  return (text) => redactor.text(text);
}

/** A service that exports with gRPC needs the gRPC receiver: else nothing it sends arrives. */
export function checkExportProtocols(config: TbtConfig): void {
  if (config.backend || config.receiver.grpcPort !== undefined) return;
  for (const service of config.services) {
    if (!exportsWithGrpc({ ...config.env, ...service.env })) continue;
    throw new TbtError('config', `service "${service.name}" exports with OTEL_EXPORTER_OTLP_PROTOCOL=grpc, but the gRPC receiver is off`, {
      location: { file: config.file ?? path.join(config.rootDir, 'tbt.config.yaml') },
      hint: 'set receiver.grpcPort (0 picks a free port), or export with http/protobuf',
    });
  }
}

/**
 * Starts the embedded receivers (none with a backend: the system under test then exports to the
 * team's own pipeline, and tbt only pulls) and says what services must be told to export there.
 * Each receiver is pushed to `receivers` as soon as it runs, so that a later failure still closes it.
 */
async function startReceivers(
  config: TbtConfig,
  sink: SpanSink,
  receivers: { close(): Promise<void> }[],
  onDiagnostic: ((diagnostic: CollectDiagnostic) => void) | undefined,
): Promise<{ otelEnv: Record<string, string>; grpcEndpoint?: string }> {
  const base = { OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '20' };
  if (config.backend) return { otelEnv: base };
  const http = await startOtlpHttpReceiver({
    host: config.receiver.host,
    port: config.receiver.port,
    sink,
    maxBodyBytes: config.receiver.maxBodyBytes,
    limits: config.receiver.limits,
    ...(onDiagnostic ? { onDiagnostic } : {}),
  });
  receivers.push(http);
  let grpcEndpoint: string | undefined;
  if (config.receiver.grpcPort !== undefined) {
    const grpc = await startOtlpGrpcReceiver({
      host: config.receiver.host,
      port: config.receiver.grpcPort,
      sink,
      maxMessageBytes: config.receiver.maxBodyBytes,
      limits: config.receiver.limits,
      ...(onDiagnostic ? { onDiagnostic } : {}),
    });
    receivers.push(grpc);
    grpcEndpoint = grpc.url;
  }
  // The receiver's own URL: it brackets IPv6 hosts and maps a wildcard bind to loopback.
  const otelEnv = { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: http.url, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: http.tracesUrl, OTEL_TRACES_EXPORTER: 'otlp' };
  return grpcEndpoint === undefined ? { otelEnv } : { otelEnv, grpcEndpoint };
}

/**
 * What tbt lays under a service's own `env:`: its OTel exporter settings and name, then the
 * config's `env:` over them; the service's own `env:` wins over both (services/ applies it).
 */
function serviceDefaults(
  service: ServiceConfig,
  config: TbtConfig,
  otelEnv: Readonly<Record<string, string>>,
  grpcEndpoint: string | undefined,
): Record<string, string> {
  const defaults: Record<string, string> = { ...otelEnv, OTEL_SERVICE_NAME: service.name };
  if (grpcEndpoint !== undefined && exportsWithGrpc({ ...config.env, ...service.env })) {
    defaults.OTEL_EXPORTER_OTLP_ENDPOINT = grpcEndpoint;
    // For gRPC the traces endpoint is the server itself, with no /v1/traces path.
    defaults.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = grpcEndpoint;
  }
  return { ...defaults, ...config.env };
}

function exportsWithGrpc(env: Readonly<Record<string, string>>): boolean {
  return (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL) === 'grpc';
}
