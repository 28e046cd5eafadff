// `tbt review`: the pending `.trace.new.yaml` files one by one, the way `cargo insta review` works:
// show the diff against the snapshot, then accept, reject or skip. Interactive only: on a non-TTY
// it refuses (exit 2) and points at `tbt accept` / `tbt reject`, so a CI job never hangs on it.
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../../config/index.ts';
import { TbtError } from '../../model/index.ts';
import { acceptPendingSnapshot, listPendingSnapshots, rejectPendingSnapshot, type PendingSnapshot } from '../../runner/index.ts';
import { FsSnapshotStore } from '../../snapshot/index.ts';
import { EXIT_INTERRUPTED, EXIT_OK } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { runDiff } from './offline.ts';

/** What the review loop does with the outside world; the CLI passes a terminal, tests a script. */
export interface ReviewSteps {
  /** Prints the drift between the snapshot and the pending tree. */
  showDiff(item: PendingSnapshot): Promise<void>;
  /** Asks and resolves to the answer, or undefined once the input has ended. */
  ask(question: string): Promise<string | undefined>;
  accept(item: PendingSnapshot): Promise<void>;
  reject(item: PendingSnapshot): Promise<void>;
  write(text: string): void;
}

export interface ReviewTally {
  readonly accepted: number;
  readonly rejected: number;
  readonly skipped: number;
}

const QUESTION = '[a]ccept, [r]eject, [s]kip, [q]uit? ';

/**
 * Walks the pending snapshots in order. An unknown answer asks again; quit (or the end of the
 * input) leaves the rest as they are, counted as skipped.
 */
export async function reviewPending(items: readonly PendingSnapshot[], steps: ReviewSteps): Promise<ReviewTally> {
  let accepted = 0;
  let rejected = 0;
  let skipped = 0;
  for (const [index, item] of items.entries()) {
    steps.write(`\n(${index + 1}/${items.length}) ${item.testId}\n`);
    await steps.showDiff(item);
    let answer: string | undefined;
    for (;;) {
      answer = (await steps.ask(QUESTION))?.trim().toLowerCase();
      if (answer === undefined || ['a', 'accept', 'r', 'reject', 's', 'skip', '', 'q', 'quit'].includes(answer)) break;
      steps.write(`"${answer}" is not an answer: type a, r, s or q\n`);
    }
    if (answer === undefined || answer === 'q' || answer === 'quit') {
      skipped += items.length - index;
      break;
    }
    if (answer === 'a' || answer === 'accept') {
      await steps.accept(item);
      accepted += 1;
    } else if (answer === 'r' || answer === 'reject') {
      await steps.reject(item);
      rejected += 1;
    } else {
      skipped += 1;
    }
  }
  return { accepted, rejected, skipped };
}

export async function runReview(filters: readonly string[], flags: { config?: string }, io: CliIo): Promise<number> {
  if (io.stdin?.isTTY !== true || io.stdout.isTTY !== true) {
    throw new TbtError('usage', 'tbt review is interactive and needs a terminal', {
      hint: 'without one, use `tbt accept [filter...]` or `tbt reject [filter...]`',
    });
  }
  const config = await loadConfig({ cwd: io.cwd, ...(flags.config ? { configPath: flags.config } : {}) });
  const store = new FsSnapshotStore();
  const shown = (file: string): string => path.relative(io.cwd, file);
  const pending = await listPendingSnapshots(store, config.snapshotDir, filters);
  if (pending.length === 0) {
    io.stdout.write(`no pending snapshots in ${path.relative(io.cwd, config.snapshotDir) || '.'}\n`);
    return EXIT_OK;
  }
  const answers = answerReader(io.stdin, io.stdout);
  try {
    const tally = await reviewPending(pending, {
      showDiff: async (item) => {
        await runDiff(shown(item.target), shown(item.file), { ...(flags.config ? { config: flags.config } : {}) }, io);
      },
      ask: async (question) => {
        io.stdout.write(question);
        return answers.next();
      },
      accept: async (item) => {
        await acceptPendingSnapshot(store, item, shown(item.file));
        io.stdout.write(`accepted ${shown(item.target)}\n`);
      },
      reject: async (item) => {
        await rejectPendingSnapshot(store, item);
        io.stdout.write(`rejected ${shown(item.file)}\n`);
      },
      write: (text) => io.stdout.write(text),
    });
    io.stdout.write(`\n${tally.accepted} accepted, ${tally.rejected} rejected, ${tally.skipped} skipped\n`);
  } finally {
    answers.close();
  }
  return answers.interrupted() ? EXIT_INTERRUPTED : EXIT_OK;
}

