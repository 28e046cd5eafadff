// The guardian: a tiny node process that runs one command (a service, a command trigger) and ends
// that command's whole process group when tbt goes away, however it goes (a crash, `kill -9`). tbt holds the write end
// of the guardian's stdin; the kernel closes it when tbt dies, and the guardian sees end-of-file.
// Pipes and process groups behave the same on Linux and macOS, so no prctl(PR_SET_PDEATHSIG).
//
// The guardian leads the group (tbt spawns it detached), the command runs inside it, so tbt's own
// stop or timeout (a signal to the group) still reaches everything, guardian included. Pure: it is
// only the source text, spawned by services/ and trigger/.

/**
 * The guardian's source, run as `node -e GUARDIAN_SOURCE COMMAND` (a shell command line) or
 * `node -e GUARDIAN_SOURCE PROGRAM ARG…` (a program and its arguments, no shell). It passes the
 * command's output straight through (the command inherits its stdout and stderr, which are tbt's
 * pipes), and exits with the command's exit code (128 + signal number when a signal ended it), or
 * 127 after printing `failed to start: <reason>` when it could not be started.
 */
export const GUARDIAN_SOURCE = String.raw`
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const [command, ...args] = process.argv.slice(1);
const ORPHAN_GRACE_MS = 2000;
const child = spawn(command, args, { shell: args.length === 0, stdio: ['ignore', 'inherit', 'inherit'] });
let orphaned = false;
child.once('error', (error) => {
  process.stderr.write('failed to start: ' + error.message + '\n');
  process.exit(127);
});
child.once('exit', (code, signal) => {
  // Orphaned: the shell is gone, but what it started may not be; end the group, this one too.
  if (orphaned) signalGroup('SIGKILL');
  process.exit(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 0));
});
// tbt stops a service by signalling the whole group: the service gets it too, and the guardian
// waits for it to exit so that tbt learns its exit code.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
function signalGroup(signal) {
  try { process.kill(-process.pid, signal); } catch { /* already gone */ }
}
function orphan() {
  if (orphaned) return;
  orphaned = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), ORPHAN_GRACE_MS).unref();
}
process.stdin.on('end', orphan);
process.stdin.on('close', orphan);
process.stdin.on('error', orphan);
process.stdin.resume();
`;
