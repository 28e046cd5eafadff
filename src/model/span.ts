// The span model every stage shares: a readonly view of one OTLP span, independent of the wire
// format it came from.
import type { Attributes } from './attributes.ts';

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type StatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  readonly code: StatusCode;
  readonly message?: string;
}

/** A status without a message, one frozen object per code: shared by the spans and nodes that have one. */
export const STATUS_OF_CODE: Readonly<Record<StatusCode, SpanStatus>> = {
  unset: Object.freeze({ code: 'unset' }),
  ok: Object.freeze({ code: 'ok' }),
  error: Object.freeze({ code: 'error' }),
};

export interface SpanEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
  readonly attributes: Attributes;
}

/**
 * One span. Ids are lowercase hex (32 chars for trace ids, 16 for span ids). Times are Unix
 * nanoseconds as bigint, because a double cannot hold them exactly.
 */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent (not empty) for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** `resource['service.name']`, or `unknown_service` when the resource has none. */
  readonly service: string;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly resource: Attributes;
  readonly scope: InstrumentationScope;
  readonly status: SpanStatus;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

/** The spans of one trace, in arrival order (which means nothing), plus what ingest noticed. */
export interface Trace {
  readonly traceId: string;
  readonly spans: readonly Span[];
  /** Things ingest repaired or could not place (clock skew, missing parents, …), for the user. */
  readonly warnings: readonly string[];
  /**
   * Where each span's parent is, as grouping found it while checking the trace's shape, so that
   * the span tree need not index every span id again. Absent on traces built elsewhere.
   */
  readonly parents?: SpanParents;
}

/** Each span's parent by position in a span list. */
export interface SpanParents {
  /** The list these positions are in: for any other list (a filtered copy, say) they do not hold. */
  readonly spans: readonly Span[];
  /** Per span, the position of the first span with its parent id; -1 when no span has that id (or it has none). */
  readonly parentIndex: Int32Array;
  /** The positions of spans whose id an earlier span already has, ascending. */
  readonly repeatedIds: readonly number[];
}