interface AnswerReader {
  /** The next answer, or undefined once the input has ended (or Ctrl-C/Ctrl-D was pressed). */
  next(): Promise<string | undefined>;
  /** Whether the review was left with Ctrl-C. */
  interrupted(): boolean;
  close(): void;
}

/**
 * Answers as the terminal gives them: one key each, without Enter, as `cargo insta review` takes
 * them, when the terminal can be put in raw mode; whole lines otherwise. Keys typed ahead are
 * kept. In raw mode Ctrl-C reaches tbt as a key, not a signal: it ends the review (exit 130).
 */
function answerReader(stdin: NonNullable<CliIo['stdin']>, stdout: CliIo['stdout']): AnswerReader {
  const raw = stdin as NonNullable<CliIo['stdin']> & { setRawMode?: (on: boolean) => unknown };
  if (typeof raw.setRawMode !== 'function') {
    // Lines are read through the iterator, which buffers them: answers typed ahead are kept.
    const terminal = createInterface({ input: stdin, terminal: false });
    const lines = terminal[Symbol.asyncIterator]();
    return {
      next: async () => {
        const line = await lines.next();
        return line.done === true ? undefined : line.value;
      },
      interrupted: () => false,
      close: () => terminal.close(),
    };
  }
  const keys: string[] = [];
  let ended = false;
  let interrupted = false;
  let waiting: ((key: string | undefined) => void) | undefined;
  const deliver = (): void => {
    if (waiting === undefined) return;
    const key = keys.shift();
    if (key === undefined && !ended) return;
    const resolve = waiting;
    waiting = undefined;
    resolve(key);
  };
  const onData = (chunk: Buffer | string): void => {
    for (const key of answerKeys(chunk.toString())) {
      if (key === CTRL_C || key === CTRL_D) {
        interrupted ||= key === CTRL_C;
        ended = true;
        break;
      }
      keys.push(key);
    }
    deliver();
  };
  const onEnd = (): void => {
    ended = true;
    deliver();
  };
  raw.setRawMode(true);
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.resume();
  return {
    next: () =>
      new Promise((resolve) => {
        waiting = (key) => {
          // The key is echoed, so that the transcript shows what was answered.
          stdout.write(key === undefined ? '\n' : `${key}\n`);
          resolve(key);
        };
        deliver();
      }),
    interrupted: () => interrupted,
    close: () => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      raw.setRawMode?.(false);
      stdin.pause();
    },
  };
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

/**
 * The keys of raw terminal input that can be answers, and Ctrl-C and Ctrl-D: an arrow's or a
 * function key's escape sequence (`ESC [ A`) would otherwise read as three keys, its last one
 * perhaps `A`ccept; blanks (Enter typed out of habit, Space, Tab) and other control characters
 * are no answer either (a blank would read as skip).
 */
export function answerKeys(input: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const key = input[i] as string;
    if (key === '\u001b') {
      // CSI (`ESC [` params, then a final byte @..~) or SS3 (`ESC O` and one byte); ESC alone is nothing.
      const kind = input[i + 1];
      if (kind === '[') {
        i += 2;
        while (i < input.length && !/[@-~]/.test(input[i] as string)) i++;
      } else if (kind === 'O') i += 2;
      continue;
    }
    if (key === CTRL_C || key === CTRL_D) keys.push(key);
    else if (key > ' ' && key !== '\u007f') keys.push(key);
  }
  return keys;
}
