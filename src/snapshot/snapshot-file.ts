// Reading and writing one snapshot through a store, so that a file that failed to parse, or that
// changed on disk since it was read, is never overwritten by accident.
import { TbtError, type Snapshot } from '../model/index.ts';
import { parseSnapshot } from './parse-snapshot.ts';
import { renderSnapshot } from './render-snapshot.ts';
import type { SnapshotStore } from './snapshot-store.ts';

/** What is on disk for one test: nothing, a valid snapshot, or a file that could not be read. */
export type LoadedSnapshot =
  | { readonly status: 'missing'; readonly file: string }
  | { readonly status: 'ok'; readonly file: string; readonly text: string; readonly snapshot: Snapshot }
  | { readonly status: 'corrupt'; readonly file: string; readonly text: string; readonly error: TbtError };

/** Reads and parses; a corrupt file is a value (so the runner can report it and refuse to write). */
export async function loadSnapshot(store: SnapshotStore, file: string): Promise<LoadedSnapshot> {
  const text = await store.read(file);
  if (text === undefined) return { status: 'missing', file };
  try {
    return { status: 'ok', file, text, snapshot: parseSnapshot(text, file) };
  } catch (error) {
    if (error instanceof TbtError && error.kind === 'snapshot') return { status: 'corrupt', file, text, error };
    throw error;
  }
}

/**
 * Writes `snapshot` over what `loaded` found. Refuses (TbtError 'snapshot') when that file was
 * corrupt or has changed since, unless `force`. Writes nothing when the bytes are equal.
 */
export async function saveSnapshot(
  store: SnapshotStore,
  loaded: LoadedSnapshot,
  snapshot: Snapshot,
  options: { readonly force?: boolean } = {},
): Promise<'written' | 'unchanged'> {
  const force = options.force === true;
  if (loaded.status === 'corrupt' && !force) {
    throw new TbtError('snapshot', `refusing to overwrite a snapshot that could not be read: ${loaded.error.message}`, {
      ...(loaded.error.location === undefined ? {} : { location: loaded.error.location }),
      hint: 'fix or delete the file, or pass --force to replace it',
    });
  }
  if (!force) {
    const current = await store.read(loaded.file);
    const expected = loaded.status === 'missing' ? undefined : loaded.text;
    if (current !== expected) {
      throw new TbtError('snapshot', 'the snapshot changed on disk while tbt was running', {
        location: { file: loaded.file },
        hint: 'run again, or pass --force to replace it',
      });
    }
  }
  return store.write(loaded.file, renderSnapshot(snapshot));
}
