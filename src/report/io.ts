// The report stage's only file-system access: atomic writes of finished reports, appends to the
// GitHub step summary, and reading snapshot files for annotation line numbers.
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TbtError } from '../model/index.ts';

function ioError(action: string, file: string, cause: unknown): TbtError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TbtError('io', `cannot ${action} ${file}: ${reason}`, { cause });
}

/** Writes through a temp file and a rename, so that a reader never sees half a report. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw ioError('write report', file, error);
  }
}

/** Appends, as GitHub expects of $GITHUB_STEP_SUMMARY (several steps may write to it). */
export function appendFileText(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch (error) {
    throw ioError('append to', file, error);
  }
}

/** A file's text, or undefined when it cannot be read (a report must not fail for that). */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
