// The one way tbt replaces a file: write a temp file beside it, then rename it over, so that a
// reader sees the old file or the new one, never half of one. The only module of common that
// touches the disk (the architecture test keeps the pure core away from it).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
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
    await mkdir(path.dirname(file), { recursive: true });
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
    mkdirSync(path.dirname(file), { recursive: true });
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
