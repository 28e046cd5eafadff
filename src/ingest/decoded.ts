// What the non-OTLP decoders hand back: spans plus the warnings they noted per trace id, which
// groupSpansIntoTraces puts first in each Trace.warnings.
import type { Span } from '../model/index.ts';

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

/** Microseconds (Jaeger, Zipkin) as exact nanoseconds. */
export function nanosFromMicros(micros: number): bigint {
  return BigInt(Math.round(micros)) * 1000n;
}
