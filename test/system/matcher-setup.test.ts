// `tbt/vitest` and `tbt/jest` register the matcher when named as a setup file (vitest's
// setupFiles, jest's setupFilesAfterEnv), as the README says: a test with no import of its own
// passes on a matching trace, fails with the CLI's text on a drifted one, and the matcher reads
// the runner's real snapshot state (CI: update 'none'). A stand-in system answers, so nothing boots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { linkTbtInto, runNode, runnerBin } from '../support/runner-project.ts';

/** The test file, for either runner (`globals` names its module): the stand-in reports the mode it was asked for. */
const traceTest = (globals: string): string => `import { expect, test } from '${globals}';
const system = { verify: async (id, options) => ({ passed: id === 'matching', text: id + ' verified with update ' + options.update, verdicts: [] }) };
test('a matching trace passes', async () => {
  await expect('matching').toMatchTraceSnapshot(system);
});
test('a drifted trace fails with the text, verified as CI verifies', async () => {
  await expect(expect('drifted').toMatchTraceSnapshot(system)).rejects.toThrow('drifted verified with update none');
});
`;

test('the vitest and jest entries register the matcher from a setup file', { timeout: 600_000, concurrency: true }, async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-matcher-setup-'));
  try {
    await linkTbtInto(dir);
    await writeFile(path.join(dir, 'trace.vitest.test.mjs'), traceTest('vitest'));
    await writeFile(path.join(dir, 'vitest.config.mjs'), "export default { test: { setupFiles: ['tbt/vitest'], include: ['*.vitest.test.mjs'] } };\n");
    await writeFile(path.join(dir, 'trace.jest.test.mjs'), traceTest('@jest/globals'));
    await writeFile(path.join(dir, 'jest.config.mjs'), "export default { setupFilesAfterEnv: ['tbt/jest'], testMatch: ['**/*.jest.test.mjs'], transform: {} };\n");
    await Promise.all([
      t.test('vitest', async () => {
        const result = await runNode(dir, [runnerBin('vitest', 'vitest.mjs'), 'run']);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /Tests\s+2 passed \(2\)/, result.output);
      }),
      t.test('jest', async () => {
        const result = await runNode(dir, ['--experimental-vm-modules', runnerBin('jest', 'bin/jest.js')]);
        assert.equal(result.code, 0, result.output);
        assert.match(result.output, /Tests:\s+2 passed, 2 total/, result.output);
      }),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
