// Where a test's spans come from: the embedded receiver's hub (the default), or the team's own
// tracing backend, pulled by trace id. Both answer the same `collect` call.
import { pullTraceFromBackend, type CollectOptions, type CollectResult } from '../collect/index.ts';
import type { BackendConfig } from '../model/index.ts';

export interface TraceSource {
  collect(traceId: string, options: CollectOptions): Promise<CollectResult>;
}

/**
 * Pulls from Jaeger, Tempo or Zipkin once the trigger has answered. Backends index with a delay,
 * so the settle window is at least a second here whatever the config says.
 */
export class BackendTraceSource implements TraceSource {
  constructor(private readonly backend: BackendConfig) {}

  async collect(traceId: string, options: CollectOptions): Promise<CollectResult> {
    const started = performance.now();
    await options.triggerDone.catch(() => undefined);
    try {
      const result = await pullTraceFromBackend({
        kind: this.backend.kind,
        baseUrl: this.backend.url,
        headers: this.backend.headers,
        traceId,
        settleMs: Math.max(1000, options.settleMs ?? 0),
        timeoutMs: Math.max(5000, options.timeoutMs ?? 0),
        ...(options.rootSpanId ? { rootSpanId: options.rootSpanId } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.onProgress?.(result.trace.spans.length);
      return {
        spans: [...result.trace.spans],
        complete: result.complete,
        ...(result.problem ? { problem: result.problem } : {}),
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      if (options.signal?.aborted) return { spans: [], complete: false, problem: 'collection was cancelled', elapsedMs: performance.now() - started };
      throw error;
    }
  }
}
