// resolveConfig on parsed YAML: every default, every key read, and each mistake as a config
// TbtError located at file:line:column (the key for unknown keys, the value otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEFAULT_TEST_GLOBS, resolveConfig } from '../../src/config/resolve-config.ts';
import { parseYamlSource } from '../../src/config/yaml-source.ts';
import { DEFAULT_RECEIVER_LIMITS, TbtError, type SourceLocation, type TbtConfig } from '../../src/model/index.ts';

const ROOT = path.resolve('/project');
const FILE = 'tbt.config.yaml';

function resolve(text: string): TbtConfig {
  return resolveConfig(parseYamlSource(text, FILE), ROOT);
}

/** The config error `text` raises: kind and location asserted; the message is returned for spot checks. */
function configError(text: string, line: number, column: number): string {
  let caught: unknown;
  try {
    resolve(text);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof TbtError, `expected a TbtError for:\n${text}`);
  assert.equal(caught.kind, 'config', caught.message);
  assert.deepEqual(caught.location, { file: FILE, line, column } satisfies SourceLocation, caught.message);
  return caught.message;
}

const DEFAULTS = {
  rootDir: ROOT,
  tests: DEFAULT_TEST_GLOBS,
  snapshotDir: path.join(ROOT, 'snapshots'),
  receiver: { host: '127.0.0.1', port: 4318, grpcPort: undefined, maxBodyBytes: 16 * 1024 * 1024, limits: DEFAULT_RECEIVER_LIMITS },
  collect: { settleMs: 250, timeoutMs: 10_000 },
  record: { runs: 3 },
  verify: { confirm: 2 },
  env: {},
  services: [],
};

test('no config file: every default, sections located at the would-be file', () => {
  const config = resolveConfig(undefined, ROOT);
  assert.deepEqual({ ...config, normalize: undefined, tolerances: undefined, detectors: undefined }, {
    ...DEFAULTS,
    normalize: undefined,
    tolerances: undefined,
    detectors: undefined,
  });
  assert.equal(config.file, undefined);
  assert.equal(config.backend, undefined);
  assert.deepEqual(config.normalize, { value: undefined, location: { file: path.join(ROOT, 'tbt.config.yaml') } });
});

test('an empty file and a file of comments resolve to the defaults', () => {
  for (const text of ['', '# nothing yet\n']) {
    const config = resolve(text);
    assert.deepEqual(
      { rootDir: config.rootDir, tests: config.tests, snapshotDir: config.snapshotDir, receiver: config.receiver, collect: config.collect, record: config.record, verify: config.verify, env: config.env, services: config.services },
      DEFAULTS,
    );
  }
});

test('every key is read: globs, folders relative to the root, receiver, collect, env, services, backend', () => {
  const config = resolve(`
tests: "e2e/*.tbt.yaml"
snapshots: golden/snaps
receiver: { host: 0.0.0.0, port: 0, grpcPort: 4317, maxBodyBytes: 1024, headerTimeout: 5s, requestTimeout: 30s, idleTimeout: 2m, maxConnections: 64, maxHeaderBytes: 8192, maxPendingSpans: 1000, retryAfter: 2s }
collect: { settle: 1s, timeout: 1.5m }
env:
  GATEWAY: http://127.0.0.1:8080
  RETRIES: 3
  VERBOSE: true
services:
  - name: api
    command: npm start
    cwd: services/api
    env: { PORT: 8080 }
    ready: { http: "http://127.0.0.1:8080/health", timeout: 5s }
  - name: db
    command: ./db
    ready: { tcp: 5432 }
  - name: cache
    command: ./cache
    ready: { tcp: "cache.local:6379" }
  - name: worker
    command: ./worker
backend: { kind: tempo, url: "http://tempo:3200", headers: { X-Scope-OrgID: ci } }
normalize: { defaults: false }
tolerances: { duration: off }
detectors: { n-plus-one: { min: 3 } }
`);
  assert.deepEqual(config.tests, ['e2e/*.tbt.yaml']);
  assert.equal(config.snapshotDir, path.join(ROOT, 'golden/snaps'));
  assert.deepEqual(config.receiver, {
    host: '0.0.0.0', port: 0, grpcPort: 4317, maxBodyBytes: 1024,
    limits: { headerTimeoutMs: 5000, requestTimeoutMs: 30_000, idleTimeoutMs: 120_000, maxConnections: 64, maxHeaderBytes: 8192, maxPendingSpans: 1000, retryAfterSeconds: 2 },
  });
  assert.deepEqual(config.collect, { settleMs: 1000, timeoutMs: 90_000 });
  assert.deepEqual(config.env, { GATEWAY: 'http://127.0.0.1:8080', RETRIES: '3', VERBOSE: 'true' });
  assert.deepEqual(config.services, [
    { name: 'api', command: 'npm start', cwd: path.join(ROOT, 'services/api'), env: { PORT: '8080' }, ready: { kind: 'http', url: 'http://127.0.0.1:8080/health', timeoutMs: 5000 } },
    { name: 'db', command: './db', cwd: ROOT, env: {}, ready: { kind: 'tcp', target: '127.0.0.1:5432', timeoutMs: 20_000 } },
    { name: 'cache', command: './cache', cwd: ROOT, env: {}, ready: { kind: 'tcp', target: 'cache.local:6379', timeoutMs: 20_000 } },
    { name: 'worker', command: './worker', cwd: ROOT, env: {}, ready: { kind: 'none' } },
  ]);
  assert.deepEqual(config.backend, { kind: 'tempo', url: 'http://tempo:3200', headers: { 'X-Scope-OrgID': 'ci' } });
  assert.equal(config.file, FILE);
  // Sections other stages own are passed through with the place they were written, and a way to
  // place a value inside them.
  const { locate, ...normalize } = config.normalize;
  assert.deepEqual(normalize, { value: { defaults: false }, location: { file: FILE, line: 25, column: 12 } });
  assert.deepEqual(locate?.(['normalize', 'defaults']), { file: FILE, line: 25, column: 24 });
  assert.deepEqual(config.tolerances.value, { duration: 'off' });
  assert.deepEqual(config.detectors.value, { 'n-plus-one': { min: 3 } });
});

