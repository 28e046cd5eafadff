// What makes two calls "the same": the normalized shape of an outbound call (SQL, key-value,
// HTTP, RPC, messaging), plus its un-normalized parameters, which tell an N+1 (same shape,
// different parameters) from a duplicate (same shape, same parameters).
import {
  attributeText as text,
  dbCallTarget,
  findTableClause,
  httpCallTarget,
  isDbCall,
  messagingDestination,
  messagingSystem as messagingSystemOf,
  rpcCallTarget,
  type Attributes,
  type Span,
} from '../model/index.ts';
import { maskIds } from '../normalize/index.ts';
import { isTransactionControl, sqlShape } from './sql-shape.ts';

export type CallKind = 'sql' | 'kv' | 'http' | 'rpc' | 'messaging' | 'generic';

export interface CallSignature {
  readonly kind: CallKind;
  /** Equal for calls of one shape from one service: what siblings are grouped by. No ids. */
  readonly shapeKey: string;
  /** The normalized call as a person reads it: `sqlite SELECT qty FROM stock WHERE sku = ?`. */
  readonly label: string;
  /**
   * The un-normalized parameters (raw statement, URL with query, key attributes), or undefined
   * when the trace does not record them (a statement with bound `?` values, an RPC payload).
   */
  readonly params: string | undefined;
}

const KEY_VALUE_SYSTEMS = new Set(['redis', 'valkey', 'keydb', 'dragonfly', 'memcached']);
/** Polling and processing are the consumer's side of messaging, not calls it chose to make. */
const NON_CALL_MESSAGING_OPERATIONS = new Set(['receive', 'poll', 'process', 'deliver', 'settle', 'ack']);
const MESSAGE_KEY_ATTRIBUTES = new Set([
  'kafka.key',
  'rabbitmq.routing_key',
  'messaging.kafka.message.key',
  'messaging.message.conversation_id',
  'messaging.rabbitmq.destination.routing_key',
  'messaging.gcp_pubsub.message.ordering_key',
]);
/** Standard namespaces whose `*.id` attributes describe infrastructure, not the call's target. */
const INFRASTRUCTURE_PREFIXES =
  /^(?:http|url|server|client|network|net|db|rpc|messaging|peer|thread|code|otel|exception|error|process|host|container|k8s|cloud|faas|aws|gcp|az|telemetry|service|span|trace|sampling|user_agent|tls|session)\./;
/** Ids that are unique per request or message: equal parameters would never repeat them. */
const PER_REQUEST_ID = /request|correlation|trace|span|message|event/i;

const LABEL_STATEMENT_LIMIT = 80;

/** The call a span makes, or undefined when the span is not an outbound call. */
export function callSignature(span: Span): CallSignature | undefined {
  const attributes = span.attributes;
  const isCallKind = span.kind === 'client' || span.kind === 'producer';
  const isDb = isDbCall(attributes);
  if (!isCallKind && !(isDb && (span.kind === 'internal' || span.kind === 'unspecified'))) return undefined;

  const prefix = `${span.service}|${span.kind}|${maskIds(span.name)}`;
  if (isDb) return dbSignature(span, prefix);
  const messagingSystem = messagingSystemOf(attributes);
  if (messagingSystem !== undefined) return messagingSignature(span, messagingSystem, prefix);
  const rpc = rpcSignature(span, prefix);
  if (rpc) return rpc;
  const http = httpSignature(span, prefix);
  if (http) return http;
  const keys = payloadKeys(attributes);
  const peer = text(attributes, 'peer.service', 'server.address') ?? '';
  return {
    kind: 'generic',
    shapeKey: `${prefix}|generic|${peer}`,
    label: `${span.service} ${maskIds(span.name)}`,
    params: keys === '' ? undefined : keys,
  };
}

function dbSignature(span: Span, prefix: string): CallSignature | undefined {
  const attributes = span.attributes;
  const { statement, system, operation: declaredOperation, collection: declaredCollection } = dbCallTarget(attributes);
  const keys = payloadKeys(attributes);
  if (KEY_VALUE_SYSTEMS.has(system.toLowerCase())) {
    if (statement === undefined) {
      const operation = declaredOperation ?? '';
      return {
        kind: 'kv',
        shapeKey: `${prefix}|kv|${system}|${operation}`,
        label: `${system} ${maskIds(span.name)}`,
        params: keys === '' ? undefined : keys,
      };
    }
    const [command = '', key = ''] = statement.trim().split(/\s+/);
    const shape = `${command.toUpperCase()} ${maskIds(key)}`.trim();
    return { kind: 'kv', shapeKey: `${prefix}|kv|${system}|${shape}`, label: `${system} ${shape}`, params: `${statement}|${keys}` };
  }
  if (statement === undefined) {
    const operation = declaredOperation ?? '';
    const collection = declaredCollection ?? '';
    const shape = [operation, collection].filter((part) => part !== '').join(' ') || maskIds(span.name);
    return {
      kind: 'sql',
      shapeKey: `${prefix}|sql|${system}|${shape}`,
      label: `${system} ${shape}`,
      params: keys === '' ? undefined : keys,
    };
  }
  if (isTransactionControl(statement)) return undefined;
  const shape = sqlShape(statement);
  // Bound `?` values are not in the trace: equal text does not prove equal parameters.
  const paramsKnown = shape.literals > 0 || shape.placeholders === 0 || keys !== '';
  const raw = statement.replace(/\s+/g, ' ').trim();
  return {
    kind: 'sql',
    shapeKey: `${prefix}|sql|${system}|${shape.text}`,
    label: `${system} ${statementLabel(shape.text, LABEL_STATEMENT_LIMIT)}`,
    params: paramsKnown ? `${raw}|${keys}` : undefined,
  };
}

