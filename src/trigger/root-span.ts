// tbt's own root span: the trigger is the first hop of the trace, and it carries the response.
import type { Attributes, Span, SpanKind, SpanStatus } from '../model/index.ts';

export interface TriggerContext {
  readonly traceId: string;
  readonly rootSpanId: string;
}

export function makeRootSpan(
  context: TriggerContext,
  fields: {
    name: string;
    kind: SpanKind;
    startTimeUnixNano: bigint;
    endTimeUnixNano: bigint;
    attributes: Attributes;
    status: SpanStatus;
  },
): Span {
  return {
    traceId: context.traceId,
    spanId: context.rootSpanId,
    name: fields.name,
    kind: fields.kind,
    service: 'tbt',
    startTimeUnixNano: fields.startTimeUnixNano,
    endTimeUnixNano: fields.endTimeUnixNano,
    attributes: fields.attributes,
    resource: { 'service.name': 'tbt' },
    scope: { name: 'tbt', attributes: {} },
    status: fields.status,
    events: [],
    links: [],
  };
}

/** Wall-clock now in Unix nanoseconds, with sub-millisecond resolution from the monotonic clock. */
export function nowUnixNano(): bigint {
  const nowMs = performance.timeOrigin + performance.now();
  return BigInt(Math.round(nowMs * 1000)) * 1000n;
}