test('grpcPort: false turns gRPC off; empty sections take their defaults', () => {
  const config = resolve('receiver:\n  grpcPort: false\ncollect:\nenv:\nservices:\n');
  assert.equal(config.receiver.grpcPort, undefined);
  assert.deepEqual(config.collect, DEFAULTS.collect);
  assert.deepEqual(config.services, []);
});

test('${port:NAME} placeholders are kept for the runner to fill, in tcp targets too', () => {
  const config = resolve(`
env: { API_URL: "http://127.0.0.1:\${port:api}" }
services:
  - name: api
    command: node api.mjs --port \${port:api}
    env: { PORT: "\${port:api}" }
    ready: { http: "http://127.0.0.1:\${port:api}/health" }
  - name: db
    command: ./db
    ready: { tcp: "\${port:db}" }
  - name: cache
    command: ./cache
    ready: { tcp: "localhost:\${port:cache}" }
`);
  assert.equal(config.env.API_URL, 'http://127.0.0.1:${port:api}');
  const [api, db, cache] = config.services;
  assert.equal(api?.command, 'node api.mjs --port ${port:api}');
  assert.deepEqual(api?.env, { PORT: '${port:api}' });
  assert.deepEqual(api?.ready, { kind: 'http', url: 'http://127.0.0.1:${port:api}/health', timeoutMs: 20_000 });
  assert.deepEqual(db?.ready, { kind: 'tcp', target: '127.0.0.1:${port:db}', timeoutMs: 20_000 });
  assert.deepEqual(cache?.ready, { kind: 'tcp', target: 'localhost:${port:cache}', timeoutMs: 20_000 });
});

test('unknown keys are located at the key, at the top and in every section tbt owns', () => {
  assert.match(configError('tests: a\nrecievr:\n  port: 1\n', 2, 1), /unknown key "recievr"/);
  assert.match(configError('receiver:\n  prot: 4319\n', 2, 3), /unknown key "prot" in receiver/);
  assert.match(configError('collect:\n  settel: 1s\n', 2, 3), /unknown key "settel" in collect/);
  assert.match(configError('services:\n  - name: a\n    command: x\n    readiness: { http: "http://x" }\n', 4, 5), /unknown key "readiness" in service "a"/);
  assert.match(configError('services:\n  - name: a\n    command: x\n  - name: b\n    command: y\n    ready: { http: "http://x", timout: 5s }\n', 6, 32), /unknown key "timout" in service "b" ready/);
  assert.match(configError('backend:\n  kind: tempo\n  url: http://t\n  header: {}\n', 4, 3), /unknown key "header" in backend/);
});

test('wrong types are located at the value', () => {
  assert.match(configError('receiver:\n  port: "4318"\n', 2, 9), /receiver\.port/);
  configError('receiver:\n  port: 70000\n', 2, 9);
  configError('receiver:\n  port: 1.5\n', 2, 9);
  configError('receiver:\n  grpcPort: -1\n', 2, 13);
  configError('receiver:\n  maxBodyBytes: 0\n', 2, 17);
  configError('receiver:\n  host: ""\n', 2, 9);
  assert.match(configError('receiver:\n  headerTimeout: 0s\n', 2, 18), /receiver\.headerTimeout must be longer than 0/);
  // Past 2^31 - 1 ms Node's timers fire at once: every test failed before this was checked.
  assert.match(configError('collect:\n  timeout: 600h\n', 2, 12), /collect\.timeout must be at most 24 days/);
  assert.match(configError('collect:\n  settle: 2147484s\n', 2, 11), /collect\.settle must be at most 24 days/);
  assert.match(configError('receiver:\n  requestTimeout: soon\n', 2, 19), /receiver\.requestTimeout must be a duration/);
  assert.match(configError('receiver:\n  maxConnections: 0\n', 2, 19), /receiver\.maxConnections must be a whole number greater than 0/);
  configError('receiver:\n  maxPendingSpans: 1.5\n', 2, 20);
  configError('receiver:\n  maxHeaderBytes: "8k"\n', 2, 19);
  configError('receiver: 4318\n', 1, 11);
  configError('- tests\n', 1, 1);
  assert.match(configError('tests: [a, 1]\n', 1, 8), /tests must be a string or a list of strings/);
  configError('snapshots: [a]\n', 1, 12);
  configError('env: [a]\n', 1, 6);
  assert.match(configError('env:\n  A: 1\n  B: { c: d }\n', 2, 3), /env\.B/);
  assert.match(configError('services:\n  api: {}\n', 2, 3), /services must be a list/);
  configError('services:\n  - just a string\n', 2, 5);
});

