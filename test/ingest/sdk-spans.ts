// Test support: real spans from the OpenTelemetry JS SDK, finished in memory, so decoder tests
// compare against what the SDK itself recorded rather than against hand-written expectations.
import { SpanKind, SpanStatusCode, context, trace, type Link } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Three spans of one trace (server → client, plus an internal span with a link), as the SDK ended them. */
export async function sdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.2.3' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('tbt-test', '0.1.0');
  const root = tracer.startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200, ratio: 0.5, ok: true, tags: ['a', 'b'] },
  }, context.active());
  const rootContext = trace.setSpan(context.active(), root);
  const child = tracer.startSpan('GET /stock', { kind: SpanKind.CLIENT, attributes: { retries: [1, 2, 3] } }, rootContext);
  child.addEvent('exception', { 'exception.message': 'boom' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end();
  const link: Link = { context: child.spanContext(), attributes: { 'link.reason': 'retry' } };
  const linked = tracer.startSpan('settle', { kind: SpanKind.INTERNAL, links: [link] }, rootContext);
  linked.setStatus({ code: SpanStatusCode.OK });
  linked.end();
  root.end();
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return [...spans];
}

/** An SDK HrTime as exact Unix nanoseconds. */
export function hrNanos(time: readonly [number, number]): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}
