// Writes synthetic traces as OTLP files (JSON and protobuf) for the end-to-end benchmarks: the
// same shape twice with fresh trace and span ids and shifted clocks, as two runs would give.
import type { AttributeValue, Span, Trace } from '../src/model/index.ts';
import { exportTraceServiceRequestType } from '../src/ingest/otlp-schema.ts';
import { syntheticTrace, type SyntheticShape } from './synthetic-trace.ts';

type Json = Record<string, unknown>;

function anyValue(value: AttributeValue): Json {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: (value as readonly AttributeValue[]).map(anyValue) } };
  return { kvlistValue: { values: keyValues(value as Readonly<Record<string, AttributeValue>>) } };
}

function keyValues(map: Readonly<Record<string, AttributeValue>>): Json[] {
  return Object.entries(map).map(([key, value]) => ({ key, value: anyValue(value) }));
}

const KIND_NUMBER = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
const CODE_NUMBER = { unset: 0, ok: 1, error: 2 } as const;

/** A run of the trace: ids salted with `run` (fresh ids), clocks shifted by `run` seconds. */
function rerun(trace: Trace, run: number): Trace {
  const salt = (run + 1).toString(16).padStart(4, '0');
  const id = (spanId: string): string => `${salt}${spanId.slice(4)}`;
  const shift = BigInt(run) * 1_000_000_000n;
  return {
    traceId: `${salt}${trace.traceId.slice(4)}`,
    warnings: [],
    spans: trace.spans.map((span) => ({
      ...span,
      traceId: `${salt}${span.traceId.slice(4)}`,
      spanId: id(span.spanId),
      ...(span.parentSpanId === undefined ? {} : { parentSpanId: id(span.parentSpanId) }),
      startTimeUnixNano: span.startTimeUnixNano + shift,
      endTimeUnixNano: span.endTimeUnixNano + shift,
    })),
  };
}

/** An OTLP ExportTraceServiceRequest object: one resourceSpans per service, ids as hex or bytes. */
function request(trace: Trace, idsAs: 'hex' | 'bytes'): Json {
  const byService = new Map<string, Span[]>();
  for (const span of trace.spans) {
    const list = byService.get(span.service);
    if (list) list.push(span);
    else byService.set(span.service, [span]);
  }
  const id = (hex: string): string | Buffer => (idsAs === 'hex' ? hex : Buffer.from(hex, 'hex'));
  return {
    resourceSpans: [...byService.values()].map((spans) => ({
      resource: { attributes: keyValues((spans[0] as Span).resource) },
      scopeSpans: [{
        scope: { name: (spans[0] as Span).scope.name },
        spans: spans.map((span) => ({
          traceId: id(span.traceId),
          spanId: id(span.spanId),
          ...(span.parentSpanId === undefined ? {} : { parentSpanId: id(span.parentSpanId) }),
          name: span.name,
          kind: KIND_NUMBER[span.kind],
          startTimeUnixNano: span.startTimeUnixNano.toString(),
          endTimeUnixNano: span.endTimeUnixNano.toString(),
          attributes: keyValues(span.attributes),
          status: { code: CODE_NUMBER[span.status.code], ...(span.status.message === undefined ? {} : { message: span.status.message }) },
        })),
      }],
    })),
  };
}

export interface OtlpRun {
  readonly json: Uint8Array;
  readonly protobuf: Uint8Array;
}

/** Run `run` of a synthetic trace (same seed, so the same shape), as OTLP JSON and protobuf bytes. */
export function otlpRun(shape: SyntheticShape, spans: number, run: number): OtlpRun {
  const trace = rerun(syntheticTrace({ shape, spans }), run);
  const json = new TextEncoder().encode(JSON.stringify(request(trace, 'hex')));
  const protobuf = exportTraceServiceRequestType().encode(exportTraceServiceRequestType().fromObject(request(trace, 'bytes'))).finish();
  return { json, protobuf };
}
