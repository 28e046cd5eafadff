// Hand-built spans and traces for normalize tests: each test states only the fields it is about.
import type { Attributes, Span, SpanEvent, SpanKind, SpanStatus, Trace } from '../../src/model/index.ts';
import { makeSpan } from '../support/span.ts';

export interface SpanSpec {
  id: string;
  parent?: string;
  name?: string;
  service?: string;
  kind?: SpanKind;
  /** Start and end in milliseconds from the trace's origin. */
  start?: number;
  end?: number;
  attributes?: Attributes;
  resource?: Attributes;
  status?: SpanStatus;
  events?: { name: string; at?: number; attributes?: Attributes }[];
}

const ORIGIN = 1_700_000_000_000_000_000n;

export function ms(value: number): bigint {
  return ORIGIN + BigInt(Math.round(value * 1_000_000));
}

export function span(spec: SpanSpec): Span {
  const service = spec.service ?? 'svc';
  const events: SpanEvent[] = (spec.events ?? []).map((event) => ({
    name: event.name,
    timeUnixNano: ms(event.at ?? spec.start ?? 0),
    attributes: event.attributes ?? {},
  }));
  return makeSpan({
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: spec.id.padStart(16, '0'),
    parentSpanId: spec.parent?.padStart(16, '0'),
    name: spec.name ?? `op ${spec.id}`,
    kind: spec.kind ?? 'internal',
    service,
    startTimeUnixNano: ms(spec.start ?? 0),
    endTimeUnixNano: ms(spec.end ?? (spec.start ?? 0) + 1),
    attributes: spec.attributes ?? {},
    resource: spec.resource ?? { 'service.name': service, 'host.name': 'ci-runner-7', 'process.pid': 4242 },
    status: spec.status ?? { code: 'unset' },
    events,
  });
}

export function trace(specs: readonly SpanSpec[], warnings: readonly string[] = []): Trace {
  return { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spans: specs.map(span), warnings };
}

/** A deterministic shuffle (mulberry32), so a failing seed can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