test('services: a missing name or command, duplicate names, a bad env', () => {
  assert.match(configError('services:\n  - command: x\n', 2, 5), /services\[\]\.name/);
  assert.match(configError('services:\n  - name: api\n', 2, 5), /service "api" command/);
  assert.match(configError('services:\n  - name: a\n    command: x\n  - name: a\n    command: y\n', 4, 11), /two services are named "a"/);
  configError('services:\n  - name: a\n    command: x\n    env: [PORT]\n', 4, 10);
  configError('services:\n  - name: a\n    command: x\n    cwd: 3\n', 4, 10);
});

test('ready: neither http nor tcp, a bad tcp target, a scalar, a bad timeout', () => {
  const service = 'services:\n  - name: a\n    command: x\n';
  assert.match(configError(`${service}    ready: {}\n`, 4, 12), /ready needs http: URL or tcp: PORT/);
  assert.match(configError(`${service}    ready:\n      tcp: "host:abc"\n`, 5, 12), /ready\.tcp must be PORT or HOST:PORT/);
  configError(`${service}    ready:\n      tcp: ""\n`, 5, 12);
  configError(`${service}    ready: 5\n`, 4, 12);
  configError(`${service}    ready:\n      http: 8080\n`, 5, 13);
  assert.match(configError(`${service}    ready:\n      http: http://x\n      timeout: soon\n`, 6, 16), /ready\.timeout must be a duration/);
});

test('collect durations and the backend', () => {
  assert.match(configError('collect:\n  settle: fast\n', 2, 11), /collect\.settle must be a duration such as 250ms or 10s, not "fast"/);
  configError('collect:\n  timeout: -1s\n', 2, 12);
  assert.match(configError('backend:\n  kind: honeycomb\n  url: http://x\n', 2, 9), /backend\.kind must be/);
  configError('backend:\n  url: http://x\n', 2, 3);
  configError('backend:\n  kind: tempo\n', 2, 3);
  configError('backend: tempo\n', 1, 10);
  configError('backend:\n  kind: jaeger\n  url: http://j\n  headers: { a: { b: c } }\n', 4, 12);
});

test('${env:X} in env: values is expanded from the environment passed in; unset X is an error at the value', () => {
  const text = 'env:\n  A: "x-${env:HOME_DIR}-y"\n  B: plain\nservices:\n  - name: s\n    command: run\n    env:\n      C: "${env:TOKEN}"\n';
  const config = resolveConfig(parseYamlSource(text, FILE), ROOT, { environment: { HOME_DIR: '/home/u', TOKEN: 't0k' } });
  assert.deepEqual(config.env, { A: 'x-/home/u-y', B: 'plain' });
  assert.deepEqual(config.services[0]?.env, { C: 't0k' });
  // ${port:NAME} is the runner's, and stays for it.
  assert.deepEqual(resolveConfig(parseYamlSource('env: { P: "${port:api}" }\n', FILE), ROOT, { environment: {} }).env, { P: '${port:api}' });
  for (const [environment, line, column, name] of [[{ TOKEN: 't' }, 2, 6, 'HOME_DIR'], [{ HOME_DIR: 'h' }, 8, 10, 'TOKEN']] as const) {
    let caught: unknown;
    try {
      resolveConfig(parseYamlSource(text, FILE), ROOT, { environment });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof TbtError);
    assert.equal(caught.kind, 'config');
    assert.deepEqual(caught.location, { file: FILE, line, column });
    assert.match(caught.message, new RegExp(`\\$\\{env:${name}\\}, but ${name} is not set`));
  }
  // Without an environment (commands that start no service), the text is left as written.
  assert.deepEqual(resolve('env: { A: "${env:NOPE}" }\n').env, { A: '${env:NOPE}' });
});

test('record.runs and verify.confirm: read, defaulted, and bad values located', () => {
  const config = resolve('record: { runs: 5 }\nverify: { confirm: 0 }\n');
  assert.deepEqual([config.record, config.verify], [{ runs: 5 }, { confirm: 0 }]);
  assert.match(configError('record:\n  runs: 0\n', 2, 9), /record\.runs must be a whole number from 1 to 100/);
  assert.match(configError('record:\n  runs: 2.5\n', 2, 9), /record\.runs/);
  assert.match(configError('verify:\n  confirm: -1\n', 2, 12), /verify\.confirm must be a whole number from 0 to 100/);
  assert.match(configError('verify:\n  confirm: "two"\n', 2, 12), /verify\.confirm/);
  assert.match(configError('record:\n  rusn: 3\n', 2, 3), /unknown key "rusn" in record/);
});
