// A readable address of a span in a tree, shared by findings of every stage.
import type { Attributes } from './attributes.ts';

/** One step of a path: the span's service and name. */
export interface PathSegment {
  readonly service: string;
  readonly name: string;
  /**
   * For display only, never for matching: the target of a span whose name is only an HTTP method
   * (semconv names client spans `POST`), so that a path tells `POST /orders` from `POST /charges`.
   */
  readonly target?: string;
}

export type SpanPath = readonly PathSegment[];

/**
 * Renders `api-gateway › POST /checkout › shipping-service › publish shipping-queue`: the service
 * is printed where it changes, so a path reads as the hops a request took.
 */
export function formatPath(path: SpanPath): string {
  const parts: string[] = [];
  let previousService: string | undefined;
  for (const segment of path) {
    if (segment.service !== previousService) parts.push(segment.service === '' ? '(no service)' : segment.service);
    const name = segment.name === '' ? '(unnamed)' : segment.name;
    parts.push(segment.target === undefined ? name : `${name} ${segment.target}`);
    previousService = segment.service;
  }
  return parts.join(' › ');
}

/** The path segment of a span or canonical node, with its display target when its name is a bare method. */
export function pathSegmentOf(span: { readonly service: string; readonly name: string; readonly attributes: Attributes }): PathSegment {
  if (/^[A-Z]+$/.test(span.name)) {
    const target = span.attributes['url.template'] ?? span.attributes['url.path'] ?? span.attributes['http.target'] ?? pathOfUrl(span.attributes['url.full'] ?? span.attributes['http.url']);
    if (typeof target === 'string' && target !== '') return { service: span.service, name: span.name, target: target.split('?')[0] ?? target };
  }
  return { service: span.service, name: span.name };
}

/** `/v1/charges` from `https://payments.example.test/v1/charges?x=1` (masked URLs included). */
function pathOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)/i.exec(url)?.[1];
}
