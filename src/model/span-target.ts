// What a span's call goes to (the URL path, the DB table and operation, the RPC method, the queue),
// read from its semantic-convention attributes. The one home of that reading: paths (and through
// them diff's sibling labels and report's snapshot lines) and detect's call signatures all take it
// from here. Two readings differ on purpose, and keep their exact outputs: a path's *display*
// target (short, for people) and a *call* target (every spelling of the attributes, for grouping
// calls); each says which keys it reads.
import type { AttributeValue, Attributes } from './attributes.ts';

/** The full URL of an HTTP call, newest semconv first. */
const URL_KEYS = ['url.full', 'http.url'] as const;
/** Where a display target finds an HTTP path: a template names the route as the code wrote it. */
const DISPLAY_PATH_KEYS = ['url.template', 'url.path', 'http.target'] as const;
/** Where a call target finds an HTTP path when there is no full URL. */
const CALL_PATH_KEYS = ['url.path', 'http.target', 'http.path', 'http.route'] as const;
/** The statement a display target reads its table from. */
const DISPLAY_STATEMENT_KEYS = ['db.query.text', 'db.statement', 'db.sql.statement', 'sql.query'] as const;
/** The statement a call target shapes (Cassandra's driver records its own key). */
const CALL_STATEMENT_KEYS = ['db.query.text', 'db.statement', 'sql.query', 'cassandra.query'] as const;
/** The table or collection a span names outright. */
const DISPLAY_COLLECTION_KEYS = ['db.collection.name', 'db.sql.table'] as const;
const CALL_COLLECTION_KEYS = ['db.collection.name', 'db.sql.table', 'db.mongodb.collection'] as const;
const DB_SYSTEM_KEYS = ['db.system.name', 'db.system'] as const;
const DB_OPERATION_KEYS = ['db.operation.name', 'db.operation'] as const;
const RPC_SYSTEM_KEYS = ['rpc.system.name', 'rpc.system'] as const;
/** Zipkin/Brave messaging tags, which name the destination but not the system. */
const BRAVE_MESSAGING: readonly (readonly [string, string])[] = [
  ['kafka.topic', 'kafka'],
  ['rabbitmq.exchange', 'rabbitmq'],
  ['rabbitmq.queue', 'rabbitmq'],
  ['jms.queue', 'jms'],
  ['jms.topic', 'jms'],
];
const MESSAGING_DESTINATION_KEYS = ['messaging.destination.name', 'messaging.destination', ...BRAVE_MESSAGING.map(([key]) => key)] as const;

/**
 * The first of `keys` that holds a non-empty value, as text (numbers and booleans too): how a call
 * target reads attributes, so that `db.system: ""` is as good as absent.
 */
export function attributeText(attributes: Attributes, ...keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value: AttributeValue | undefined = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return undefined;
}

// ---- display targets: what a path prints after a span's name -------------------------------

/**
 * What a path prints after a span's name when the name alone does not tell it from look-alike
 * siblings: the path of a span named by a bare method (`POST` → `/charges`), and the table of a DB
 * span whose name lacks it (`pg.query:SELECT shop` → `(products)`). Undefined otherwise.
 */
export function displayTarget(name: string, attributes: Attributes): string | undefined {
  if (/^[A-Z]+$/.test(name)) {
    // The first key present wins, even when its value is empty or not text (then no HTTP target).
    const recorded = DISPLAY_PATH_KEYS.map((key) => attributes[key]).find((value) => value !== undefined);
    const target = recorded ?? pathOfUrl(URL_KEYS.map((key) => attributes[key]).find((value) => value !== undefined));
    if (typeof target === 'string' && target !== '') return target.split('?')[0] ?? target;
  }
  return dbDisplayTarget(name, attributes);
}

/** `POST /charges`: a span's name followed by its display target, as paths and diff labels print it. */
export function nameWithTarget(name: string, target: string | undefined): string {
  return target === undefined ? name : `${name} ${target}`;
}

/**
 * `(products)` or `(SELECT products)`: the table and operation of a DB span, for names that do
 * not already say them (stock pg spans are named `pg.query:SELECT <database>`). Undefined when
 * the name holds the table, or no table is known.
 */
function dbDisplayTarget(name: string, attributes: Attributes): string | undefined {
  if (DB_SYSTEM_KEYS.every((key) => attributes[key] === undefined)) return undefined;
  let statement: string | undefined;
  for (const key of DISPLAY_STATEMENT_KEYS) {
    const value = attributes[key];
    if (typeof value === 'string') {
      statement = value;
      break;
    }
  }
  const collection = DISPLAY_COLLECTION_KEYS.map((key) => attributes[key]).find((value) => value !== undefined);
  const table = typeof collection === 'string' && collection !== '' ? collection : statement === undefined ? undefined : findTableClause(statement)?.table;
  if (table === undefined) return undefined;
  const words = new Set(name.toLowerCase().split(/[^\w$]+/));
  if (words.has(table.toLowerCase())) return undefined;
  const declared = DB_OPERATION_KEYS.map((key) => attributes[key]).find((value) => value !== undefined);
  const operation = typeof declared === 'string' ? declared : statement === undefined ? undefined : SQL_VERB.exec(statement)?.[1]?.toUpperCase();
  return operation === undefined || words.has(operation.toLowerCase()) ? `(${table})` : `(${operation} ${table})`;
}

/** `/v1/charges` from `https://payments.example.test/v1/charges?x=1` (masked URLs included). */
function pathOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)/i.exec(url)?.[1];
}

// ---- call targets: what detect groups outbound calls by -----------------------------------

