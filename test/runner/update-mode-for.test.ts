// updateModeFor as a table: every command × flags (-u, --ci, --no-ci) × CI environment gives one
// update mode and CI flag, or the one usage error (--update in CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TbtError } from '../../src/model/index.ts';
import { isCiEnvironment, updateModeFor, type RunWriteMode, type UpdateFlags } from '../../src/runner/update-mode-for.ts';

const LOCAL = {};
const CI = { CI: 'true' };

interface Row {
  readonly command: 'record' | 'verify';
  readonly flags: UpdateFlags;
  readonly env: Readonly<Record<string, string>>;
  /** The mode, or 'usage' for the usage error. */
  readonly expected: RunWriteMode | 'usage';
}

const ROWS: readonly Row[] = [
  // record always writes, and is never a CI run (it has no --ci flag; CI=true does not stop it)
  { command: 'record', flags: {}, env: LOCAL, expected: { mode: 'all', ci: false } },
  { command: 'record', flags: {}, env: CI, expected: { mode: 'all', ci: false } },
  // a local verify writes only what is missing (a drifted tree goes pending)
  { command: 'verify', flags: {}, env: LOCAL, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: { update: true }, env: LOCAL, expected: { mode: 'all', ci: false } },
  { command: 'verify', flags: { ci: true }, env: LOCAL, expected: { mode: 'none', ci: true } },
  { command: 'verify', flags: { ci: true, update: true }, env: LOCAL, expected: 'usage' },
  { command: 'verify', flags: { ci: false }, env: LOCAL, expected: { mode: 'new', ci: false } },
  // CI=true makes verify a CI run unless --no-ci says otherwise
  { command: 'verify', flags: {}, env: CI, expected: { mode: 'none', ci: true } },
  { command: 'verify', flags: { update: true }, env: CI, expected: 'usage' },
  { command: 'verify', flags: { ci: false }, env: CI, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: { ci: false, update: true }, env: CI, expected: { mode: 'all', ci: false } },
  { command: 'verify', flags: { ci: true }, env: CI, expected: { mode: 'none', ci: true } },
  // CI values that mean "not CI"
  { command: 'verify', flags: {}, env: { CI: 'false' }, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: {}, env: { CI: 'FALSE' }, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: {}, env: { CI: '0' }, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: {}, env: { CI: '' }, expected: { mode: 'new', ci: false } },
  { command: 'verify', flags: {}, env: { CI: '1' }, expected: { mode: 'none', ci: true } },
];

for (const row of ROWS) {
  const flags = Object.entries(row.flags).map(([flag, on]) => (flag === 'ci' ? (on ? '--ci' : '--no-ci') : on ? `--${flag}` : '')).join(' ') || '(no flags)';
  const env = row.env.CI === undefined ? 'no CI' : `CI=${JSON.stringify(row.env.CI)}`;
  const expected = row.expected === 'usage' ? 'usage error' : `${row.expected.mode}${row.expected.ci ? ', ci' : ''}`;
  test(`${row.command} ${flags}, ${env} → ${expected}`, () => {
    if (row.expected === 'usage') {
      assert.throws(() => updateModeFor(row.command, row.flags, row.env), (error: unknown) =>
        error instanceof TbtError && error.kind === 'usage' && /--update and --ci cannot be used together/.test(error.message));
    } else {
      assert.deepEqual(updateModeFor(row.command, row.flags, row.env), row.expected);
    }
  });
}

test('isCiEnvironment reads CI the way the table does', () => {
  assert.equal(isCiEnvironment({}), false);
  assert.equal(isCiEnvironment({ CI: 'true' }), true);
  assert.equal(isCiEnvironment({ CI: 'False' }), false);
});
