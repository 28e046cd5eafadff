// The checkout demo's services, started once by a test file for many runs of the real bin: the way
// most users run tbt (their system is already up and exports to a fixed OTLP endpoint; the config
// has no `services:`). Each boot costs about 5 CPU-s (PostgreSQL and six Node services), so a file
// that runs the bin five times on the same behaviour boots once instead of five times.
// Bug switches (CHECKOUT_BUGS) are read by the services when they start: one boot per switch set.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadConfig } from '../../src/config/index.ts';
import { releasePorts } from '../../src/runner/port-claims.ts';
import { assignPorts, freePort } from '../../src/runner/ports.ts';
import { startServices, type RunningServices } from '../../src/services/index.ts';
import { createDemoProject, type DemoProject, type DemoProjectOptions, type DemoRunOptions } from './demo-project.ts';

export interface BootedDemo {
  /** `CHECKOUT_BUGS` the services started with. */
  readonly bugs: string;
  /**
   * A fresh demo project (as createDemoProject) whose bin runs use these services: its config
   * keeps everything but `services:`, and receives on the services' endpoint. A run that asks for
   * other bugs than the boot's throws.
   */
  createProject(options?: DemoProjectOptions): Promise<DemoProject>;
  /** Stops the services, frees the ports and removes the boot's own directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the demo's services (its tbt.config.yaml, `${port:NAME}` filled) in a project of their
 * own, exporting to a port drawn and claimed as tbt draws service ports: below the ephemeral
 * range, so no `:0` bind between two runs can take it. Runs must not overlap: each binds it.
 */
export async function bootDemo(options: { readonly bugs?: string } = {}): Promise<BootedDemo> {
  const bugs = options.bugs ?? '';
  const host = await createDemoProject({ snapshots: false });
  let release = (): void => {};
  let receiverPort: number | undefined;
  let services: RunningServices | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await services?.stop();
      } finally {
        release();
        if (receiverPort !== undefined) releasePorts([receiverPort]);
        await host.cleanup();
      }
    })());
  try {
    const filled = await assignPorts(await loadConfig({ cwd: host.dir, environment: {} }));
    release = filled.release;
    const { env, receiver } = filled.config;
    receiverPort = await freePort(receiver.host, new Set(filled.ports.values()), true);
    const endpoint = `http://${receiver.host}:${receiverPort}`;
    services = await startServices(filled.config.services, {
      env: { ...process.env, CHECKOUT_BUGS: bugs },
      envFor: (service) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: service.name, ...env }),
      logDir: path.join(host.dir, '.tbt', 'logs'),
    });
    const port = receiverPort;
    return {
      bugs,
      async createProject(projectOptions = {}) {
        const project = await createDemoProject(projectOptions);
        const configFile = path.join(project.dir, 'tbt.booted.yaml');
        const document = parseDocument(await readFile(path.join(project.dir, 'tbt.config.yaml'), 'utf8'));
        document.delete('services');
        document.setIn(['receiver', 'port'], port);
        document.set('env', env);
        await writeFile(configFile, document.toString());
        const checked = (runOptions: DemoRunOptions): DemoRunOptions => {
          if (runOptions.bugs !== undefined && runOptions.bugs !== bugs) {
            throw new Error(`this demo was booted with CHECKOUT_BUGS="${bugs}", not "${runOptions.bugs}"`);
          }
          return runOptions;
        };
        return {
          ...project,
          run: (args, runOptions = {}) => project.run([...args, '--config', configFile], checked(runOptions)),
          runJson: (args, runOptions = {}) => project.runJson([...args, '--config', configFile], checked(runOptions)),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface DemoBoots {
  /** The boot with these bug switches, started on first use. */
  get(bugs?: string): Promise<BootedDemo>;
  /** Stops every boot: a test file's `after`. */
  stopAll(): Promise<void>;
}

/** One boot per bug switch set, for a test file whose tests need several. */
export function demoBoots(): DemoBoots {
  const boots = new Map<string, Promise<BootedDemo>>();
  return {
    get(bugs = '') {
      let boot = boots.get(bugs);
      if (!boot) boots.set(bugs, (boot = bootDemo({ bugs })));
      return boot;
    },
    async stopAll() {
      const settled = await Promise.allSettled(boots.values());
      await Promise.all(settled.map((boot) => (boot.status === 'fulfilled' ? boot.value.stop() : undefined)));
    },
  };
}
