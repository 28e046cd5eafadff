// The newcomer conveniences: `tbt init` scaffolds without clobbering, `tbt verify PATH` runs a test
// file outside the `tests:` globs, a file reporter alone still ends with the summary line,
// `--no-ci` shows in --help, and `tbt review` walks pending snapshots (its prompt loop driven by a
// script, then the bin in a real pseudo-terminal; without a terminal the bin refuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { answerKeys, reviewPending, type ReviewSteps } from '../../src/cli/commands/review.ts';
import type { PendingSnapshot } from '../../src/runner/index.ts';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { binPath, ensureFreshBuild, runBin, runCommand } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';
import { assertUserError, tbt, tempDir } from './helpers/cli-harness.ts';

test('tbt init writes a config, an example test that checks clean, and the .gitignore lines', async () => {
  const project = await tempDir({ '.gitignore': 'node_modules' });
  try {
    const first = await tbt(['init'], { cwd: project.dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote tbt\.config\.yaml/);
    assert.match(first.stdout, /wrote tests\/example\.tbt\.yaml/);
    assert.match(first.stdout, /npx tbt record/);
    assert.equal(await readFile(project.file('.gitignore'), 'utf8'), 'node_modules\n.tbt/\n*.trace.new.yaml\n');
    // What it wrote is valid: the test file checks clean and the config loads.
    const checked = await tbt(['check', project.file('tests/example.tbt.yaml')], { cwd: project.dir });
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /1 test, 0 problems/);

    // A second run keeps every file as the user left it.
    await writeFile(project.file('tbt.config.yaml'), 'tests: [mine/*.tbt.yaml]\n');
    const second = await tbt(['init'], { cwd: project.dir });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /kept tbt\.config\.yaml: it exists already/);
    assert.match(second.stdout, /kept tests\/example\.tbt\.yaml/);
    assert.equal(await readFile(project.file('tbt.config.yaml'), 'utf8'), 'tests: [mine/*.tbt.yaml]\n');
    assert.equal(await readFile(project.file('.gitignore'), 'utf8'), 'node_modules\n.tbt/\n*.trace.new.yaml\n');
  } finally {
    await project.dispose();
  }
});

const OUTSIDE_TEST = `name: a test outside the globs
trigger:
  http:
    method: GET
    url: http://127.0.0.1:1/
`;

test('tbt verify PATH runs a test file outside the tests: globs; a file reporter alone still prints the summary line', async () => {
  const project = await tempDir({
    'tbt.config.yaml': 'tests: [tests/*.tbt.yaml]\nreceiver: { port: 0 }\ncollect: { settle: 50ms, timeout: 2s }\n',
    'elsewhere/outside.tbt.yaml': OUTSIDE_TEST,
  });
  try {
    const result = await tbt(['verify', '--ci', 'elsewhere/outside.tbt.yaml', '--reporter', 'junit=out.xml'], { cwd: project.dir });
    // Port 1 refuses the trigger: the test ran, and could not pass.
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^wrote report out\.xml$/m);
    assert.match(result.stdout, /^0 passed, 1 failed$/m);
    assert.match(await readFile(project.file('out.xml'), 'utf8'), /a test outside the globs/);
    // Without a named file, the tests: glob that matches nothing is refused first (never an empty run).
    const unmatched = await tbt(['verify', '--ci', 'no-such-test'], { cwd: project.dir });
    assert.equal(unmatched.code, 2);
    assert.match(unmatched.stderr, /tests: "tests\/\*\.tbt\.yaml" matches no test file/);
  } finally {
    await project.dispose();
  }
});

