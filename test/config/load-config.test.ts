// loadConfig on real directories: defaults without a file, walking up from a nested directory,
// the nearest file winning, an explicit path, unreadable files, and how errors name the file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { findConfigFile } from '../../src/config/load-config.ts';
import { TbtError } from '../../src/model/index.ts';

let root: string;

before(async () => {
  root = realpathSync(await mkdtemp(path.join(tmpdir(), 'tbt-config-')));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh project directory with the given files. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'p-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function loadError(options: { cwd: string; configPath?: string }): Promise<TbtError> {
  return loadConfig(options).then(
    () => assert.fail('loadConfig should have failed'),
    (error: unknown) => {
      assert.ok(error instanceof TbtError, String(error));
      return error;
    },
  );
}

test('no config file anywhere above: defaults rooted at the working directory', async (t) => {
  const dir = await project({ 'src/x.ts': '' });
  const above = findConfigFile(root);
  if (above) return t.skip(`a config exists above the temp dir: ${above}`);
  const config = await loadConfig({ cwd: path.join(dir, 'src') });
  assert.equal(config.file, undefined);
  assert.equal(config.rootDir, path.join(dir, 'src'));
  assert.equal(config.snapshotDir, path.join(dir, 'src', 'snapshots'));
  assert.deepEqual(config.tests, ['**/*.tbt.yaml']);
  assert.equal(config.receiver.port, 4318);
});

test('an empty file: defaults, rooted at its folder, and the file is named', async () => {
  const dir = await project({ 'tbt.config.yaml': '' });
  const config = await loadConfig({ cwd: dir });
  assert.equal(config.file, path.join(dir, 'tbt.config.yaml'));
  assert.equal(config.rootDir, dir);
  assert.equal(config.collect.settleMs, 250);
});

test('walking up from a nested directory finds the file; paths resolve against its folder', async () => {
  const dir = await project({
    'tbt.config.yaml': 'snapshots: golden\nservices:\n  - name: api\n    command: ./api\n    cwd: services/api\n',
    'packages/web/src/.keep': '',
  });
  const config = await loadConfig({ cwd: path.join(dir, 'packages/web/src') });
  assert.equal(config.file, path.join(dir, 'tbt.config.yaml'));
  assert.equal(config.rootDir, dir);
  assert.equal(config.snapshotDir, path.join(dir, 'golden'));
  assert.equal(config.services[0]?.cwd, path.join(dir, 'services/api'));
});

test('the nearest file wins; .yml is found; .yaml is taken over .yml in one folder', async () => {
  const dir = await project({
    'tbt.config.yaml': 'snapshots: outer\n',
    'inner/tbt.config.yml': 'snapshots: inner\n',
    'inner/deeper/.keep': '',
    'both/tbt.config.yaml': 'snapshots: from-yaml\n',
    'both/tbt.config.yml': 'snapshots: from-yml\n',
  });
  assert.equal(findConfigFile(path.join(dir, 'inner/deeper')), path.join(dir, 'inner/tbt.config.yml'));
  assert.equal((await loadConfig({ cwd: path.join(dir, 'inner/deeper') })).snapshotDir, path.join(dir, 'inner/inner'));
  assert.equal((await loadConfig({ cwd: path.join(dir, 'both') })).snapshotDir, path.join(dir, 'both/from-yaml'));
});

test('an explicit path, relative to the working directory, is used instead of the search', async () => {
  const dir = await project({ 'tbt.config.yaml': 'snapshots: found\n', 'ci/tbt.ci.yaml': 'snapshots: ci-snaps\n' });
  const config = await loadConfig({ cwd: dir, configPath: 'ci/tbt.ci.yaml' });
  assert.equal(config.file, path.join(dir, 'ci/tbt.ci.yaml'));
  assert.equal(config.rootDir, path.join(dir, 'ci'));
  assert.equal(config.snapshotDir, path.join(dir, 'ci/ci-snaps'));
});

test('a missing explicit file and a directory are io errors naming the file', async () => {
  const dir = await project({ 'as-dir/tbt.config.yaml/.keep': '' });
  const missing = await loadError({ cwd: dir, configPath: 'nope.yaml' });
  assert.equal(missing.kind, 'io');
  assert.deepEqual(missing.location, { file: path.join(dir, 'nope.yaml') });
  assert.equal(missing.message, 'cannot read the config: no such file');
  const directory = await loadError({ cwd: path.join(dir, 'as-dir') });
  assert.equal(directory.kind, 'io');
  assert.equal(directory.message, 'cannot read the config: a directory, not a file');
});

test('errors name the file relative to the working directory when below it, absolute otherwise', async () => {
  const dir = await project({ 'conf/tbt.config.yaml': 'receiver:\n  port: nope\n', 'conf/sub/.keep': '' });
  const below = await loadError({ cwd: dir, configPath: 'conf/tbt.config.yaml' });
  assert.equal(below.kind, 'config');
  assert.deepEqual(below.location, { file: path.join('conf', 'tbt.config.yaml'), line: 2, column: 9 });
  const above = await loadError({ cwd: path.join(dir, 'conf/sub') });
  assert.deepEqual(above.location, { file: path.join(dir, 'conf/tbt.config.yaml'), line: 2, column: 9 });
});

test('a YAML syntax error in the file is a syntax error at line:column', async () => {
  const dir = await project({ 'tbt.config.yaml': 'tests:\n  - a.tbt.yaml\nreceiver: { port: 4318\n' });
  const error = await loadError({ cwd: dir });
  assert.equal(error.kind, 'syntax');
  assert.equal(error.location?.file, 'tbt.config.yaml');
  assert.equal(typeof error.location?.line, 'number');
  assert.equal(typeof error.location?.column, 'number');
});

