// Temp files a killed write left in snapshots/: the snapshot store writes `.NAME.PID.RAND.tmp`
// (common's writeFileAtomic) beside the target and renames it over; a tbt killed in between
// leaves the temp file behind.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_FILE_NAME } from '../common/index.ts';
import { isProcessAlive } from './port-claims.ts';

/**
 * Removes the temp files in `dir` whose writer is gone (another run still writing keeps its own).
 * Returns the files removed.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP_FILE_NAME.exec(entry.name);
    if (!entry.isFile() || match === null || isProcessAlive(Number(match[1]))) continue;
    const file = path.join(dir, entry.name);
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
