// Spans that real drivers emit depending on pool state, not on what the request did: connects
// (`pg-pool.connect`, `tcp.connect`, `dns.lookup`, a redis `connect`), and the session statements a
// driver or ORM sends on a fresh connection (`SET client_min_messages`, `SHOW`, `SELECT version()`).
// Diff treats them as optional by default; the detectors never count them as repeated calls.
import type { Attributes } from '../model/index.ts';

/** Clients whose `<client>.connect` span only says a connection was opened. */
const CONNECTING_CLIENTS =
  /^(?:pg|pg-pool|postgres|postgresql|tcp|tls|net|mysql|mysql2|mariadb|redis|ioredis|node-redis|valkey|mongodb|mongoose|amqp|amqplib|rabbitmq)[.:_-]connect$/i;
const NAME_LOOKUPS = /^dns\.(?:lookup|lookupService)$/;
/** Key-value and document stores, whose `SET` is a write, not a session setting. */
const NON_SQL_SYSTEMS = new Set(['redis', 'valkey', 'keydb', 'dragonfly', 'memcached', 'mongodb', 'cassandra', 'elasticsearch', 'opensearch', 'dynamodb', 'couchbase', 'couchdb']);
/**
 * Statements that set up a session rather than do the request's work: `SET name TO …`/`SET name
 * = …`, `SET TIME ZONE`, `SET NAMES`, `SET SESSION …` (not `SET LOCAL`, which belongs to a
 * transaction), `SHOW …`, `RESET …`, `SELECT version()` and friends, and type loading from
 * `pg_type` (node-postgres and Sequelize fetch type ids on a new connection).
 */
const SESSION_STATEMENT =
  /^\s*(?:SET\s+(?!LOCAL\b)(?:SESSION\s+)?(?:TIME\s+ZONE\b|NAMES\b|CHARACTER\s+SET\b|[\w.@"]+\s*(?:=|\bTO\b))|SHOW\s|RESET\s|SELECT\s+(?:(?:version|current_setting|current_schema|current_database)\s*\(|@@[\w.]+)|SELECT\b[^;]*\bFROM\s+(?:pg_catalog\.)?pg_type\b)/i;
/** `pg.query:SET mydb`, `SET mydb`: a session statement named by its operation, when no text is recorded. */
const SESSION_OPERATION = /^(?:[\w-]+\.query:)?(?:SET|SHOW|RESET)(?:\s|$)/i;

const STATEMENT_KEYS = ['db.query.text', 'db.statement', 'db.sql.statement', 'sql.query'] as const;

/** Anything with a name and attributes: a raw span or a canonical node. */
export interface NamedSpan {
  readonly name: string;
  readonly attributes: Attributes;
}

/** True for a connection set-up span: a connect, a DNS lookup, or a session statement. */
export function isConnectionSetup(span: NamedSpan): boolean {
  const { name, attributes } = span;
  if (CONNECTING_CLIENTS.test(name) || NAME_LOOKUPS.test(name)) return true;
  const system = attributes['db.system.name'] ?? attributes['db.system'];
  if (typeof system !== 'string') return false;
  // ioredis and others name the span `connect` and tell the client by db.system.
  if (/^(?:[\w-]+[.-])?connect$/i.test(name)) return true;
  if (NON_SQL_SYSTEMS.has(system.toLowerCase())) return false;
  for (const key of STATEMENT_KEYS) {
    const statement = attributes[key];
    if (typeof statement === 'string') return SESSION_STATEMENT.test(statement);
  }
  const operation = attributes['db.operation.name'] ?? attributes['db.operation'];
  if (typeof operation === 'string') return /^(?:SET|SHOW|RESET)$/i.test(operation);
  return SESSION_OPERATION.test(name);
}
