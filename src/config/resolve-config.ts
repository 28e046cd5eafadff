// Turns the parsed `tbt.config.yaml` into a TbtConfig with every default filled in. Pure: the
// file was read by load-config.ts. Sections owned by other stages (normalize, tolerances,
// detectors) are passed through with their location, and validated by those stages.
import path from 'node:path';
import {
  DEFAULT_RECEIVER_LIMITS,
  TbtError,
  type ReceiverLimits,
  type BackendConfig,
  type ReadinessCheck,
  type ServiceConfig,
  type SourceLocation,
  type TbtConfig,
} from '../model/index.ts';
import { parseDurationMs } from './duration.ts';
import type { YamlSource } from './yaml-source.ts';

const TOP_LEVEL_KEYS = [
  'tests',
  'snapshots',
  'receiver',
  'collect',
  'record',
  'verify',
  'env',
  'services',
  'backend',
  'normalize',
  'tolerances',
  'detectors',
] as const;

export const DEFAULT_TEST_GLOBS = ['**/*.tbt.yaml'];

type Keys = (string | number)[];
type At = (...keys: Keys) => SourceLocation;

/** What resolving may use from outside the file. */
interface ResolveConfigOptions {
  /**
   * tbt's environment, for `${env:NAME}` in `env:` values (the config's and each service's).
   * Without it, those references are left as written (commands that start no service).
   */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** Resolves a config; `source` is undefined when no config file exists. */
export function resolveConfig(source: YamlSource | undefined, rootDir: string, options: ResolveConfigOptions = {}): TbtConfig {
  const file = source?.file ?? path.join(rootDir, 'tbt.config.yaml');
  const at: At = (...keys) => source?.locate(keys) ?? { file };
  // The sections' own stages name a bad value by its keys; the file says where it was written.
  const valueLocator = source === undefined ? {} : { locate: (keys: readonly (string | number)[]) => source.locate(keys) };
  // A misspelt key would otherwise be ignored without a word (a service's `ready:` is optional).
  const rejectUnknown = (map: Record<string, unknown>, known: readonly string[], what: string, ...prefix: Keys): void => {
    for (const key of Object.keys(map)) {
      if (!known.includes(key)) {
        throw new TbtError('config', `unknown key "${key}" in ${what}`, {
          location: source?.locateKey([...prefix, key]) ?? { file },
          hint: `known keys: ${known.join(', ')}`,
        });
      }
    }
  };
  const raw = source?.value ?? {};
  if (raw === null) return resolveConfig(undefined, rootDir, options);
  const top = asMap(raw, 'the config', at());
  rejectUnknown(top, TOP_LEVEL_KEYS, 'the config');

  const tests = top.tests === undefined ? DEFAULT_TEST_GLOBS : stringList(top.tests, 'tests', at('tests'));
  const snapshotDir = path.resolve(rootDir, optionalString(top.snapshots, 'snapshots', at('snapshots')) ?? 'snapshots');

  const receiverRaw = asMap(top.receiver ?? {}, 'receiver', at('receiver'));
  rejectUnknown(receiverRaw, ['host', 'port', 'grpcPort', 'maxBodyBytes', ...RECEIVER_LIMIT_KEYS], 'receiver', 'receiver');
  const receiver = {
    host: optionalString(receiverRaw.host, 'receiver.host', at('receiver', 'host')) ?? '127.0.0.1',
    port: portNumber(receiverRaw.port ?? 4318, 'receiver.port', at('receiver', 'port')),
    grpcPort:
      receiverRaw.grpcPort === undefined || receiverRaw.grpcPort === false
        ? undefined
        : portNumber(receiverRaw.grpcPort, 'receiver.grpcPort', at('receiver', 'grpcPort')),
    maxBodyBytes: positiveNumber(receiverRaw.maxBodyBytes ?? 16 * 1024 * 1024, 'receiver.maxBodyBytes', at('receiver', 'maxBodyBytes')),
    limits: resolveReceiverLimits(receiverRaw, (...keys) => at('receiver', ...keys)),
  };

  const collectRaw = asMap(top.collect ?? {}, 'collect', at('collect'));
  rejectUnknown(collectRaw, ['settle', 'timeout'], 'collect', 'collect');
  const collect = {
    settleMs: timerDurationMs(collectRaw.settle ?? 250, 'collect.settle', at('collect', 'settle')),
    timeoutMs: timerDurationMs(collectRaw.timeout ?? 10_000, 'collect.timeout', at('collect', 'timeout')),
  };

  const recordRaw = asMap(top.record ?? {}, 'record', at('record'));
  rejectUnknown(recordRaw, ['runs'], 'record', 'record');
  const record = { runs: wholeNumber(recordRaw.runs ?? 3, 'record.runs', 1, at('record', 'runs')) };
  const verifyRaw = asMap(top.verify ?? {}, 'verify', at('verify'));
  rejectUnknown(verifyRaw, ['confirm'], 'verify', 'verify');
  const verify = { confirm: wholeNumber(verifyRaw.confirm ?? 2, 'verify.confirm', 0, at('verify', 'confirm')) };

  const expand = (map: Record<string, string>, ...prefix: Keys): Record<string, string> =>
    options.environment === undefined ? map : expandEnvReferences(map, options.environment, (key) => at(...prefix, key));
  const env = expand(stringMap(top.env ?? {}, 'env', at('env')), 'env');
  const servicesRaw = top.services ?? [];
  if (!Array.isArray(servicesRaw)) throw new TbtError('config', 'services must be a list', { location: at('services') });
  const services = servicesRaw.map((service, index) => {
    const known = (map: Record<string, unknown>, keys: readonly string[], what: string, ...prefix: Keys): void =>
      rejectUnknown(map, keys, what, 'services', index, ...prefix);
    const resolved = resolveService(service, rootDir, (...keys) => at('services', index, ...keys), known);
    return { ...resolved, env: expand({ ...resolved.env }, 'services', index, 'env') };
  });
  const names = new Set<string>();
  for (const [index, service] of services.entries()) {
    if (names.has(service.name)) {
      throw new TbtError('config', `two services are named "${service.name}"`, { location: at('services', index, 'name') });
    }
    names.add(service.name);
  }

  const backend = top.backend === undefined ? undefined : resolveBackend(top.backend, (...keys) => at('backend', ...keys));
  if (backend) rejectUnknown(top.backend as Record<string, unknown>, ['kind', 'url', 'headers'], 'backend', 'backend');

  return {
    rootDir,
    ...(source ? { file: source.file } : {}),
    tests,
    snapshotDir,
    receiver,
    collect,
    record,
    verify,
    env,
    services,
    ...(backend ? { backend } : {}),
    normalize: { value: top.normalize, location: at('normalize'), ...valueLocator },
    tolerances: { value: top.tolerances, location: at('tolerances'), ...valueLocator },
    detectors: { value: top.detectors, location: at('detectors'), ...valueLocator },
  };
}

const RECEIVER_LIMIT_KEYS = [
  'headerTimeout', 'requestTimeout', 'idleTimeout', 'maxConnections', 'maxHeaderBytes', 'maxPendingSpans', 'retryAfter',
] as const;

/** Node's timers overflow past 2^31 - 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A duration a timer waits for: at most 24 days, past which Node's timers fire at once (a
 * `collect.timeout: 600h` failed every test with a warning instead of saying so here).
 */
function timerDurationMs(value: unknown, what: string, where: SourceLocation): number {
  const ms = parseDurationMs(value, what, where);
  if (ms > MAX_TIMER_MS) throw new TbtError('config', `${what} must be at most 24 days`, { location: where });
  return ms;
}

/** The receiver's timeouts and caps; every one must be positive (0 would mean "no limit"). */
function resolveReceiverLimits(raw: Record<string, unknown>, at: At): ReceiverLimits {
  const d = DEFAULT_RECEIVER_LIMITS;
  const timeout = (key: string, fallback: number): number => {
    const ms = parseDurationMs(raw[key] ?? fallback, `receiver.${key}`, at(key));
    if (ms <= 0 || ms > MAX_TIMER_MS) {
      throw new TbtError('config', `receiver.${key} must be longer than 0 and at most 24 days`, { location: at(key) });
    }
    return ms;
  };
  const count = (key: string, fallback: number): number => {
    const value = raw[key] ?? fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    throw new TbtError('config', `receiver.${key} must be a whole number greater than 0, not ${JSON.stringify(value)}`, { location: at(key) });
  };
  const retryAfterMs = timeout('retryAfter', d.retryAfterSeconds * 1000);
  return {
    headerTimeoutMs: timeout('headerTimeout', d.headerTimeoutMs),
    requestTimeoutMs: timeout('requestTimeout', d.requestTimeoutMs),
    idleTimeoutMs: timeout('idleTimeout', d.idleTimeoutMs),
    maxConnections: count('maxConnections', d.maxConnections),
    maxHeaderBytes: count('maxHeaderBytes', d.maxHeaderBytes),
    maxPendingSpans: count('maxPendingSpans', d.maxPendingSpans),
    // Retry-After carries whole seconds.
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}

type RejectUnknown = (map: Record<string, unknown>, known: readonly string[], what: string, ...prefix: Keys) => void;

function resolveService(raw: unknown, rootDir: string, at: At, rejectUnknown: RejectUnknown): ServiceConfig {
  const service = asMap(raw, 'a service', at());
  const name = requiredString(service.name, 'services[].name', at('name'));
  rejectUnknown(service, ['name', 'command', 'cwd', 'env', 'ready'], `service "${name}"`);
  const command = requiredString(service.command, `service "${name}" command`, at('command'));
  const cwd = path.resolve(rootDir, optionalString(service.cwd, 'cwd', at('cwd')) ?? '.');
  const env = stringMap(service.env ?? {}, `service "${name}" env`, at('env'));
  const ready = resolveReadiness(service.ready, name, (...keys) => at('ready', ...keys));
  if (ready.kind !== 'none') rejectUnknown(service.ready as Record<string, unknown>, ['http', 'tcp', 'timeout'], `service "${name}" ready`, 'ready');
  return { name, command, cwd, env, ready };
}

function resolveReadiness(raw: unknown, name: string, at: At): ReadinessCheck {
  if (raw === undefined) return { kind: 'none' };
  const ready = asMap(raw, `service "${name}" ready`, at());
  const timeoutMs = timerDurationMs(ready.timeout ?? 20_000, `service "${name}" ready.timeout`, at('timeout'));
  if (ready.http !== undefined) {
    return { kind: 'http', url: requiredString(ready.http, 'ready.http', at('http')), timeoutMs };
  }
  if (ready.tcp !== undefined) {
    const text = String(ready.tcp);
    const match = /^(?:(.+):)?(\d+|\$\{port:[^}]+\})$/.exec(text);
    if (!match) {
      throw new TbtError('config', `ready.tcp must be PORT or HOST:PORT, not ${JSON.stringify(ready.tcp)}`, { location: at('tcp') });
    }
    return { kind: 'tcp', target: `${match[1] ?? '127.0.0.1'}:${match[2] ?? ''}`, timeoutMs };
  }
  throw new TbtError('config', `service "${name}" ready needs http: URL or tcp: PORT`, { location: at() });
}

function resolveBackend(raw: unknown, at: At): BackendConfig {
  const backend = asMap(raw, 'backend', at());
  const kind = backend.kind;
  if (kind !== 'jaeger' && kind !== 'jaeger-v3' && kind !== 'tempo' && kind !== 'zipkin') {
    throw new TbtError('config', 'backend.kind must be jaeger, jaeger-v3, tempo or zipkin', { location: at('kind') });
  }
  return {
    kind,
    url: requiredString(backend.url, 'backend.url', at('url')),
    headers: stringMap(backend.headers ?? {}, 'backend.headers', at('headers')),
  };
}

const ENV_REFERENCE = /\$\{env:([^}]*)\}/g;

