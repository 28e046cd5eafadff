// Proves that a command trigger does not outlive tbt: when the process that fired it is killed
// with `kill -9` (no exit hook runs), the command and what it started are ended by their guardian.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../support/shared-traces.ts';
import { isRunning, readPid, waitFor } from '../services/service-scripts.ts';

let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tbt-command-orphans-'));
  // A command that starts a child of its own, writes both pids, and never ends.
  await writeFile(
    path.join(dir, 'hang.mjs'),
    `import fs from 'node:fs';
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync(process.argv[2] + '/grandchild.pid', String(child.pid));
fs.writeFileSync(process.argv[2] + '/command.pid.tmp', String(process.pid));
fs.renameSync(process.argv[2] + '/command.pid.tmp', process.argv[2] + '/command.pid');
setInterval(() => {}, 1000);
`,
  );
  // Stands in for tbt: fires the trigger and waits for it forever.
  const trigger = pathToFileURL(path.join(projectRoot, 'src', 'trigger', 'command-trigger.ts')).href;
  await writeFile(
    path.join(dir, 'fire.mts'),
    `import { fireCommandTrigger } from ${JSON.stringify(trigger)};
await fireCommandTrigger(
  { kind: 'command', command: process.execPath, args: [${JSON.stringify(path.join(dir, 'hang.mjs'))}, ${JSON.stringify(dir)}], env: {} },
  { traceId: '0af7651916cd43dd8448eb211c80319c', rootSpanId: 'b7ad6b7169203331' },
  { timeoutMs: 600_000, cwd: ${JSON.stringify(dir)}, env: process.env, otelEnv: {} },
);
`,
  );
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('kill -9 of the process that fired a command trigger ends the command and its child', { timeout: 60_000 }, async () => {
  const firer = spawn(process.execPath, ['--import', 'tsx', path.join(dir, 'fire.mts')], { cwd: projectRoot, stdio: 'ignore' });
  const exited = new Promise((resolve) => firer.once('exit', resolve));
  let pids: number[] = [];
  try {
    await waitFor(() => existsSync(path.join(dir, 'command.pid')), 'the command runs', 30_000);
    pids = [await readPid(dir, 'command'), await readPid(dir, 'grandchild')];
    for (const pid of pids) assert.ok(isRunning(pid), `${pid} runs before the kill`);
    firer.kill('SIGKILL');
    await exited;
    // The guardian sees its stdin close, sends SIGTERM to the group, and SIGKILL 2 s later.
    for (const pid of pids) await waitFor(() => !isRunning(pid), `${pid} is gone after tbt died`, 10_000);
  } finally {
    firer.kill('SIGKILL');
    for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});
