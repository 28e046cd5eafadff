// What the non-OTLP decoders hand back: spans plus the warnings they noted per trace id, which
// groupSpansIntoTraces puts first in each Trace.warnings.
import type { Span } from '../model/index.ts';
import { inputError } from './input-error.ts';

export interface DecodedSpans {
  readonly spans: Span[];
  readonly warnings: Map<string, string[]>;
}

/** Adds a warning for one trace. */
export function warn(warnings: Map<string, string[]>, traceId: string, message: string): void {
  const list = warnings.get(traceId);
  if (list === undefined) warnings.set(traceId, [message]);
  else list.push(message);
}

/** The most microseconds whose nanoseconds fit OTLP's uint64 times (as OTLP/JSON's decoder enforces). */
const MAX_MICROS = 18_446_744_073_709_551;

/**
 * A time or duration in microseconds (Jaeger, Zipkin) that fits the model's nanosecond times;
 * a larger one is refused, as the OTLP decoders refuse one past uint64, never carried as a
 * clock skew of thousands of years.
 */
export function microsInRange(value: number, name: string): number {
  if (Math.abs(value) > MAX_MICROS) throw inputError(`${name}: ${value} microseconds is outside the range of nanosecond times (at most ${MAX_MICROS})`);
  return value;
}

/** Microseconds (Jaeger, Zipkin) as exact nanoseconds. */
export function nanosFromMicros(micros: number): bigint {
  return BigInt(Math.round(micros)) * 1000n;
}
