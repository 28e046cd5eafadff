// The port between receivers and whoever waits for spans: every receiver (OTLP/HTTP, OTLP/gRPC,
// backend pull) hands decoded spans to a sink and knows nothing else about them.
import type { Span } from '../model/index.ts';

export interface SpanSink {
  /** Takes a batch of decoded spans, of any traces, in arrival order. Never throws. */
  accept(spans: readonly Span[]): void;
  /**
   * True while the sink holds as much as it may: receivers then refuse exports with a retryable
   * status (HTTP 503 with Retry-After, gRPC UNAVAILABLE with RetryInfo), so that SDKs send them
   * again later instead of the sink growing without bound. A sink without it is never full.
   */
  isFull?(): boolean;
}
