// Report files: a write that fails (a file where a directory should be) is a located usage/io
// error with the real reason, never the temp-file cleanup's own error; report paths are checked
// before a run, naming the path, by creating a probe file (permission bits do not tell about /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TbtError } from '../../src/model/index.ts';
import { checkReportPath, writeFileAtomic } from '../../src/report/io.ts';
import { createReporters } from '../../src/report/index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-report-io-'));
writeFileSync(path.join(dir, 'blocker'), 'a file\n');
mkdirSync(path.join(dir, 'a-directory'));

test('writing under a file is a TbtError naming the report, not ENOTDIR from the cleanup', () => {
  const file = path.join(dir, 'blocker', 'junit.xml');
  assert.throws(() => writeFileAtomic(file, '<xml/>'), (error: unknown) => {
    assert.ok(error instanceof TbtError, `a TbtError (exit 2), got ${String(error)}`);
    assert.match(error.message, new RegExp(`cannot write report ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    return true;
  });
});

test('checkReportPath refuses a directory, a path under a file; accepts a path whose directories do not exist yet', () => {
  assert.throws(() => checkReportPath(path.join(dir, 'a-directory'), 'a-directory'), /cannot write the report a-directory: it is a directory/);
  assert.throws(() => checkReportPath(path.join(dir, 'blocker', 'x.xml'), 'blocker/x.xml'), /cannot write the report blocker\/x\.xml: .*blocker is not a directory/);
  checkReportPath(path.join(dir, 'new', 'deeper', 'junit.xml'), 'new/deeper/junit.xml');
});

test('createReporters checks each report path at once, as a usage error', () => {
  assert.throws(
    () => createReporters(['junit=blocker/junit.xml'], { stdout: { write: () => true }, color: false, verbose: false, ci: true, cwd: dir }),
    (error: unknown) => error instanceof TbtError && error.kind === 'usage' && /blocker\/junit\.xml/.test(error.message),
  );
});

test('checkReportPath refuses a path the kernel will not create, under /proc, at once (Node’s recursive mkdir never returned there)', { skip: process.platform !== 'linux' ? 'needs /proc' : false }, () => {
  assert.throws(() => checkReportPath('/proc/tbt-no-such-dir/x.html', 'html=/proc/tbt-no-such-dir/x.html'), /cannot write the report html=\/proc\/tbt-no-such-dir\/x\.html: \w+ \(\/proc is not writable\)/);
  assert.throws(() => checkReportPath('/proc/x.html', '/proc/x.html'), /cannot write the report \/proc\/x\.html/);
  // A dangling symlink as the directory: its target's parent does not exist either.
  const dangling = path.join(dir, 'dangling');
  symlinkSync('/nonexistent-tbt-target/zzz', dangling);
  assert.throws(() => checkReportPath(path.join(dangling, 'x.html'), 'dangling/x.html'), /cannot write the report dangling\/x\.html/);
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'the probe left no file behind');
});
