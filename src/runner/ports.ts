// `${port:NAME}` in the config: a free loopback port chosen once per run for each NAME, so the
// demo and tests never depend on fixed ports.
import net from 'node:net';
import type { ReadinessCheck, ServiceConfig, TbtConfig } from '../model/index.ts';
import { claimPort, releasePorts, removeDeadClaims } from './port-claims.ts';

const PORT_PLACEHOLDER = /\$\{port:([^}]+)\}/g;

/**
 * Ports are drawn below Linux's ephemeral range (32768+). A port the kernel hands out for `:0` or
 * for an outgoing connection can be taken by anyone the moment we release it; a random port from
 * here is only at risk from another process drawing the same number in the same instant.
 */
const PORT_RANGE = { from: 15_000, to: 32_000 } as const;
const ATTEMPTS = 50;

/**
 * A port that was free a moment ago. The service binds it shortly after, so a race is unlikely;
 * with `claim`, other tbt runs on this machine also stay off it until `releasePorts`.
 */
export async function freePort(host = '127.0.0.1', taken: ReadonlySet<number> = new Set(), claim = false): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const candidate = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (taken.has(candidate) || !(await canBind(host, candidate))) continue;
    if (!claim || claimPort(candidate)) return candidate;
  }
  return bindAnyPort(host);
}

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function bindAnyPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Replaces every `${port:NAME}` in services and env with a free port (the same one per NAME). */
export async function assignPorts(
  config: TbtConfig,
): Promise<{ config: TbtConfig; ports: ReadonlyMap<string, number>; release: () => void }> {
  const names = new Set<string>();
  const collect = (text: string): void => {
    for (const match of text.matchAll(PORT_PLACEHOLDER)) names.add(match[1] ?? '');
  };
  for (const value of Object.values(config.env)) collect(value);
  for (const service of config.services) {
    collect(service.command);
    for (const value of Object.values(service.env)) collect(value);
    if (service.ready.kind === 'http') collect(service.ready.url);
    if (service.ready.kind === 'tcp') collect(service.ready.target);
  }
  const ports = new Map<string, number>();
  // A tbt killed by `kill -9` never released its claims: clear them before drawing new ones.
  removeDeadClaims();
  // Each port is released as soon as it is checked, so the run itself must not draw one twice.
  for (const name of [...names].sort()) ports.set(name, await freePort(config.receiver.host, new Set(ports.values()), true));
  const fill = (text: string): string => text.replace(PORT_PLACEHOLDER, (_, name: string) => String(ports.get(name)));
  const fillMap = (map: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fill(value)]));
  const services: ServiceConfig[] = config.services.map((service) => ({
    ...service,
    command: fill(service.command),
    env: fillMap(service.env),
    ready: fillReadiness(service.ready, fill),
  }));
  return { config: { ...config, env: fillMap(config.env), services }, ports, release: () => releasePorts(ports.values()) };
}

function fillReadiness(ready: ReadinessCheck, fill: (text: string) => string): ReadinessCheck {
  if (ready.kind === 'http') return { ...ready, url: fill(ready.url) };
  if (ready.kind === 'tcp') return { ...ready, target: fill(ready.target) };
  return ready;
}