function messagingSignature(span: Span, system: string, prefix: string): CallSignature | undefined {
  const attributes = span.attributes;
  const operation =
    text(attributes, 'messaging.operation.type', 'messaging.operation', 'messaging.operation.name') ??
    (span.kind === 'producer' ? 'publish' : 'send');
  if (NON_CALL_MESSAGING_OPERATIONS.has(operation.toLowerCase())) return undefined;
  const recorded = messagingDestination(attributes);
  const destination = 'template' in recorded ? recorded.template : maskIds(recorded.name);
  const shape = `${operation} ${destination}`.trim();
  // A message with no key attribute still has a payload key: "none". Two publishes of the same
  // shape under one parent are then the same message, which is what a duplicate publish looks like.
  return {
    kind: 'messaging',
    shapeKey: `${prefix}|messaging|${system}|${shape}`,
    label: `${system} ${shape}`,
    params: payloadKeys(attributes),
  };
}

function rpcSignature(span: Span, prefix: string): CallSignature | undefined {
  const attributes = span.attributes;
  const rpc = rpcCallTarget(span.name, attributes);
  if (rpc === undefined) return undefined;
  const { system, target } = rpc;
  const keys = payloadKeys(attributes);
  return {
    kind: 'rpc',
    shapeKey: `${prefix}|rpc|${system ?? ''}|${target}`,
    label: `${system ?? 'rpc'} ${target}`,
    params: keys === '' ? undefined : keys,
  };
}

function httpSignature(span: Span, prefix: string): CallSignature | undefined {
  const attributes = span.attributes;
  const call = httpCallTarget(span.name, attributes);
  if (call === undefined) return undefined;
  const { method, host, path, raw } = call;
  // Ports are left out: services launched on free ports would otherwise change shape per run.
  const shape = `${method ?? 'HTTP'} ${host}${maskIds(path)}`;
  return {
    kind: 'http',
    shapeKey: `${prefix}|http|${shape}`,
    label: shape,
    // Without a URL or path the target is unknown, and so is whether two calls were the same.
    params: raw === '' ? undefined : `${method ?? ''} ${raw}|${payloadKeys(attributes)}`,
  };
}

/**
 * The attributes that identify what a call was about (`param.driverID`, `order.id`, a Kafka
 * message key), sorted, as `k=v` pairs; '' when there are none.
 */
export function payloadKeys(attributes: Attributes): string {
  const pairs: string[] = [];
  for (const key of Object.keys(attributes)) {
    if (!isPayloadKey(key)) continue;
    const value = attributes[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') pairs.push(`${key}=${String(value)}`);
  }
  return pairs.sort().join('&');
}

function isPayloadKey(key: string): boolean {
  if (key.startsWith('param.') || key.startsWith('db.query.parameter.') || key.startsWith('db.operation.parameter.')) return true;
  if (MESSAGE_KEY_ATTRIBUTES.has(key)) return true;
  if (INFRASTRUCTURE_PREFIXES.test(key)) return false;
  const last = key.split('.').pop() ?? key;
  if (PER_REQUEST_ID.test(last)) return false;
  return /(?:^|[_-])(?:id|key|ids|keys)$/i.test(last) || /[a-z](?:Id|ID|Ids|IDs|Key|Keys)$/.test(last);
}

/**
 * A statement cut to about `limit` characters that still names its table: when the table comes
 * later than that (a long column list, as ORMs write), the columns give way:
 * `SELECT … FROM "products" …`.
 */
export function statementLabel(statement: string, limit: number): string {
  if (statement.length <= limit) return statement;
  const clause = findTableClause(statement);
  if (clause === undefined || clause.end <= limit - 1) return `${statement.slice(0, limit - 1)}…`;
  const verb = /^\s*[A-Za-z]+/.exec(statement)?.[0]?.trim() ?? '';
  const named = `${verb} … ${statement.slice(clause.start, clause.end)}`;
  const rest = statement.slice(clause.end);
  return named.length + rest.length <= limit ? `${named}${rest}` : `${named} …`;
}
