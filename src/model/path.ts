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

/**
 * The path segment of a span or canonical node, with its display target when its name does not
 * tell it from look-alike siblings: the path of a span named by a bare method (`POST /charges`),
 * and the table of a DB span whose name lacks it (`pg.query:SELECT shop (products)`).
 */
export function pathSegmentOf(span: { readonly service: string; readonly name: string; readonly attributes: Attributes }): PathSegment {
  if (/^[A-Z]+$/.test(span.name)) {
    const target = span.attributes['url.template'] ?? span.attributes['url.path'] ?? span.attributes['http.target'] ?? pathOfUrl(span.attributes['url.full'] ?? span.attributes['http.url']);
    if (typeof target === 'string' && target !== '') return { service: span.service, name: span.name, target: target.split('?')[0] ?? target };
  }
  const table = dbTarget(span.name, span.attributes);
  if (table !== undefined) return { service: span.service, name: span.name, target: table };
  return { service: span.service, name: span.name };
}

const STATEMENT_KEYS = ['db.query.text', 'db.statement', 'db.sql.statement', 'sql.query'] as const;
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

/**
 * `(products)` or `(SELECT products)`: the table and operation of a DB span, for names that do
 * not already say them (stock pg spans are named `pg.query:SELECT <database>`). Undefined when
 * the name holds the table, or no table is known.
 */
function dbTarget(name: string, attributes: Attributes): string | undefined {
  if (attributes['db.system'] === undefined && attributes['db.system.name'] === undefined) return undefined;
  let statement: string | undefined;
  for (const key of STATEMENT_KEYS) {
    const value = attributes[key];
    if (typeof value === 'string') {
      statement = value;
      break;
    }
  }
  const collection = attributes['db.collection.name'] ?? attributes['db.sql.table'];
  const table = typeof collection === 'string' && collection !== '' ? collection : statement === undefined ? undefined : findTableClause(statement)?.table;
  if (table === undefined) return undefined;
  const words = new Set(name.toLowerCase().split(/[^\w$]+/));
  if (words.has(table.toLowerCase())) return undefined;
  const declared = attributes['db.operation.name'] ?? attributes['db.operation'];
  const operation = typeof declared === 'string' ? declared : statement === undefined ? undefined : SQL_VERB.exec(statement)?.[1]?.toUpperCase();
  return operation === undefined || words.has(operation.toLowerCase()) ? `(${table})` : `(${operation} ${table})`;
}

/** `/v1/charges` from `https://payments.example.test/v1/charges?x=1` (masked URLs included). */
function pathOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)/i.exec(url)?.[1];
}