/** An HTTP call's target: host and path (no query, no port), and the raw text it was read from. */
export interface HttpCallTarget {
  /** Upper-case method, from the attributes or, failing that, a name that starts with one. */
  readonly method: string | undefined;
  readonly host: string;
  /** `/orders/42`, without the query; '' when unknown. */
  readonly path: string;
  /** The full URL, or the path as recorded; '' when neither is. */
  readonly raw: string;
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/** Where an HTTP call went, or undefined when the span records no URL, path or method. */
export function httpCallTarget(name: string, attributes: Attributes): HttpCallTarget | undefined {
  const fullUrl = attributeText(attributes, ...URL_KEYS);
  const rawPath = attributeText(attributes, ...CALL_PATH_KEYS);
  const nameVerb = name.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  const method = attributeText(attributes, 'http.request.method', 'http.method')?.toUpperCase() ?? (HTTP_METHODS.has(nameVerb) ? nameVerb : undefined);
  if (fullUrl === undefined && rawPath === undefined && method === undefined) return undefined;
  let host = attributeText(attributes, 'server.address', 'net.peer.name', 'http.host', 'peer.service') ?? '';
  let path = rawPath ?? '';
  let raw = rawPath ?? '';
  if (fullUrl !== undefined) {
    raw = fullUrl;
    const parsed = parseUrl(fullUrl);
    if (parsed) {
      host = parsed.hostname;
      path = parsed.pathname;
    }
  }
  path = path.split('?')[0] ?? '';
  if (path !== '' && !path.startsWith('/')) path = `/${path}`;
  return { method, host, path, raw };
}

function parseUrl(value: string): { hostname: string; pathname: string } | undefined {
  try {
    const url = new URL(value);
    return { hostname: url.hostname, pathname: url.pathname };
  } catch {
    return undefined;
  }
}

/** A DB call's target as recorded: the statement, and the system, operation and collection. */
export interface DbCallTarget {
  readonly statement: string | undefined;
  /** `postgresql`; `cassandra` or `sql` when the span does not say. */
  readonly system: string;
  readonly operation: string | undefined;
  readonly collection: string | undefined;
}

/** True when a span records a database call (a system or a statement). */
export function isDbCall(attributes: Attributes): boolean {
  return attributeText(attributes, ...DB_SYSTEM_KEYS, ...CALL_STATEMENT_KEYS) !== undefined;
}

export function dbCallTarget(attributes: Attributes): DbCallTarget {
  return {
    statement: attributeText(attributes, ...CALL_STATEMENT_KEYS),
    system: attributeText(attributes, ...DB_SYSTEM_KEYS) ?? (attributes['cassandra.query'] !== undefined ? 'cassandra' : 'sql'),
    operation: attributeText(attributes, ...DB_OPERATION_KEYS),
    collection: attributeText(attributes, ...CALL_COLLECTION_KEYS),
  };
}

/** An RPC call's system and `service/method`, or undefined when the span records neither system nor method. */
export function rpcCallTarget(name: string, attributes: Attributes): { readonly system: string | undefined; readonly target: string } | undefined {
  const system = attributeText(attributes, ...RPC_SYSTEM_KEYS);
  const method = attributeText(attributes, 'rpc.method');
  if (system === undefined && method === undefined) return undefined;
  const service = attributeText(attributes, 'rpc.service');
  const target = service !== undefined && method !== undefined && !method.includes('/') ? `${service}/${method}` : (method ?? service ?? name);
  return { system, target };
}

/** The messaging system of a span (`kafka`), from semconv or Brave's tags; undefined for non-messaging spans. */
export function messagingSystem(attributes: Attributes): string | undefined {
  return attributeText(attributes, 'messaging.system') ?? BRAVE_MESSAGING.find(([key]) => attributes[key] !== undefined)?.[1];
}

/**
 * Where a message went: the destination's template when the span records one (already free of
 * ids), else its raw name ('' when none; the caller masks ids in it).
 */
export function messagingDestination(attributes: Attributes): { readonly template: string } | { readonly name: string } {
  const template = attributeText(attributes, 'messaging.destination.template');
  return template !== undefined ? { template } : { name: attributeText(attributes, ...MESSAGING_DESTINATION_KEYS) ?? '' };
}

// ---- SQL -------------------------------------------------------------------------------------

const IDENTIFIER = '(?:"[^"]+"|`[^`]+`|\\[[^\\]]+\\]|[A-Za-z_][\\w$]*)';
/** The first table a statement reads or writes: after FROM, INTO, UPDATE, JOIN or TABLE. */
const TABLE_CLAUSE = new RegExp(`\\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\\s+(${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})*)`, 'i');
const SQL_VERB = /^\s*([A-Za-z]+)\b/;

/** Where a statement names its first table: the clause `FROM "shop"."products"` and the bare name. */
export interface TableClause {
  /** `products`: the table's own name, unquoted, without its schema. */
  readonly table: string;
  /** Index of the keyword (FROM, INTO, UPDATE, JOIN, TABLE). */
  readonly start: number;
  /** Index just past the table's name. */
  readonly end: number;
}

/** The first table a statement reads or writes, or undefined when it names none. */
export function findTableClause(statement: string): TableClause | undefined {
  const match = TABLE_CLAUSE.exec(statement);
  if (!match?.[1]) return undefined;
  const last = match[1].split('.').pop()?.trim() ?? '';
  const table = last.replace(/^["`[]|["`\]]$/g, '');
  return table === '' ? undefined : { table, start: match.index, end: match.index + match[0].length };
}
