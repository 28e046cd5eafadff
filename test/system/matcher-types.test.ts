// `import 'tbt/vitest'` and `import 'tbt/jest'` type the matcher: users' test files in
// matcher-types/ are typechecked against the built dist/ (through package.json's exports, as a
// user's project resolves `tbt`), their `@ts-expect-error` lines included: tsc fails on one that
// no longer errs. Without the import, vitest's expect has no such matcher (a program of its own,
// so the other files' imports cannot type it). Two programs, not three: each loads the runners'
// declarations, a few CPU-seconds apiece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureFreshBuild, runCommand } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';

const fixtures = path.join(projectRoot, 'test', 'system', 'matcher-types');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** A user's strict ESM project; no skipLibCheck, so tbt's own declarations are checked too. */
const USER_OPTIONS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node'];

async function typecheck(files: readonly string[], extraOptions: readonly string[] = []): Promise<{ code: number | null; output: string }> {
  const result = await runCommand(process.execPath, [tsc, ...USER_OPTIONS, ...extraOptions, ...files.map((name) => path.join(fixtures, name))], { timeoutMs: 180_000 });
  return { code: result.code, output: result.stdout + result.stderr };
}

test('the vitest and jest entries type toMatchTraceSnapshot for their users', { timeout: 600_000, concurrency: true }, async (t) => {
  ensureFreshBuild();
  // The usage files without skipLibCheck: an augmentation that does not merge errs in tbt's .d.ts.
  const programs: { files: readonly string[]; options?: readonly string[] }[] = [
    { files: ['vitest-usage.ts', 'jest-usage.ts'] },
    { files: ['vitest-without-import.ts'], options: ['--skipLibCheck'] },
  ];
  await Promise.all(
    programs.map(({ files, options }) =>
      t.test(files.join(' + '), async () => {
        const result = await typecheck(files, options);
        assert.equal(result.output, '');
        assert.equal(result.code, 0);
      }),
    ),
  );
});
