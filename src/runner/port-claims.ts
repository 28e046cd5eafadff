// Claims on ports among tbt runs on one machine. Between checking that a port is free and the
// service binding it, another run could draw the same port; a claim file per port, created
// exclusively and naming its owner's pid, makes the other run draw again. Claims of dead
// processes are taken over, so a crash never locks a port for good.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLAIMS_DIR = path.join(os.tmpdir(), 'tbt-port-claims');

/**
 * Removes the claims of processes that are gone (a tbt killed by `kill -9` never released its
 * own), so that the claims directory does not grow run after run. Called at the start of a run.
 */
export function removeDeadClaims(dir = CLAIMS_DIR): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const file = path.join(dir, entry);
    if (ownerIsAlive(file)) continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/** True when this process now holds the claim on `port`. */
export function claimPort(port: number): boolean {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  const file = path.join(CLAIMS_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      if (ownerIsAlive(file)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

/** Gives up the claims this process holds on `ports`. */
export function releasePorts(ports: Iterable<number>): void {
  for (const port of ports) {
    const file = path.join(CLAIMS_DIR, String(port));
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function ownerIsAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  return isProcessAlive(pid);
}

/** True while a process with this pid exists (ours to signal or not). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
