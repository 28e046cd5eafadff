// Where a test's snapshot lives: `<dir>/<id>.trace.yaml`, and its pending twin
// `<id>.trace.new.yaml` for a review-before-accept flow.
import path from 'node:path';
import { TbtError } from '../model/index.ts';

/** Suffix of snapshot files, for listing them (obsolete detection). */
export const SNAPSHOT_SUFFIX = '.trace.yaml';
/** Suffix of pending (not yet accepted) snapshots. */
export const PENDING_SUFFIX = '.trace.new.yaml';

/** `<snapshotDir>/<testId>.trace.yaml`. Ids may hold `/` to group files; never `..` or an absolute path. */
export function snapshotPathFor(snapshotDir: string, testId: string): string {
  return path.join(snapshotDir, `${checkedId(testId)}${SNAPSHOT_SUFFIX}`);
}

/** `<snapshotDir>/<testId>.trace.new.yaml`. */
export function pendingSnapshotPathFor(snapshotDir: string, testId: string): string {
  return path.join(snapshotDir, `${checkedId(testId)}${PENDING_SUFFIX}`);
}

/** The test id a snapshot or pending path stands for, or undefined for other files. */
export function testIdForSnapshotPath(snapshotDir: string, file: string): string | undefined {
  const relative = path.relative(snapshotDir, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return undefined;
  if (relative.endsWith(PENDING_SUFFIX)) return relative.slice(0, -PENDING_SUFFIX.length);
  if (relative.endsWith(SNAPSHOT_SUFFIX)) return relative.slice(0, -SNAPSHOT_SUFFIX.length);
  return undefined;
}

function checkedId(testId: string): string {
  const segments = testId.split('/');
  const bad =
    testId === '' ||
    path.isAbsolute(testId) ||
    /[\\\0]/.test(testId) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new TbtError('config', `test id ${JSON.stringify(testId)} cannot name a snapshot file`, {
      hint: 'ids are file names: letters, digits, -, _, . and / to group them, without empty, . or .. parts',
    });
  }
  return testId;
}
