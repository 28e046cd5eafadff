// What every test of one run shares, worked out once from the config, its settings (resolved in
// run-settings.ts) and the running system: the one home for the TestContext that `runSuite` (the
// CLI) and `startSystem` (test runners) both hand to runTest.
import type { ServicePort } from '../detect/index.ts';
import type { TbtConfig } from '../model/index.ts';
import type { SnapshotStore } from '../snapshot/index.ts';
import type { RunSettings } from './run-settings.ts';
import type { TestContext } from './run-test.ts';
import type { SystemUnderTest } from './system-under-test.ts';
import type { UpdateMode } from './update-mode.ts';

/** What the caller decides for this run: where snapshots go and how they may be written. */
export interface RunChoices {
  readonly store: SnapshotStore;
  readonly mode: UpdateMode;
  readonly force: boolean;
  /** The tests' `${env:X}` values: tbt's environment with the config's `env:` over it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vars: Readonly<Record<string, string>>;
  /** Ctrl-C. */
  readonly signal?: AbortSignal;
  /** `--runs` and `--confirm`; the config's `record.runs` and `verify.confirm` otherwise. */
  readonly recordRuns?: number;
  readonly confirmRuns?: number;
  readonly writeDespiteFailedSpecs?: boolean;
}

export function sharedTestContext(config: TbtConfig, system: SystemUnderTest, settings: RunSettings, choices: RunChoices): Omit<TestContext, 'onPhase'> {
  const running = system.services;
  // Ctrl-C, or a service that died: either way, a test waiting for its trace stops waiting.
  const stops = [choices.signal, running?.died].filter((signal): signal is AbortSignal => signal !== undefined);
  return {
    rootDir: config.rootDir,
    snapshotDir: config.snapshotDir,
    store: choices.store,
    source: system.source,
    mode: choices.mode,
    force: choices.force,
    settleMs: config.collect.settleMs,
    timeoutMs: config.collect.timeoutMs,
    ...settings,
    env: choices.env,
    vars: choices.vars,
    otelEnv: system.otelEnv,
    servicesProblem: () => system.problem(),
    ...(system.silentServices ? { silentServices: system.silentServices } : {}),
    ...(stops.length > 0 ? { signal: stops.length === 1 ? (stops[0] as AbortSignal) : AbortSignal.any(stops) } : {}),
    recordRuns: choices.recordRuns ?? config.record.runs,
    confirmRuns: choices.confirmRuns ?? config.verify.confirm,
    startedServices: servicePorts(config),
    ...(choices.writeDespiteFailedSpecs ? { writeDespiteFailedSpecs: true } : {}),
  };
}

/** The port each service tbt starts answers its readiness check on: a call there must reach its spans. */
function servicePorts(config: TbtConfig): ServicePort[] {
  return config.services.flatMap((service) => {
    const ready = service.ready;
    let port = Number.NaN;
    if (ready.kind === 'tcp') port = Number(ready.target.slice(ready.target.lastIndexOf(':') + 1));
    else if (ready.kind === 'http') {
      try {
        port = Number(new URL(ready.url).port);
      } catch {
        // an unresolved placeholder: no port to know
      }
    }
    return Number.isInteger(port) && port > 0 ? [{ service: service.name, port }] : [];
  });
}
