// A readable address of a span in a tree, shared by findings of every stage.
import type { Attributes } from './attributes.ts';
import { displayTarget, nameWithTarget } from './span-target.ts';

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
  return pathParts(path).join(PATH_SEPARATOR);
}

/** What stands between the services and names of a formatted path. */
export const PATH_SEPARATOR = ' › ';

/** Spans kept at each end of a long path read by a person (see formatPathToRead). */
const SPANS_AT_START = 2;
const SPANS_AT_END = 3;

/**
 * formatPath for a person: a path deeper than a screen line (a 40-hop OAuth dance) keeps its
 * first two and last three spans, each end with its service, and says how many spans it skips
 * (`gw › GET /a › b › … 24 more › auth › x › y › z`). Keys and JSON keep the whole path.
 */
export function formatPathToRead(path: SpanPath): string {
  const skipped = path.length - SPANS_AT_START - SPANS_AT_END;
  if (skipped < 2) return formatPath(path);
  return `${formatPath(path.slice(0, SPANS_AT_START))} › … ${skipped} more › ${formatPath(path.slice(-SPANS_AT_END))}`;
}

function pathParts(path: SpanPath): string[] {
  const parts: string[] = [];
  let previousService: string | undefined;
  for (const segment of path) {
    if (segment.service !== previousService) parts.push(segment.service === '' ? '(no service)' : segment.service);
    const name = segment.name === '' ? '(unnamed)' : segment.name;
    parts.push(nameWithTarget(name, segment.target));
    previousService = segment.service;
  }
  return parts;
}

/**
 * The path segment of a span or canonical node, with its display target when its name does not
 * tell it from look-alike siblings: the path of a span named by a bare method (`POST /charges`),
 * and the table of a DB span whose name lacks it (`pg.query:SELECT shop (products)`).
 */
export function pathSegmentOf(span: { readonly service: string; readonly name: string; readonly attributes: Attributes }): PathSegment {
  const target = displayTarget(span.name, span.attributes);
  return target === undefined ? { service: span.service, name: span.name } : { service: span.service, name: span.name, target };
}
