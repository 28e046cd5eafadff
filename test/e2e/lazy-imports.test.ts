// Commands load only the packages they use: `--help` only commander; `show` and `diff` of JSON
// traces neither protobufjs nor grpc-js (they load on the first protobuf body or gRPC call). The
// library entry loads no test runner: vitest and jest are optional peers, loaded only by
// `tbt/vitest` and `tbt/jest`. Checked on the built bin and dist/ with a resolve hook that names
// every package Node loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { binPath, ensureFreshBuild } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';
import { otlpJson } from '../cli/helpers/trace-writers.ts';
import { tempDir } from '../cli/helpers/cli-harness.ts';

const HOOKS = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(resolved.url);
  if (match) process.stderr.write('LOADED ' + match[1] + '\\n');
  return resolved;
}
`;
const REGISTER = (hooks: string): string => `import { register } from 'node:module';\nregister(${JSON.stringify(hooks)});\n`;

function packagesLoaded(register: string, script: string, args: readonly string[], cwd: string): Promise<{ code: number | null; packages: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, script, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} ${args.join(' ')} did not finish within 60 s\n${stderr}`));
    }, 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      const packages = [...new Set([...stderr.matchAll(/^LOADED (.+)$/gm)].map((match) => match[1] ?? ''))].sort();
      resolve({ code, packages, stderr });
    });
  });
}

test('--help loads only commander; show and diff load no protobufjs or grpc-js', async () => {
  ensureFreshBuild();
  const spans = [{ id: 'a000000000000001', name: 'GET /', service: 'api', kind: 'server' as const, start: 0, duration: 1000 }];
  const dir = await tempDir({ 'hooks.mjs': HOOKS, 'trace.json': otlpJson(spans) });
  try {
    await writeFile(dir.file('register.mjs'), REGISTER(pathToFileURL(dir.file('hooks.mjs')).href));
    const help = await packagesLoaded(dir.file('register.mjs'), binPath, ['--help'], dir.dir);
    assert.equal(help.code, 0, help.stderr);
    assert.deepEqual(help.packages, ['commander']);
    for (const args of [['show', 'trace.json'], ['diff', 'trace.json', 'trace.json']]) {
      const ran = await packagesLoaded(dir.file('register.mjs'), binPath, args, dir.dir);
      assert.equal(ran.code, 0, ran.stderr);
      assert.ok(ran.packages.includes('yaml'), `${args[0]} loaded ${ran.packages.join(', ')}`);
      for (const heavy of ['protobufjs', '@grpc/grpc-js']) assert.ok(!ran.packages.includes(heavy), `${args[0]} loaded ${heavy}`);
    }
  } finally {
    await dir.dispose();
  }
});

test('the library entry loads neither vitest nor jest', async () => {
  ensureFreshBuild();
  const library = pathToFileURL(path.join(projectRoot, 'dist', 'index.js')).href;
  const dir = await tempDir({ 'hooks.mjs': HOOKS, 'use-library.mjs': `await import(${JSON.stringify(library)});\n` });
  try {
    await writeFile(dir.file('register.mjs'), REGISTER(pathToFileURL(dir.file('hooks.mjs')).href));
    const ran = await packagesLoaded(dir.file('register.mjs'), dir.file('use-library.mjs'), [], dir.dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.ok(ran.packages.includes('yaml'), `the hook saw only ${ran.packages.join(', ')}`);
    const runners = ran.packages.filter((name) => ['vitest', 'jest', 'expect'].includes(name) || /^@(?:vitest|jest)\//.test(name));
    assert.deepEqual(runners, []);
  } finally {
    await dir.dispose();
  }
});
