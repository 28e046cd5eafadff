// Small facts about one span that several rules read (is it errored, what went wrong), and how
// rules write paths, keys and durations into their findings.
import { formatDurationMs } from '../common/index.ts';
import type { AttributeValue, PathSegment, Span, SpanPath } from '../model/index.ts';
import { maskIds } from '../normalize/index.ts';

/** Status ERROR, or an `exception` event (some SDKs record one without setting the status). */
export function isErrored(span: Span): boolean {
  return span.status.code === 'error' || span.events.some((event) => event.name === 'exception');
}

/** What went wrong, from the status message, exception events and HTTP/gRPC status codes. */
export function errorText(span: Span): string {
  const parts: string[] = [];
  const add = (part: string | undefined): void => {
    if (part !== undefined && part !== '' && !parts.includes(part)) parts.push(part);
  };
  add(span.status.message);
  for (const event of span.events) {
    if (event.name !== 'exception') continue;
    const type = scalar(event.attributes['exception.type']);
    const message = scalar(event.attributes['exception.message']);
    add(type && message ? `${type}: ${message}` : (message ?? type));
  }
  const httpStatus = Number(scalar(span.attributes['http.response.status_code'] ?? span.attributes['http.status_code']));
  if (Number.isInteger(httpStatus) && httpStatus >= 400) add(`HTTP ${httpStatus}`);
  const grpcStatus = scalar(span.attributes['rpc.grpc.status_code']);
  if (grpcStatus !== undefined && grpcStatus !== '0') add(`gRPC status ${grpcStatus}`);
  return parts.join('; ');
}

function scalar(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `driver › driver.DriverService/FindNearest`: one segment, as a message names a parent. */
export function formatSegment(segment: PathSegment | undefined): string {
  return segment === undefined ? '(trace)' : `${segment.service} › ${segment.name}`;
}

/** `192ms`, `850µs`, `1.5s`: common's one style, as diff's findings write durations. */
export const formatMs = formatDurationMs;

/** A path with its ids masked: the stable part of a finding's key. */
export function pathKey(path: SpanPath): string {
  return path.map((segment) => `${segment.service}:${maskIds(segment.name)}`).join(' > ');
}

/** The key that recognizes a finding across runs: rule, where, and which call. No ids or times. */
export function findingKey(rule: string, path: SpanPath, call: string): string {
  return `${rule}|${pathKey(path)}|${call}`;
}
