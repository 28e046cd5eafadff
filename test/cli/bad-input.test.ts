// Bad input given to any offline command: a missing, empty, garbage or truncated trace file, or a
// corrupt snapshot, is exit 2 with a message naming the file (line:column where there is one) and
// never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { binPath, ensureFreshBuild } from '../support/run-bin.ts';
import { projectRoot } from '../support/shared-traces.ts';
import { assertUserError, tbt, tempDir } from './helpers/cli-harness.ts';
import { orderListing, otlpJson } from './helpers/trace-writers.ts';

/** The same 512 bytes every run: a linear congruential sequence, not valid JSON or protobuf. */
function garbage(): Uint8Array {
  const bytes = new Uint8Array(512);
  let state = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

interface BadFile {
  readonly name: string;
  /** What the message must say besides naming the file. */
  readonly says: RegExp;
  /** `file:line:column` is expected in the message. */
  readonly located?: boolean;
  /** Text of the file that must not show (a secret next to the broken spot). */
  readonly hides?: string;
}

/** A GitHub token's shape: what a leaked credential looks like to the redactor. */
const TOKEN = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

const BAD_FILES: readonly BadFile[] = [
  { name: 'missing.json', says: /no such file/ },
  { name: 'empty.json', says: /empty/ },
  { name: 'garbage.json', says: /is not a trace file tbt can read/ },
  { name: 'truncated.json', says: /invalid JSON: it ends early \(cut short\?\)/, located: true },
  { name: 'broken.json', says: /invalid JSON: Expected double-quoted property name/, located: true },
  // V8 quotes the text around an unexpected token; tbt never repeats it.
  { name: 'unexpected-token.json', says: /invalid JSON: Unexpected token 'B'$/m, hides: 'Bearer' },
  { name: 'no-spans.json', says: /holds no spans/ },
  { name: 'bad-id.json', says: /trace id "zz"/ },
  { name: 'truncated.trace.yaml', says: /invalid snapshot/, located: true },
  { name: 'miscounted.trace.yaml', says: /the header says 28 spans but the tree holds 27/, located: true },
  { name: 'broken-yaml.trace.yaml', says: /not valid YAML/, located: true },
  // A test file where a snapshot or trace was expected: no "restore it from git" for it.
  { name: 'not-a-snapshot.yaml', says: /this YAML is not a tbt snapshot \(it has no `tbt_snapshot:` header[\s\S]*validated with `tbt check`/ },
];

/**
 * The demo snapshot cut off just before the `duration:` of the gateway's first child (its Express
 * middleware span): a cut at a node, not at a byte count, so re-recorded durations do not move it.
 */
function truncatedSnapshot(snapshot: string): string {
  const lines = snapshot.split('\n');
  const node = lines.findIndex((text) => text === '          - span: middleware - jsonParser');
  assert.ok(node > 0, 'the demo snapshot has the gateway middleware span');
  return `${lines.slice(0, node + 4).join('\n')}\n`;
}

async function badFiles(): Promise<Record<string, string | Uint8Array>> {
  const snapshot = await readFile(path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml'), 'utf8');
  const trace = otlpJson(orderListing(3));
  return {
    'good.json': trace,
    'empty.json': '',
    'garbage.json': garbage(),
    'truncated.json': trace.slice(0, Math.floor(trace.length / 2)),
    'broken.json': trace.replace('"resourceSpans":', '"auth":"' + TOKEN + '",,"resourceSpans":'),
    'unexpected-token.json': trace.replace('"resourceSpans":', '"auth":Bearer ' + TOKEN + ',"resourceSpans":'),
    'no-spans.json': '{"resourceSpans":[]}',
    'bad-id.json': trace.replaceAll(/"traceId":"[0-9a-f]+"/g, '"traceId":"zz"'),
    'truncated.trace.yaml': truncatedSnapshot(snapshot),
    'miscounted.trace.yaml': snapshot.replace(/ {26}- span: pg\.query:SELECT inventory\n(?: {28}.*\n)+/, ''),
    'broken-yaml.trace.yaml': snapshot.replace('tree:\n', 'tree: [\n'),
    'not-a-snapshot.yaml': 'name: a tbt test, not a snapshot\n',
  };
}

const COMMANDS: readonly { readonly label: string; readonly argv: (bad: string) => string[] }[] = [
  { label: 'show', argv: (bad) => ['show', bad] },
  { label: 'diff (golden)', argv: (bad) => ['diff', bad, 'good.json'] },
  { label: 'diff (current)', argv: (bad) => ['diff', 'good.json', bad] },
  { label: 'lint', argv: (bad) => ['lint', 'good.json', bad] },
  { label: 'query', argv: (bad) => ['query', 'span', bad] },
  { label: 'check --trace', argv: (bad) => ['check', 'ok.tbt.yaml', '--trace', bad] },
];

test('every offline command: each bad file is exit 2, named, explained, without a stack', async () => {
  const dir = await tempDir({
    ...(await badFiles()),
    'ok.tbt.yaml': 'name: ok\ntrigger:\n  http:\n    method: GET\n    url: http://localhost/\nspecs:\n  - selector: span\n    assertions:\n      - attr:tracetest.selected_spans.count >= 0\n',
  });
  try {
    for (const bad of BAD_FILES) {
      for (const command of COMMANDS) {
        const argv = command.argv(bad.name);
        const result = await tbt(argv, { cwd: dir.dir });
        const where = bad.located ? new RegExp(`${bad.name.replaceAll('.', '\\.')}:\\d+:\\d+: `) : bad.name;
        try {
          assertUserError(result, where, bad.says);
        } catch (error) {
          assert.fail(`tbt ${argv.join(' ')}\n${(error as Error).message}`);
        }
        assert.equal(result.stdout, '', `tbt ${argv.join(' ')} printed nothing on stdout`);
        if (bad.hides !== undefined) assert.ok(!result.stderr.includes(bad.hides) && !result.stderr.includes(TOKEN.slice(0, 8)), `tbt ${argv.join(' ')} shows none of the file's text\n${result.stderr}`);
      }
    }
  } finally {
    await dir.dispose();
  }
});

test('a truncated snapshot is located at the node it breaks off in', async () => {
  const dir = await tempDir(await badFiles());
  try {
    const result = await tbt(['show', 'truncated.trace.yaml'], { cwd: dir.dir });
    const snapshot = await readFile(path.join(projectRoot, 'snapshots', 'checkout-two-items.trace.yaml'), 'utf8');
    const line = truncatedSnapshot(snapshot).split('\n').length - 4;
    assertUserError(result, new RegExp(`^tbt: error: truncated\\.trace\\.yaml:${line}:13: invalid snapshot at tree\\[0\\]\\.children\\[0\\]\\.children\\[0\\]: missing \`duration\``, 'm'));
    assert.match(result.stderr, /hint: .*restore it from git/);
  } finally {
    await dir.dispose();
  }
});

test('a directory where a file is expected is exit 2 naming it', async () => {
  const dir = await tempDir({ 'traces/a.json': otlpJson(orderListing(1)) });
  try {
    assertUserError(await tbt(['show', 'traces'], { cwd: dir.dir }), /tbt: error: traces: /, /directory/);
    assertUserError(await tbt(['lint', 'traces'], { cwd: dir.dir }), /tbt: error: traces: /, /directory/);
  } finally {
    await dir.dispose();
  }
});

test('missing arguments are usage errors (exit 2) that name what is missing', async () => {
  for (const [argv, missing] of [
    [['show'], 'file'],
    [['diff', 'a.json'], 'b'],
    [['lint'], 'files'],
    [['query', 'span'], 'file'],
    [['check'], 'tests'],
  ] as const) {
    const result = await tbt(argv);
    assert.equal(result.code, 2, `tbt ${argv.join(' ')}`);
    assert.match(result.stderr, new RegExp(`missing required argument '${missing}'`));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  }
});

test('a device as a trace file is refused at once (it may never end); a pipe is read to its end', async () => {
  assertUserError(await tbt(['show', '/dev/zero']), '/dev/zero', /a device, not a file/);
  ensureFreshBuild();
  const trace = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'a000000000000001', name: 'from a pipe', kind: 2, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] });
  const piped = spawnSync('bash', ['-c', `node ${JSON.stringify(binPath)} show <(printf '%s' "$TRACE")`], { env: { ...process.env, TRACE: trace }, encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  assert.match(piped.stdout, /span: from a pipe/);
});
