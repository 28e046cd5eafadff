// A memo of one key's masked values. Span names and enum-like values repeat, and a hit skips the
// masks; within one trace, statements with literals, urls and request ids do not (a 100k-span
// trace: 63k distinct statements in 63k), and there every lookup only hashed and stored a fresh
// string that was never asked for again (issue 14), so lookups rest where values hardly repeat.
// Two runs of one system repeat each other's values, though: while resting, the memo still writes
// down what it was told (two array slots, no hashing), and `nextTrace` turns that record into the
// memo, so the second trace of a comparison costs lookups where the first cost masks. The memo
// changes no result.

/** Lookups over which the hit rate is judged. */
const WINDOW = 1024;
/** Lookups skipped after a window with fewer hits than this fraction of the lookups. */
const REST = 16 * WINDOW;
const MIN_HIT_FRACTION = 1 / 4;
/** Values memoized within one trace before the memo is dropped (values of one key can be unbounded). */
const LIMIT = 20_000;
/** Values recorded for the next trace, at most (as many as a 100k-span trace has of one key). */
const RECORD_LIMIT = 100_000;

/**
 * Whether the memos of one rule engine write down what they mask while resting: only while a
 * trace is canonicalized that another will follow (a single trace's record would only be dropped).
 */
export interface RecordSwitch {
  recording: boolean;
}

export class ValueCache {
  private readonly map = new Map<string, string>();
  /** The most the map holds before it is dropped: more after `nextTrace` filled it from the record. */
  private limit = LIMIT;
  private lookups = 0;
  private hits = 0;
  /** Lookups still to skip, while resting. */
  private resting = 0;
  /** Values and their masked forms, in turns, told while resting or dropped with a window. */
  private record: string[] = [];

  constructor(private readonly recordSwitch: RecordSwitch) {}

  /** The memoized result for `value`, or undefined (also while resting). */
  get(value: string): string | undefined {
    if (this.resting > 0) {
      this.resting--;
      return undefined;
    }
    const found = this.map.get(value);
    this.lookups++;
    if (found !== undefined) this.hits++;
    if (this.lookups === WINDOW) {
      if (this.hits < WINDOW * MIN_HIT_FRACTION) {
        // The next trial starts empty, so it measures repeats within its own window; what the
        // memo held goes to the record.
        this.resting = REST;
        if (this.recordSwitch.recording) for (const [raw, masked] of this.map) this.remember(raw, masked);
        this.map.clear();
        this.limit = LIMIT;
      }
      this.lookups = 0;
      this.hits = 0;
    }
    return found;
  }

  set(value: string, masked: string): void {
    if (this.resting > 0) {
      if (this.recordSwitch.recording) this.remember(value, masked);
      return;
    }
    if (this.map.size >= this.limit) {
      this.map.clear();
      this.limit = LIMIT;
    }
    this.map.set(value, masked);
  }

  /**
   * The values asked for next come from another trace: what was recorded becomes the memo, and
   * lookups start with a trial window, whatever the last trace's rest had left.
   */
  nextTrace(): void {
    const { record, map } = this;
    if (record.length > 0) {
      for (let i = 0; i < record.length; i += 2) map.set(record[i] as string, record[i + 1] as string);
      this.record = [];
      this.limit = map.size + LIMIT;
    }
    this.resting = 0;
    this.lookups = 0;
    this.hits = 0;
  }

  private remember(value: string, masked: string): void {
    if (this.record.length < 2 * RECORD_LIMIT) this.record.push(value, masked);
  }
}
