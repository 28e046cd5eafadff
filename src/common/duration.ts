// Durations as people write them (`250ms`, `1.5s`, `2m`) and as tbt prints them. One unit table
// for every stage, so that config, tolerances, detectors and queries agree on what `1m` means.

/** Each unit in nanoseconds, exact; `µs` is another spelling of `us`. */
export const DURATION_UNIT_NANOS = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
} as const;

export type DurationUnit = keyof typeof DURATION_UNIT_NANOS;

/** The units as a regular-expression alternation, for parsers that embed a duration in more text. */
export const DURATION_UNIT_PATTERN = Object.keys(DURATION_UNIT_NANOS).join('|');

const AMOUNT_PATTERN = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?)\\s*(${DURATION_UNIT_PATTERN})?\\s*$`);

export function isDurationUnit(text: string): text is DurationUnit {
  return Object.hasOwn(DURATION_UNIT_NANOS, text);
}

/**
 * `amount` of `unit` in milliseconds, rounded to whole nanoseconds: decimal fractions are not exact
 * in binary, and `2.01s` must be 2010, not 2009.9999999999998 (it shows in messages).
 */
export function durationMs(amount: number, unit: DurationUnit): number {
  return Math.round(amount * (Number(DURATION_UNIT_NANOS[unit]) / 1e6) * 1e6) / 1e6;
}

/**
 * A duration as written in YAML, in milliseconds: `250ms`, ` 10 s `, `1.5m`, or a bare number
 * (a string or a finite number ≥ 0), taken as milliseconds. Undefined for anything else; the
 * caller says what was wrong and where.
 */
export function readDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = AMOUNT_PATTERN.exec(value);
  if (!match) return undefined;
  const unit = match[2] ?? 'ms';
  return isDurationUnit(unit) ? durationMs(Number(match[1]), unit) : undefined;
}

/** Milliseconds as a person reads them: `850µs`, `42ms`, `1.5s`, `1m30s`. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  // Each tier is chosen on the value rounded as it will be printed, so that 999.6 ms reads `1s`,
  // not `1000ms`, and 119.6 s reads `2m0s`, not `1m60s`.
  const micros = Math.round(ms * 1000);
  if (ms > 0 && micros < 1000) return `${micros}µs`;
  const millis = Math.round(ms);
  if (millis < 1000) return `${millis}ms`;
  const centis = Math.round(ms / 10);
  if (centis < 6000) return `${centis / 100}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
