// Proves that what services print reaches neither `.tbt/logs/<service>.log` nor the output tail of
// a failure with a secret in it: every corpus secret, the value of a credential-named variable of
// tbt's environment and of the config's `env:`, a token cut in two by separate writes, and a PEM
// key printed over several writes, through the runner's real start-up of real processes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { assignPorts } from '../../src/runner/ports.ts';
import { startSystemUnderTest } from '../../src/runner/system-under-test.ts';
import { CORPUS_SECRETS, leakedSecrets, type CorpusSecret } from '../normalize/secret-corpus.ts';

const ENV_SECRET: CorpusSecret = { name: 'credential-named variable of tbt', text: 'db-pw-Zq8Lm2Rt7Kx', secret: 'db-pw-Zq8Lm2Rt7Kx' };
const CONFIG_SECRET: CorpusSecret = { name: "credential-named variable of the config's env", text: 'cfg-tok-Wn4Pq9Vb3', secret: 'cfg-tok-Wn4Pq9Vb3' };
const ALL = [...CORPUS_SECRETS, ENV_SECRET, CONFIG_SECRET];
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';

/**
 * `node leaky.mjs stay|die`: prints every line of lines.json (each cut in two writes, a tick
 * apart), then a PEM key over three writes; `stay` then listens on $PORT, `die` exits 1.
 */
const LEAKY = `
import fs from 'node:fs';
import net from 'node:net';
const lines = JSON.parse(fs.readFileSync(new URL('./lines.json', import.meta.url), 'utf8'));
const tick = () => new Promise((resolve) => setImmediate(resolve));
for (const line of lines) {
  const cut = Math.floor(line.length / 2);
  process.stdout.write(line.slice(0, cut));
  await tick();
  process.stdout.write(line.slice(cut) + '\\n');
}
process.stderr.write('-----BEGIN PRIVATE KEY-----\\n');
await tick();
process.stderr.write('${PEM_BODY}\\n');
await tick();
process.stderr.write('-----END PRIVATE KEY-----\\nstarted\\n');
if (process.argv[2] === 'stay') net.createServer((socket) => socket.end()).listen(Number(process.env.PORT), '127.0.0.1');
else process.exitCode = 1;
`;

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-service-secrets-'));
  await writeFile(path.join(dir, 'leaky.mjs'), LEAKY);
  const printed = [...CORPUS_SECRETS.map((entry) => `log: ${entry.text}`), `connecting with ${ENV_SECRET.text}`, `token ${CONFIG_SECRET.text} loaded`];
  await writeFile(path.join(dir, 'lines.json'), JSON.stringify(printed));
});

after(async () => {
  if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
});

async function configFor(mode: 'stay' | 'die'): Promise<Awaited<ReturnType<typeof loadConfig>>> {
  const project = await mkdtemp(path.join(dir, `${mode}-`));
  await writeFile(
    path.join(project, 'tbt.config.yaml'),
    [
      'receiver: { host: 127.0.0.1, port: 0 }',
      `env: { API_TOKEN: "${CONFIG_SECRET.text}" }`,
      'services:',
      '  - name: leaky',
      `    command: exec node ${JSON.stringify(path.join(dir, 'leaky.mjs'))} ${mode}`,
      '    env: { PORT: "${port:leaky}" }',
      '    ready: { tcp: "${port:leaky}", timeout: 20s }',
      '',
    ].join('\n'),
  );
  return loadConfig({ cwd: project });
}

const tbtEnv = { ...process.env, DATABASE_PASSWORD: ENV_SECRET.text };

test('a running service: its log holds what it printed, with every secret redacted', { timeout: 60_000 }, async () => {
  const { config, release } = await assignPorts(await configFor('stay'));
  try {
    const system = await startSystemUnderTest(config, { startServices: true, env: tbtEnv });
    await system.stop();
    const log = await readFile(path.join(config.rootDir, '.tbt', 'logs', 'leaky.log'), 'utf8');
    assert.match(log, /started\n/, 'the log holds the output');
    assert.match(log, /connecting with \[REDACTED\]/);
    assert.ok(!log.includes(PEM_BODY), 'the PEM body, printed apart from its BEGIN line, is redacted');
    assert.deepEqual(leakedSecrets(log, ALL).map((entry) => entry.name), []);
  } finally {
    release();
  }
});

test('a service that dies: the failure shows its last lines, with every secret redacted', { timeout: 60_000 }, async () => {
  const { config, release } = await assignPorts(await configFor('die'));
  try {
    const error = await startSystemUnderTest(config, { startServices: true, env: tbtEnv }).then(
      () => assert.fail('start-up should fail'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof TbtError);
    assert.match(error.message, /exited with code 1/);
    assert.match(error.message, /started/, 'the tail is shown');
    assert.deepEqual(leakedSecrets(error.message, ALL).map((entry) => entry.name), []);
    const log = await readFile(path.join(config.rootDir, '.tbt', 'logs', 'leaky.log'), 'utf8');
    assert.deepEqual(leakedSecrets(log, ALL).map((entry) => entry.name), []);
  } finally {
    release();
  }
});
