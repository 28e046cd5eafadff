// A readable address of a span in a tree, shared by findings of every stage.

/** One step of a path: the span's service and name. */
export interface PathSegment {
  readonly service: string;
  readonly name: string;
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
    if (segment.service !== previousService) parts.push(segment.service);
    parts.push(segment.name);
    previousService = segment.service;
  }
  return parts.join(' › ');
}