test('--help of verify lists --no-ci', async () => {
  const result = await tbt(['verify', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /--no-ci\s+write missing snapshots even when CI=true/);
});

function pending(testId: string): PendingSnapshot {
  return { testId, file: `/s/${testId}.trace.new.yaml`, target: `/s/${testId}.trace.yaml` };
}

/** Steps that answer from a script and record what the review did. */
function scripted(answers: readonly string[]): { steps: ReviewSteps; log: string[] } {
  const queue = [...answers];
  const log: string[] = [];
  return {
    log,
    steps: {
      showDiff: async (item) => void log.push(`diff ${item.testId}`),
      ask: async () => queue.shift(),
      accept: async (item) => void log.push(`accept ${item.testId}`),
      reject: async (item) => void log.push(`reject ${item.testId}`),
      write: (text) => {
        if (text.includes('is not an answer')) log.push('asked again');
      },
    },
  };
}

test('review shows each diff, then accepts, rejects or skips as answered, asking again on nonsense', async () => {
  const { steps, log } = scripted(['a', 'what?', 'r', '', 'skip']);
  const tally = await reviewPending([pending('one'), pending('two'), pending('three'), pending('four')], steps);
  assert.deepEqual(tally, { accepted: 1, rejected: 1, skipped: 2 });
  assert.deepEqual(log, ['diff one', 'accept one', 'diff two', 'asked again', 'reject two', 'diff three', 'diff four']);
});

test('review stops at quit or at the end of the input, leaving the rest untouched', async () => {
  const quit = scripted(['a', 'q']);
  assert.deepEqual(await reviewPending([pending('one'), pending('two'), pending('three')], quit.steps), { accepted: 1, rejected: 0, skipped: 2 });
  assert.deepEqual(quit.log, ['diff one', 'accept one', 'diff two']);
  const ended = scripted([]);
  assert.deepEqual(await reviewPending([pending('one')], ended.steps), { accepted: 0, rejected: 0, skipped: 1 });
  assert.deepEqual(ended.log, ['diff one']);
});

test('the bin refuses tbt review without a terminal (exit 2, pointing at accept/reject)', async () => {
  const project = await tempDir({ 'tbt.config.yaml': 'tests: [tests/*.tbt.yaml]\n', 'snapshots/x.trace.new.yaml': 'not read\n' });
  try {
    const result = await runBin(['review'], { cwd: project.dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /tbt review is interactive and needs a terminal/);
    assert.match(result.stderr, /tbt accept/);
    assert.ok(existsSync(project.file('snapshots/x.trace.new.yaml')), 'nothing was touched');
  } finally {
    await project.dispose();
  }
});

// util-linux `script` gives the bin a real pseudo-terminal; the answers are typed ahead.
const noScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0 ? false : 'util-linux `script` is not installed (it provides the pseudo-terminal)';

test('tbt review in a terminal: shows the diff, asks again on nonsense, rejects and accepts as answered', { skip: noScript }, async () => {
  ensureFreshBuild();
  const snapshot = (id: string): string => path.join(projectRoot, 'snapshots', `${id}.trace.yaml`);
  const text = async (id: string): Promise<string> => readFile(snapshot(id), 'utf8');
  const project = await tempDir({
    'tbt.config.yaml': 'tests: [tests/*.tbt.yaml]\n',
    'snapshots/checkout-large-cart.trace.yaml': await text('checkout-large-cart'),
    'snapshots/checkout-large-cart.trace.new.yaml': await text('checkout-single-item'),
    'snapshots/checkout-two-items.trace.yaml': await text('checkout-two-items'),
    'snapshots/checkout-two-items.trace.new.yaml': await text('checkout-single-item'),
  });
  try {
    const ran = await runCommand('script', ['-qec', `"${process.execPath}" "${binPath}" review`, '/dev/null'], {
      cwd: project.dir,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      input: 'x\nr\na\n',
      timeoutMs: 60_000,
    });
    const output = { code: ran.code, text: ran.stdout + ran.stderr };
    assert.equal(output.code, 0, output.text);
    assert.match(output.text, /\(1\/2\) checkout-large-cart/);
    assert.match(output.text, /snapshots\/checkout-large-cart\.trace\.yaml → snapshots\/checkout-large-cart\.trace\.new\.yaml/);
    assert.match(output.text, /attribute shipment\.items: 4 → 1/, 'the diff is shown before the question');
    assert.match(output.text, /"x" is not an answer/);
    assert.match(output.text, /1 accepted, 1 rejected, 0 skipped/);
    assert.equal(existsSync(project.file('snapshots/checkout-large-cart.trace.new.yaml')), false, 'rejected: the pending file is gone');
    assert.equal(await readFile(project.file('snapshots/checkout-large-cart.trace.yaml'), 'utf8'), await readFile(snapshot('checkout-large-cart'), 'utf8'), 'rejected: the snapshot is untouched');
    assert.equal(existsSync(project.file('snapshots/checkout-two-items.trace.new.yaml')), false);
    assert.equal(await readFile(project.file('snapshots/checkout-two-items.trace.yaml'), 'utf8'), await readFile(snapshot('checkout-single-item'), 'utf8'), 'accepted: the pending tree replaced the snapshot');
  } finally {
    await project.dispose();
  }
});

test('tbt review in a terminal takes one key per answer, without Enter, and Ctrl-C ends it with exit 130, the rest untouched', { skip: noScript }, async () => {
  ensureFreshBuild();
  const snapshot = (id: string): string => path.join(projectRoot, 'snapshots', `${id}.trace.yaml`);
  const text = async (id: string): Promise<string> => readFile(snapshot(id), 'utf8');
  const files = async (): Promise<Record<string, string>> => ({
    'tbt.config.yaml': 'tests: [tests/*.tbt.yaml]\n',
    'snapshots/checkout-large-cart.trace.yaml': await text('checkout-large-cart'),
    'snapshots/checkout-large-cart.trace.new.yaml': await text('checkout-single-item'),
    'snapshots/checkout-two-items.trace.yaml': await text('checkout-two-items'),
    'snapshots/checkout-two-items.trace.new.yaml': await text('checkout-single-item'),
  });
  const review = async (dir: string, input: string) => {
    const ran = await runCommand('script', ['-qec', `"${process.execPath}" "${binPath}" review`, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      input,
      timeoutMs: 60_000,
    });
    return { code: ran.code, text: ran.stdout + ran.stderr };
  };
  const keys = await tempDir(await files());
  try {
    const output = await review(keys.dir, 'sa');
    assert.equal(output.code, 0, output.text);
    assert.match(output.text, /1 accepted, 0 rejected, 1 skipped/);
    assert.equal(existsSync(keys.file('snapshots/checkout-large-cart.trace.new.yaml')), true, 'skipped: the pending file stays');
    assert.equal(existsSync(keys.file('snapshots/checkout-two-items.trace.new.yaml')), false, 'accepted');
  } finally {
    await keys.dispose();
  }
  // Ctrl-C is typed once the review asks its second question (typed ahead, before tbt put the
  // terminal in raw mode, it would be the terminal's own SIGINT).
  const interrupted = await tempDir(await files());
  try {
    const child = spawn('script', ['-qec', `"${process.execPath}" "${binPath}" review`, '/dev/null'], {
      cwd: interrupted.dir,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let text = '';
    let asked = 0;
    const code = await new Promise<number | null>((resolve, reject) => {
      const bound = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no exit within 60s: ${text}`));
      }, 60_000);
      const onOutput = (chunk: Buffer): void => {
        text += chunk.toString();
        const questions = text.split('[a]ccept').length - 1;
        if (questions > asked) {
          asked = questions;
          child.stdin.write(asked === 1 ? 'r' : '\u0003');
        }
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      child.on('close', (exit) => {
        clearTimeout(bound);
        resolve(exit);
      });
    });
    assert.equal(code, 130, text);
    assert.match(text, /0 accepted, 1 rejected, 1 skipped/);
    assert.equal(existsSync(interrupted.file('snapshots/checkout-large-cart.trace.new.yaml')), false, 'rejected before Ctrl-C');
    assert.equal(existsSync(interrupted.file('snapshots/checkout-two-items.trace.new.yaml')), true, 'Ctrl-C left the rest as it was');
  } finally {
    await interrupted.dispose();
  }
});

test('tbt init with a folder or a file in the way says which path, with exit 2 and no stack', async () => {
  const project = await tempDir({ '.gitignore/keep': '', 'other/x': '' });
  try {
    const folderAsFile = await tbt(['init'], { cwd: project.dir });
    assertUserError(folderAsFile, '.gitignore', /it is a folder, where tbt init writes a file/);
  } finally {
    await project.dispose();
  }
  const blocked = await tempDir({ tests: 'not a folder' });
  try {
    const fileAsFolder = await tbt(['init'], { cwd: blocked.dir });
    assertUserError(fileAsFolder, path.join('tests', 'example.tbt.yaml'), /a file is in the way of the folder it goes in/);
  } finally {
    await blocked.dispose();
  }
});

test('tbt init keeps a dangling symlink where a file goes, as it keeps any file there', async () => {
  const project = await tempDir();
  try {
    const { symlink } = await import('node:fs/promises');
    await symlink(project.file('nowhere.yaml'), project.file('tbt.config.yaml'));
    const result = await tbt(['init'], { cwd: project.dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /kept tbt\.config\.yaml: it exists already/);
  } finally {
    await project.dispose();
  }
});

test('in a raw terminal, arrows and function keys, blanks and control characters are no answer', () => {
  assert.deepEqual(answerKeys('\u001b[A\u001b[1;5C\u001bOPa \t\r\n\u007f\u0001r'), ['a', 'r']);
  assert.deepEqual(answerKeys('s\u0003a'), ['s', '\u0003', 'a']);
  assert.deepEqual(answerKeys('\u001b'), []);
});
