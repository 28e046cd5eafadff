// Reads the durations users write in config (`250ms`, `10s`, `1.5m`) into milliseconds; the units
// are common's one table, the message and location are config's.
import { readDurationMs } from '../common/index.ts';
import { TbtError, type SourceLocation } from '../model/index.ts';

/** `250ms` → 250. A bare number is taken as milliseconds. */
export function parseDurationMs(value: unknown, what: string, where: SourceLocation): number {
  const ms = readDurationMs(value);
  if (ms !== undefined) return ms;
  throw new TbtError('config', `${what} must be a duration such as 250ms or 10s, not ${JSON.stringify(value)}`, {
    location: where,
  });
}
