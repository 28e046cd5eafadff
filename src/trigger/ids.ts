// Trace and span ids that tbt makes for its own root span: random, lowercase hex, never all zero.
import { randomBytes } from 'node:crypto';

export function newTraceId(): string {
  return nonZeroHex(16);
}

export function newSpanId(): string {
  return nonZeroHex(8);
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** A sampled W3C `traceparent` whose parent is tbt's root span. */
export function traceparentFor(traceId: string, rootSpanId: string): string {
  return `00-${traceId}-${rootSpanId}-01`;
}
