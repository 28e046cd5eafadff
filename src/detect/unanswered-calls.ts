// A recording must not bless an incomplete trace. One sign of it: a call to a service that exports
// spans (one that shows up as a server elsewhere in the trace, or one tbt started) which has no
// server span below it: that service's spans for this call never arrived. Pure.
import type { Attributes, Span, SpanTree, SpanTreeNode } from '../model/index.ts';

/** A client call whose server spans are missing, for the message that refuses the recording. */
export interface UnansweredCall {
  readonly span: Span;
  /** The port the call went to, which a service that exports listens on. */
  readonly port: number;
}

const HTTP_DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

function portOfUrl(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.port === '' ? HTTP_DEFAULT_PORTS[url.protocol] : Number(url.port);
  } catch {
    return undefined;
  }
}

function portNumber(value: unknown): number | undefined {
  const port = typeof value === 'string' ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** The port a server span listened on. */
function serverPort(attributes: Attributes): number | undefined {
  const host = attributes['http.host'];
  const fromHost = typeof host === 'string' && /:(\d+)$/.test(host) ? portNumber(host.slice(host.lastIndexOf(':') + 1)) : undefined;
  return portNumber(attributes['server.port']) ?? portNumber(attributes['net.host.port']) ?? portOfUrl(attributes['url.full']) ?? portOfUrl(attributes['http.url']) ?? fromHost;
}

/** The port an HTTP or RPC client span called, when the span says. */
function calledPort(attributes: Attributes): number | undefined {
  return portNumber(attributes['server.port']) ?? portNumber(attributes['net.peer.port']) ?? portOfUrl(attributes['url.full']) ?? portOfUrl(attributes['http.url']);
}

function isCall(span: Span): boolean {
  const a = span.attributes;
  return span.kind === 'client' && (a['http.request.method'] !== undefined || a['http.method'] !== undefined || a['rpc.system'] !== undefined);
}

/** A service tbt started, and the port it listens on. */
export interface ServicePort {
  readonly service: string;
  readonly port: number;
}

/**
 * HTTP and RPC client spans with no server span anywhere below them, whose called port is one
 * that a server span of this trace reports, or that of a service tbt started which has server
 * spans in this trace (so it exports). A call to a third party, or to a service that exports
 * nothing (an untraced broker), is never one.
 */
export function findUnansweredCalls(tree: SpanTree, startedServices: readonly ServicePort[] = []): UnansweredCall[] {
  const ports = new Set<number>();
  const servers = new Set<string>();
  const calls: SpanTreeNode[] = [];
  const hasServerBelow = new Map<SpanTreeNode, boolean>();
  // Post-order without recursion: a node is finished once all its children are.
  const stack: Array<{ node: SpanTreeNode; expanded: boolean }> = tree.roots.map((node) => ({ node, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { node: SpanTreeNode; expanded: boolean };
    if (!top.expanded) {
      stack.push({ node: top.node, expanded: true });
      for (const child of top.node.children) stack.push({ node: child, expanded: false });
      continue;
    }
    const { span, children } = top.node;
    if (span.kind === 'server') {
      const port = serverPort(span.attributes);
      if (port !== undefined) ports.add(port);
      servers.add(span.service);
    }
    hasServerBelow.set(top.node, children.some((child) => child.span.kind === 'server' || hasServerBelow.get(child) === true));
    if (isCall(span)) calls.push(top.node);
  }
  for (const started of startedServices) if (servers.has(started.service)) ports.add(started.port);
  const unanswered: UnansweredCall[] = [];
  for (const node of calls) {
    const port = calledPort(node.span.attributes);
    if (port !== undefined && ports.has(port) && hasServerBelow.get(node) !== true) unanswered.push({ span: node.span, port });
  }
  return unanswered;
}
