// A span's identity: service, name and kind plus the few semantic attributes that say what the
// call was. Diff matches nodes on it, and ordering uses it to break ties.
import type { Attributes, CanonicalNode, Span, SpanKind } from '../model/index.ts';

/** Each group names one semantic fact; the first key present in a group is used. */
export const IDENTITY_ATTRIBUTE_GROUPS: readonly (readonly string[])[] = [
  ['http.request.method', 'http.method'],
  // Servers name their route. HTTP clients name only the method (semconv: span name `POST`), so
  // without a route the target path tells `POST /orders` from `POST /charges`.
  ['http.route', 'url.template', 'url.path', 'http.target'],
  ['db.system.name', 'db.system'],
  ['db.operation.name', 'db.operation'],
  ['messaging.destination.name', 'messaging.destination'],
  ['rpc.service'],
  ['rpc.method'],
];

/**
 * The identity of a canonical node, as a string: equal strings mean "the same call". The format
 * is a JSON array (`["api-gateway","POST /checkout","server",["http.route","/checkout"]]`), so it
 * is unambiguous whatever the names contain.
 */
export function spanIdentity(node: CanonicalNode): string {
  return identityOf(node.service, node.name, node.kind, node.attributes);
}

/** The same identity, computed on a raw span (used to order raw siblings that start together). */
export function rawSpanIdentity(span: Span): string {
  return identityOf(span.service, span.name, span.kind, span.attributes);
}

/** The identity of a span given its parts (canonical or raw). */
export function identityOf(service: string, name: string, kind: SpanKind, attributes: Attributes): string {
  const parts: unknown[] = [service, name, kind];
  for (const group of IDENTITY_ATTRIBUTE_GROUPS) {
    for (const key of group) {
      const value = attributes[key];
      if (value !== undefined) {
        parts.push([key, value]);
        break;
      }
    }
  }
  // One JSON.stringify gives a flat string; a concatenated one stays a rope, slow to compare in sorts.
  return JSON.stringify(parts);
}
