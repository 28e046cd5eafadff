// The snapshot store port and its two adapters: the file system (atomic, write-if-changed) and
// memory (for tests). The only file of the stage that touches the disk is this one.
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../common/index.ts';
import { TbtError } from '../model/index.ts';

/** Where snapshot texts are kept. Paths are whatever `snapshotPathFor` returns. */
export interface SnapshotStore {
  /** The file's text, or undefined when there is none. */
  read(file: string): Promise<string | undefined>;
  /** Writes atomically; `unchanged` (and no write at all) when the bytes are already there. */
  write(file: string, text: string): Promise<'written' | 'unchanged'>;
  /** Removes the file; a missing file is not an error. */
  remove(file: string): Promise<void>;
  /** Files under `dir` (recursively) whose names end with `suffix`, sorted; [] when dir is absent. */
  list(dir: string, suffix: string): Promise<string[]>;
}

/** The file-system store: mkdir -p, write a temp file beside the target, then rename over it. */
export class FsSnapshotStore implements SnapshotStore {
  async read(file: string): Promise<string | undefined> {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return undefined;
      throw ioError('cannot read the snapshot', file, error);
    }
  }

  async write(file: string, text: string): Promise<'written' | 'unchanged'> {
    if ((await this.read(file)) === text) return 'unchanged';
    // common's temp name starts with a dot and ends in .tmp, so no listing of snapshots ever sees it.
    try {
      await writeFileAtomic(file, text);
      return 'written';
    } catch (error) {
      throw ioError('cannot write the snapshot', file, error);
    }
  }

  async remove(file: string): Promise<void> {
    try {
      await rm(file, { force: true });
    } catch (error) {
      throw ioError('cannot remove the snapshot', file, error);
    }
  }

  async list(dir: string, suffix: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir, { recursive: true });
    } catch (error) {
      if (isCode(error, 'ENOENT')) return [];
      throw ioError('cannot list snapshots', dir, error);
    }
    return names
      .filter((name) => name.endsWith(suffix) && !path.basename(name).startsWith('.'))
      .map((name) => path.join(dir, name))
      .sort();
  }
}

/** A store in memory. `operations` logs every call, so tests can assert on the I/O itself. */
export class InMemorySnapshotStore implements SnapshotStore {
  readonly files = new Map<string, string>();
  readonly operations: string[] = [];

  constructor(initial: Readonly<Record<string, string>> = {}) {
    for (const [file, text] of Object.entries(initial)) this.files.set(file, text);
  }

  async read(file: string): Promise<string | undefined> {
    this.operations.push(`read ${file}`);
    return this.files.get(file);
  }

  async write(file: string, text: string): Promise<'written' | 'unchanged'> {
    const result = this.files.get(file) === text ? 'unchanged' : 'written';
    this.operations.push(`write ${file} ${result}`);
    if (result === 'written') this.files.set(file, text);
    return result;
  }

  async remove(file: string): Promise<void> {
    this.operations.push(`remove ${file}`);
    this.files.delete(file);
  }

  async list(dir: string, suffix: string): Promise<string[]> {
    this.operations.push(`list ${dir} ${suffix}`);
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()].filter((file) => file.startsWith(prefix) && file.endsWith(suffix)).sort();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function ioError(what: string, file: string, error: unknown): TbtError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TbtError('io', `${what}: ${reason}`, { location: { file }, cause: error });
}
