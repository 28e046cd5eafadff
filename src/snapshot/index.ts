// The snapshot stage's public face: the file format (pure render/parse), the store port with its
// file-system and in-memory adapters, paths, and safe load/save. It never judges drift.

/** Renders a Snapshot to YAML text, deterministic byte for byte; or just a tree's `tree:` section; and the spans a tree stands for. */
export { renderSnapshot, renderCanonicalTree } from './render-snapshot.ts';
/** Parses snapshot text; throws TbtError('snapshot') at file:line:column on anything invalid. */
export { parseSnapshot } from './parse-snapshot.ts';
/** The store port, its atomic file-system adapter and an in-memory one for tests. */
export type { SnapshotStore } from './snapshot-store.ts';
export { FsSnapshotStore, InMemorySnapshotStore } from './snapshot-store.ts';
/** `<dir>/<id>.trace.yaml` and `<dir>/<id>.trace.new.yaml`, and back from a path to an id. */
export { snapshotPathFor, pendingSnapshotPathFor, testIdForSnapshotPath, PENDING_SUFFIX } from './snapshot-path.ts';
/** Load (missing | ok | corrupt, as a value) and save (refuses to overwrite corrupt or changed files unless forced). */
export type { LoadedSnapshot } from './snapshot-file.ts';
export { loadSnapshot, saveSnapshot } from './snapshot-file.ts';
