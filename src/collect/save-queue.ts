// A bounded, serial work queue for `tbt receive`: traces wait here to be printed and saved, one
// at a time and in emission order, and the queue says when it holds too many spans so that the
// receivers can push back (503 / UNAVAILABLE) instead of memory growing without bound.

/** One unit of work and the spans it holds in memory until done. */
interface Job {
  readonly spanCount: number;
  readonly run: () => Promise<void>;
}

export class SaveQueue {
  private readonly jobs: Job[] = [];
  private queued = 0;
  private running: Promise<void> | undefined;

  /** Runs `run` after every job pushed before it. `run` must not reject (a rejection is swallowed). */
  push(spanCount: number, run: () => Promise<void>): void {
    this.jobs.push({ spanCount, run });
    this.queued += spanCount;
    this.running ??= this.work();
  }

  /** Spans held by jobs not yet finished, the one running included. */
  get queuedSpans(): number {
    return this.queued;
  }

  /** Resolves once every job pushed so far (and any pushed meanwhile) has finished. */
  async drained(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async work(): Promise<void> {
    for (let job = this.jobs.shift(); job !== undefined; job = this.jobs.shift()) {
      try {
        await job.run();
      } catch {
        // Jobs report their own failures; one failing must not stop the rest.
      }
      this.queued -= job.spanCount;
    }
    this.running = undefined;
  }
}
