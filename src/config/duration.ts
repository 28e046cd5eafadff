// Reads the durations users write in config (`250ms`, `10s`, `1.5m`) into milliseconds.
import { TbtError, type SourceLocation } from '../model/index.ts';

const UNIT_TO_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** `250ms` → 250. A bare number is taken as milliseconds. */
export function parseDurationMs(value: unknown, what: string, where: SourceLocation): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?\s*$/.exec(value);
    // Rounded to whole nanoseconds: `2.01s` is 2010, not 2009.9999999999998 (shown in messages).
    if (match) return Math.round(Number(match[1]) * (UNIT_TO_MS[match[2] ?? 'ms'] ?? 1) * 1e6) / 1e6;
  }
  throw new TbtError('config', `${what} must be a duration such as 250ms or 10s, not ${JSON.stringify(value)}`, {
    location: where,
  });
}
