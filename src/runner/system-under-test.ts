// The running system a test talks to: the embedded OTLP receivers (or a tracing backend) and the
// config's services, started once and stopped once. `runSuite` starts one per run; the library's
// `startSystem` keeps one up across many tests of a test runner.
import path from 'node:path';
import { startOtlpGrpcReceiver, startOtlpHttpReceiver, TraceHub, type CollectDiagnostic } from '../collect/index.ts';
import type { TbtConfig } from '../model/index.ts';
import { startServices, type RunningServices } from '../services/index.ts';
import { BackendTraceSource, type TraceSource } from './trace-source.ts';

export interface SystemUnderTestOptions {
  /** Start the config's services (a run with no test to run skips them). */
  readonly startServices: boolean;
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
    // With a backend, the system under test exports to the team's own pipeline; tbt only pulls.
    let otelEnv: Record<string, string> = { OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '20' };
    if (!config.backend) {
      const http = await startOtlpHttpReceiver({
        host: config.receiver.host,
        port: config.receiver.port,
        sink: hub,
        maxBodyBytes: config.receiver.maxBodyBytes,
        ...(onDiagnostic ? { onDiagnostic } : {}),
      });
      receivers.push(http);
      if (config.receiver.grpcPort !== undefined) {
        receivers.push(
          await startOtlpGrpcReceiver({
            host: config.receiver.host,
            port: config.receiver.grpcPort,
            sink: hub,
            maxMessageBytes: config.receiver.maxBodyBytes,
            ...(onDiagnostic ? { onDiagnostic } : {}),
          }),
        );
      }
      otelEnv = {
        ...otelEnv,
        // The receiver's own URL: it brackets IPv6 hosts and maps a wildcard bind to loopback.
        OTEL_EXPORTER_OTLP_ENDPOINT: http.url,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: http.tracesUrl,
        OTEL_TRACES_EXPORTER: 'otlp',
      };
    }
    let servicesStartMs: number | undefined;
    if (options.startServices && config.services.length > 0) {
      options.onServicesStarting?.();
      const started = performance.now();
      services = await startServices(config.services, {
        envFor: (service) => ({ ...config.env, ...otelEnv, OTEL_SERVICE_NAME: service.name }),
        logDir: path.join(config.rootDir, '.tbt', 'logs'),
      });
      servicesStartMs = Math.round(performance.now() - started);
    }
    return { source, otelEnv, servicesStartMs, problem: () => services?.problem(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
