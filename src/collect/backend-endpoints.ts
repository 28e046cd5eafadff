// The query API of each tracing backend tbt can pull a trace from: where a trace lives, what to
// ask for, and which ingest format the answer is in. No polling or timing here.
import type { Trace } from '../model/index.ts';
import { TbtError } from '../model/index.ts';
import { decodeTraceAs, type TraceFileFormat } from '../ingest/index.ts';

/** The backends: Jaeger's query API (v1 and api/v3), Grafana Tempo, Zipkin. */
export type BackendKind = 'jaeger' | 'jaeger-v3' | 'tempo' | 'zipkin';

interface Endpoint {
  readonly path: (traceId: string) => string;
  readonly format: TraceFileFormat;
  readonly name: string;
}

const ENDPOINTS: Readonly<Record<BackendKind, Endpoint>> = {
  jaeger: { path: (id) => `/api/traces/${id}`, format: 'jaeger-json', name: 'Jaeger' },
  'jaeger-v3': { path: (id) => `/api/v3/traces/${id}`, format: 'jaeger-v3-json', name: 'Jaeger api/v3' },
  // Tempo answers protobuf unless asked for JSON; its v1 JSON is {"batches": …} with base64 ids.
  tempo: { path: (id) => `/api/traces/${id}`, format: 'tempo-json', name: 'Tempo' },
  zipkin: { path: (id) => `/api/v2/trace/${id}`, format: 'zipkin-json', name: 'Zipkin' },
};

/** Checks the kind and trace id, and builds the trace's URL under `baseUrl` (which may have a path). */
export function traceUrl(kind: BackendKind, baseUrl: string, traceId: string): URL {
  const endpoint = ENDPOINTS[kind];
  if (endpoint === undefined) {
    throw new TbtError('config', `unknown backend kind ${JSON.stringify(kind)}`, { hint: `use one of ${Object.keys(ENDPOINTS).join(', ')}` });
  }
  if (!/^[0-9a-f]{16}([0-9a-f]{16})?$/i.test(traceId)) {
    throw new TbtError('input', `trace id ${JSON.stringify(traceId)} is not 32 (or 16) hex digits`);
  }
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch (error) {
    throw new TbtError('config', `backend URL ${JSON.stringify(baseUrl)} is not a URL`, { cause: error, hint: 'e.g. http://localhost:16686' });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TbtError('config', `backend URL ${baseUrl} must be http or https`);
  }
  base.pathname = base.pathname.replace(/\/+$/, '') + endpoint.path(traceId.toLowerCase());
  base.search = '';
  return base;
}

/** The backend's display name, for messages. */
export function backendName(kind: BackendKind): string {
  return ENDPOINTS[kind]?.name ?? kind;
}

/** Decodes a 200 answer into the traces it holds; a body of the wrong shape is a TbtError('input'). */
export function decodeBackendAnswer(kind: BackendKind, body: Uint8Array, url: URL): Trace[] {
  try {
    return decodeTraceAs(ENDPOINTS[kind].format, body, `the answer of ${backendName(kind)} at ${url.href}`);
  } catch (error) {
    if (!(error instanceof TbtError)) throw error;
    throw new TbtError('input', error.message, {
      hint: `check that the backend kind (${kind}) and base URL point at a ${backendName(kind)} query API`,
      cause: error,
    });
  }
}
