// The report stage's only file-system access: atomic writes of finished reports, appends to the
// GitHub step summary, and reading snapshot files for annotation line numbers.
import { accessSync, appendFileSync, closeSync, constants, lstatSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tempFileFor, writeFileAtomicSync } from '../common/index.ts';
import { TbtError } from '../model/index.ts';

function ioError(action: string, file: string, cause: unknown): TbtError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TbtError('io', `cannot ${action} ${file}: ${reason}`, { cause });
}

/** Writes through a temp file and a rename, so that a reader never sees half a report. */
export function writeFileAtomic(file: string, text: string): void {
  try {
    // common's writer removes its temp file without letting a failing cleanup hide the reason.
    writeFileAtomicSync(file, text);
  } catch (error) {
    throw ioError('write report', file, error);
  }
}

/**
 * Checks, before a run starts, that a report can be written to `file`: it is not a directory, and
 * its nearest existing ancestor is a writable directory (the rest is created at write time).
 * Throws a usage error naming the path, so a typo fails in a second rather than after the run.
 */
export function checkReportPath(file: string, shown: string): void {
  const refuse = (reason: string): never => {
    throw new TbtError('usage', `cannot write the report ${shown}: ${reason}`, { hint: 'choose a path in a directory you can write to' });
  };
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) refuse('it is a directory');
  let dir = path.dirname(file);
  for (let stats = statOrUndefined(dir); stats === undefined; stats = statOrUndefined(dir)) {
    // There but unreadable as a directory: a symbolic link to nowhere, where no mkdir can go.
    if (isLink(dir)) refuse(`${dir} is a symbolic link to a path that does not exist`);
    const parent = path.dirname(dir);
    if (parent === dir) refuse('no part of its directory exists');
    dir = parent;
  }
  if (!statOrUndefined(dir)?.isDirectory()) refuse(`${dir} is not a directory`);
  try {
    if (existing !== undefined) accessSync(file, constants.W_OK);
  } catch (error) {
    refuse(`${(error as NodeJS.ErrnoException).code ?? 'not writable'} (${file} is not writable)`);
  }
  // Permission bits do not tell everything (/proc, a read-only mount): create and remove a file
  // where the report's first new piece will go, as the write at the end of the run will.
  const probe = tempFileFor(path.join(dir, path.basename(file)));
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
  } catch (error) {
    refuse(`${(error as NodeJS.ErrnoException).code ?? 'not writable'} (${dir} is not writable)`);
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function statOrUndefined(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
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
