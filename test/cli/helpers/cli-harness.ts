// Runs `runCli` in this process with a captured CliIo, writes small inputs into temp dirs, and
// checks the user-error contract (exit 2, the file named, no stack) in one place.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../../src/cli/index.ts';
import { type CliIo } from '../../../src/cli/io.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tbt …argv` in-process; cwd defaults to the OS temp dir, env to nothing (so no colour). */
export async function tbt(argv: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
    cwd: options.cwd ?? os.tmpdir(),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A temp dir holding `files` (name → text or bytes); remove it with `dispose`. */
export async function tempDir(files: Record<string, string | Uint8Array> = {}): Promise<{ dir: string; file: (name: string) => string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tbt-offline-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return { dir, file: (name) => path.join(dir, name), dispose: () => rm(dir, { recursive: true, force: true }) };
}

const STACK_LINE = /\n\s+at /;

/** The contract for anything a user can fix: exit 2, `tbt: error:` naming `file`, no stack. */
export function assertUserError(result: CliResult, file: string | RegExp, message?: RegExp): void {
  const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  assert.equal(result.code, 2, context);
  assert.doesNotMatch(result.stderr, STACK_LINE, `no stack trace\n${context}`);
  assert.doesNotMatch(result.stderr, /internal error/, context);
  if (typeof file === 'string') assert.ok(result.stderr.includes(file), `stderr names ${file}\n${context}`);
  else assert.match(result.stderr, file, context);
  if (message) assert.match(result.stderr, message, context);
}

export function assertNoStack(result: CliResult): void {
  assert.doesNotMatch(result.stderr, STACK_LINE, result.stderr);
}

interface TreeNode {
  readonly count?: number;
  readonly children?: readonly TreeNode[];
}

function spansIn(nodes: readonly TreeNode[]): number {
  return nodes.reduce((sum, node) => sum + (node.count ?? 1) * (1 + spansIn(node.children ?? [])), 0);
}

/**
 * A snapshot file around the tree `tbt show` printed: the header a recorded snapshot has, with
 * the span count worked out from the tree (`count` repeats included).
 */
export function snapshotAround(treeText: string, id: string): string {
  const parsed = parse(treeText) as { tree: TreeNode[]; continued?: unknown };
  assert.equal(parsed.continued, undefined, 'snapshotAround handles trees without continued sections only');
  const header = [`tbt_snapshot: 1`, `id: ${id}`, `test: ${id}`, `file: ${id}.tbt.yaml`, `trigger: GET /${id}`, `normalize: "0000000000000000"`, `spans: ${spansIn(parsed.tree)}`];
  return `${header.join('\n')}\n${treeText}`;
}
