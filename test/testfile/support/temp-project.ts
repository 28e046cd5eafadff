// A throwaway project directory for loader tests: write files, get absolute paths, clean up.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempProject {
  readonly root: string;
  write(relativePath: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempProject(): Promise<TempProject> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tbt-testfile-'));
  return {
    root,
    async write(relativePath, text) {
      const full = path.join(root, relativePath);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, text);
      return full;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