/**
 * `${env:NAME}` in an `env:` value becomes NAME's value in tbt's environment; an unset NAME is an
 * error at the value's location, since passing the text on literally would only fail later.
 */
function expandEnvReferences(
  map: Readonly<Record<string, string>>,
  environment: Readonly<Record<string, string | undefined>>,
  at: (key: string) => SourceLocation,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    result[key] = value.replace(ENV_REFERENCE, (_, name: string) => {
      const found = environment[name];
      if (found === undefined) {
        throw new TbtError('config', `env.${key} uses \${env:${name}}, but ${name} is not set in tbt's environment`, {
          location: at(key),
          hint: `set ${name} before running tbt (${name}=… npx tbt verify), or write the value itself`,
        });
      }
      return found;
    });
  }
  return result;
}

function asMap(value: unknown, what: string, where: SourceLocation): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TbtError('config', `${what} must be a map of keys to values`, { location: where });
  }
  return value as Record<string, unknown>;
}

function requiredString(value: unknown, what: string, where: SourceLocation): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TbtError('config', `${what} must be a non-empty string`, { location: where });
  }
  return value;
}

function optionalString(value: unknown, what: string, where: SourceLocation): string | undefined {
  return value === undefined ? undefined : requiredString(value, what, where);
}

function stringList(value: unknown, what: string, where: SourceLocation): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === 'string')) {
    throw new TbtError('config', `${what} must be a string or a list of strings`, { location: where });
  }
  return list;
}

function stringMap(value: unknown, what: string, where: SourceLocation): Record<string, string> {
  const map = asMap(value, what, where);
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(map)) {
    if (typeof item === 'object' || item === undefined) {
      throw new TbtError('config', `${what}.${key} must be a string, number or boolean`, { location: where });
    }
    result[key] = String(item);
  }
  return result;
}

function portNumber(value: unknown, what: string, where: SourceLocation): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) return value;
  throw new TbtError('config', `${what} must be a port number from 0 to 65535 (0 picks a free one)`, { location: where });
}

function wholeNumber(value: unknown, what: string, min: number, where: SourceLocation): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= 100) return value;
  throw new TbtError('config', `${what} must be a whole number from ${min} to 100, not ${JSON.stringify(value)}`, { location: where });
}

function positiveNumber(value: unknown, what: string, where: SourceLocation): number {
  if (typeof value === 'number' && value > 0) return value;
  throw new TbtError('config', `${what} must be a positive number`, { location: where });
}
