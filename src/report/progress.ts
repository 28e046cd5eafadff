// The one-line progress indicator on a TTY: which test runs, for how long, and in which phase.
// It redraws in place and is erased before any other output, so it never ends up in a log.
import type { PhaseDetail, RunPhase } from './reporter.ts';

/** The part of a writable stream reporters use. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const PHASE_TEXT: Readonly<Record<RunPhase, string>> = {
  services: 'starting services',
  trigger: 'triggering',
  collect: 'collecting',
  judge: 'judging',
};

/** `collecting 12 spans`: the words the progress line uses for a phase. */
export function describePhase(phase: RunPhase, detail?: PhaseDetail): string {
  const text = PHASE_TEXT[phase];
  if (phase === 'collect' && detail?.spans !== undefined) {
    return `${text} ${detail.spans} span${detail.spans === 1 ? '' : 's'}`;
  }
  return text;
}

interface ProgressOptions {
  readonly stream: OutputStream;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
  /** How often the elapsed time is redrawn; 0 redraws only on events (tests use that). */
  readonly refreshMs: number;
}

export class ProgressLine {
  private readonly options: ProgressOptions;
  private label = '';
  private phase = '';
  private startedAt = 0;
  private shown = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ProgressOptions) {
    this.options = options;
  }

  /** Starts (or restarts) the line for a new subject: a test, or the services. */
  start(label: string, phase: string): void {
    this.label = label;
    this.phase = phase;
    this.startedAt = this.options.now();
    this.draw();
    if (this.timer === undefined && this.options.refreshMs > 0) {
      this.timer = setInterval(() => this.draw(), this.options.refreshMs);
      // A forgotten progress line must never keep the process alive.
      this.timer.unref();
    }
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.draw();
  }

  /** Erases the line so that ordinary output can follow; the next start draws it again. */
  clear(): void {
    if (this.shown) this.options.stream.write('\r\u001b[2K');
    this.shown = false;
    this.label = '';
  }

  stop(): void {
    this.clear();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private draw(): void {
    if (this.label === '') return;
    const seconds = ((this.options.now() - this.startedAt) / 1000).toFixed(1);
    const width = Math.max(20, (this.options.stream.columns ?? 80) - 1);
    let text = `… ${this.label}  ${seconds}s  ${this.phase}`;
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    this.options.stream.write(`\r\u001b[2K${text}`);
    this.shown = true;
  }
}
