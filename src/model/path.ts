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
  return pathParts(path).join(' › ');
}

/** Parts kept at each end of a long path read by a person (see formatPathToRead). */
const PARTS_AT_START = 3;
const PARTS_AT_END = 4;

/**
 * formatPath for a person: a path deeper than a screen line (a 40-hop OAuth dance) keeps its
 * first and last parts, and says how many it skips (`a › b › c › … 24 more › w › x › y › z`).
 * Keys and JSON keep the whole path.
 */
export function formatPathToRead(path: SpanPath): string {
  const parts = pathParts(path);
  const skipped = parts.length - PARTS_AT_START - PARTS_AT_END;
  if (skipped < 2) return parts.join(' › ');
  return [...parts.slice(0, PARTS_AT_START), `… ${skipped} more`, ...parts.slice(-PARTS_AT_END)].join(' › ');
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
