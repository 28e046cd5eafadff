// Decoding speed of ingest on a synthetic 100,000-span OTLP export, as JSON and as protobuf, plus
// grouping into traces. Prints figures only; nothing here is asserted.
import { decodeOtlpJson, decodeOtlpProtobuf, decodeTraceFile, groupSpansIntoTraces } from '../src/ingest/index.ts';
import { exportTraceServiceRequestType } from '../src/ingest/otlp-schema.ts';

const SPANS = 100_000;
const SERVICES = 10;
const RUNS = 5;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** One request: SERVICES resources, each with SPANS/SERVICES spans of 100 traces, typed attributes. */
function syntheticRequest(idsAs: 'hex' | 'bytes'): Record<string, unknown> {
  const id = (text: string): string | Buffer => (idsAs === 'hex' ? text : Buffer.from(text, 'hex'));
  const perService = SPANS / SERVICES;
  const resourceSpans = Array.from({ length: SERVICES }, (_, s) => ({
    resource: { attributes: [
      { key: 'service.name', value: { stringValue: `service-${s}` } },
      { key: 'host.name', value: { stringValue: `host-${s}` } },
    ] },
    scopeSpans: [{
      scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' },
      spans: Array.from({ length: perService }, (_, i) => {
        const n = s * perService + i;
        const start = 1_782_036_644_636_000_000n + BigInt(n) * 1000n;
        return {
          traceId: id(hex((n % 100) + 1, 32)),
          spanId: id(hex(n + 1, 16)),
          ...(n % 1000 === 0 ? {} : { parentSpanId: id(hex(n, 16)) }),
          name: `GET /api/items/${n % 50}`,
          kind: 2 + (n % 2),
          startTimeUnixNano: start.toString(),
          endTimeUnixNano: (start + 250_000n).toString(),
          attributes: [
            { key: 'http.request.method', value: { stringValue: 'GET' } },
            { key: 'http.route', value: { stringValue: '/api/items/:id' } },
            { key: 'http.response.status_code', value: { intValue: 200 } },
            { key: 'server.port', value: { intValue: 8080 } },
            { key: 'sampled.ratio', value: { doubleValue: 0.25 } },
            { key: 'cache.hit', value: { boolValue: n % 3 === 0 } },
          ],
          events: n % 10 === 0 ? [{ timeUnixNano: (start + 1000n).toString(), name: 'retry', attributes: [{ key: 'attempt', value: { intValue: 2 } }] }] : [],
          status: { code: n % 97 === 0 ? 2 : 0 },
        };
      }),
    }],
  }));
  return { resourceSpans };
}

function measure(label: string, bytes: number, run: () => number): void {
  run(); // warm-up: JIT and caches
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const started = performance.now();
    count = run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const mb = bytes / (1024 * 1024);
  console.log(
    `${label.padEnd(34)} ${median.toFixed(0).padStart(6)} ms (median of ${RUNS}, min ${times[0]?.toFixed(0)})  ` +
      `${(mb / (median / 1000)).toFixed(1).padStart(6)} MB/s  ${((count / median) * 1000 / 1e6).toFixed(2)} M spans/s  [${mb.toFixed(1)} MB, ${count} spans]`,
  );
}

const jsonBytes = new TextEncoder().encode(JSON.stringify(syntheticRequest('hex')));
const protoBytes = exportTraceServiceRequestType().encode(exportTraceServiceRequestType().fromObject(syntheticRequest('bytes'))).finish();

measure('decodeOtlpJson (bytes)', jsonBytes.length, () => decodeOtlpJson(jsonBytes).length);
measure('decodeOtlpProtobuf', protoBytes.length, () => decodeOtlpProtobuf(protoBytes).length);
const spans = decodeOtlpProtobuf(protoBytes);
measure('groupSpansIntoTraces (100 traces)', 0, () => groupSpansIntoTraces(spans).reduce((n, t) => n + t.spans.length, 0));
measure('decodeTraceFile (JSON, detect+group)', jsonBytes.length, () => decodeTraceFile(jsonBytes).traces.reduce((n, t) => n + t.spans.length, 0));
console.log(`peak RSS ${(process.memoryUsage().rss / (1024 * 1024)).toFixed(0)} MB`);
