// `${port:NAME}` from config to a run: resolveConfig keeps the placeholders, and the runner's
// assignPorts fills each NAME with one free port everywhere it appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { parseYamlSource } from '../../src/config/yaml-source.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { assignPorts, freePort } from '../../src/runner/ports.ts';

const CONFIG = `
env:
  API_URL: http://127.0.0.1:\${port:api}
  BOTH: \${port:api}-\${port:db}
services:
  - name: api
    command: node api.mjs --port \${port:api} --db \${port:db}
    env: { PORT: "\${port:api}", DB_PORT: "\${port:db}" }
    ready: { http: "http://127.0.0.1:\${port:api}/health" }
  - name: db
    command: ./db --listen \${port:db}
    ready: { tcp: "\${port:db}" }
  - name: plain
    command: ./plain --port 8080
`;

test('one port per NAME, the same everywhere it appears, different for different NAMEs', async (t) => {
  const config = resolveConfig(parseYamlSource(CONFIG, 'tbt.config.yaml'), '/project');
  const { config: filled, ports, release } = await assignPorts(config);
  t.after(release);
  assert.deepEqual([...ports.keys()], ['api', 'db']);
  const api = ports.get('api');
  const db = ports.get('db');
  assert.ok(api !== undefined && db !== undefined);
  assert.notEqual(api, db);
  for (const port of [api, db]) assert.ok(Number.isInteger(port) && port > 0 && port < 65536);

  assert.deepEqual(filled.env, { API_URL: `http://127.0.0.1:${api}`, BOTH: `${api}-${db}` });
  const [apiService, dbService, plain] = filled.services;
  assert.equal(apiService?.command, `node api.mjs --port ${api} --db ${db}`);
  assert.deepEqual(apiService?.env, { PORT: String(api), DB_PORT: String(db) });
  assert.deepEqual(apiService?.ready, { kind: 'http', url: `http://127.0.0.1:${api}/health`, timeoutMs: 20_000 });
  assert.equal(dbService?.command, `./db --listen ${db}`);
  assert.deepEqual(dbService?.ready, { kind: 'tcp', target: `127.0.0.1:${db}`, timeoutMs: 20_000 });
  assert.deepEqual(plain, config.services[2]);
  // The input is left as it was.
  assert.equal(config.env.API_URL, 'http://127.0.0.1:${port:api}');
});

test('without placeholders nothing changes and no port is taken', async () => {
  const config = resolveConfig(parseYamlSource('env: { A: b }\nservices:\n  - { name: a, command: x, ready: { tcp: 9000 } }\n', 'f.yaml'), '/p');
  const { config: filled, ports } = await assignPorts(config);
  assert.equal(ports.size, 0);
  assert.deepEqual(filled.env, config.env);
  assert.deepEqual(filled.services, config.services);
});

test('freePort gives a port that can be bound right away', async () => {
  const port = await freePort();
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  server.close();
  await once(server, 'close');
});
