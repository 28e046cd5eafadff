// The one way tbt replaces a file: write a temp file beside it, then rename it over, so that a
// reader sees the old file or the new one, never half of one. The only module of common that
// touches the disk (the architecture test keeps the pure core away from it).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Flush the temp file to the disk before the rename (survives a power cut; slower). */
  readonly fsync?: boolean;
}

/**
 * `dir/.NAME.PID.RAND.tmp`: in the target's directory (a rename never crosses file systems),
 * unique per process and call, hidden by its leading dot, and named after its writer's pid so a
 * leftover of a killed run can be told from a live write (see TEMP_FILE_NAME).
 */
export function tempFileFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** A temp file name as tempFileFor writes it; group 1 is the writer's pid. */
export const TEMP_FILE_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Creates the directory if needed and replaces `file` with `data` atomically. On failure the temp
 * file is removed and the write's own error is thrown: a failing cleanup (the "directory" is a
 * file: ENOTDIR) must not hide the reason.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempFileFor(file);
  try {
    await makeDirectory(path.dirname(file));
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      if (options.fsync === true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** writeFileAtomic for callers that cannot wait (a reporter finishing a run). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const temp = tempFileFor(file);
  try {
    makeDirectorySync(path.dirname(file));
    const fd = openSync(temp, 'wx');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      if (options.fsync === true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written there.
    }
    throw error;
  }
}

/** What stands at a path: a directory, something else (a file: no directory can go there), or nothing. */
type Standing = 'directory' | 'other' | 'missing';

/**
 * The directories from the nearest existing ancestor of `dir` down to `dir`, outermost first.
 * Node's own `{ recursive: true }` never returns for a path under /proc (it retries ENOENT
 * forever), so tbt creates each missing level itself and lets the kernel's error through. When
 * the nearest existing ancestor is no directory, it is the first level, so that its mkdir fails
 * with the kernel's own reason (EEXIST, ENOTDIR).
 */
function missingLevels(dir: string, standing: (candidate: string) => Standing): string[] {
  const levels: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const found = standing(at);
    if (found === 'directory') break;
    levels.unshift(at);
    if (found === 'other' || path.dirname(at) === at) break;
  }
  return levels;
}

function standingOf(stats: { isDirectory(): boolean } | undefined): Standing {
  if (stats === undefined) return 'missing';
  return stats.isDirectory() ? 'directory' : 'other';
}

/** `mkdir -p`, one level at a time (see missingLevels); a level another process made meanwhile is fine. */
export function makeDirectorySync(dir: string): void {
  const standing = (candidate: string): Standing => {
    try {
      return standingOf(statSync(candidate));
    } catch {
      return 'missing';
    }
  };
  for (const level of missingLevels(dir, standing)) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || standing(level) !== 'directory') throw error;
    }
  }
}

/** makeDirectorySync, without blocking. */
export async function makeDirectory(dir: string): Promise<void> {
  // Look the levels up first (stat is cheap and the walk short), then create them in order.
  const seen = new Map<string, Standing>();
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const found = standingOf(await stat(at).catch(() => undefined));
    seen.set(at, found);
    if (found !== 'missing' || path.dirname(at) === at) break;
  }
  for (const level of missingLevels(dir, (candidate) => seen.get(candidate) ?? 'missing')) {
    try {
      await mkdir(level);
    } catch (error) {
      const made = await stat(level).then((stats) => stats.isDirectory(), () => false);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !made) throw error;
    }
  }
}
