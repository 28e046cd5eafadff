// The built-in normalization rules: what a snapshot drops, masks and redacts when the config
// says nothing. Each has a name so `normalize: { disable: [name] }` can switch it off.
import type { NormalizeRule, NormalizeRules } from '../model/index.ts';
import { SECRET_SHAPES_VERSION } from './secret-shapes.ts';
import { HEX_ID_PATTERN, UUID_PATTERN } from './mask-ids.ts';

/** Keys whose values are SQL text, where literal masking applies. */
const SQL_KEYS = '/^(db\\.statement|db\\.query\\.text|db\\.sql\\.statement|sql\\.query)$/';
/**
 * Keys whose values carry ids after `:`, `/`, `-` or `#`: statements and cache commands, cache and
 * message keys, messaging destinations, URLs and paths, span names.
 */
const ID_KEYS =
  '/^(db\\.statement|db\\.query\\.text|db\\.sql\\.statement|sql\\.query|db\\.redis\\.key|cache\\.key|db\\.operation\\.parameter\\.key|' +
  'messaging\\.destination(\\.name)?|messaging\\.rabbitmq\\.destination\\.routing_key|messaging\\.kafka\\.message\\.key|' +
  'url\\.(full|path|original)|http\\.(url|target)|span\\.name)$/';

const mask = (name: string, key: string | undefined, pattern: string, replacement: string): NormalizeRule =>
  key === undefined
    ? { kind: 'mask', name, pattern, ignoreCase: true, replacement }
    : { kind: 'mask', name, key, pattern, ignoreCase: true, replacement };

const rules: readonly NormalizeRule[] = [
  // Secrets first: whatever else happens, these never reach a snapshot.
  // Values shaped like credentials, under any key and in every text (secret-shapes.ts).
  { kind: 'redact-shapes', name: 'redact-secret-shapes', version: SECRET_SHAPES_VERSION },
  {
    kind: 'redact',
    name: 'redact-credential-keys',
    // `auth` only as a key's last word (`x-auth`: `auth.method` is no secret), and `pass` as one
    // alone or after a word that says whose (`db.pass`, `smtp.auth.pass`; not `boarding.pass`).
    key: '/(^|[^a-z0-9])(authorization|cookies?|set-cookie|token|passwd|password|passphrase|pwd|secret|api[-_]?key|apikey|private[-_]?key|signing[-_]?key|session[-_.]?(id|key|token)|credentials?)($|[^a-z0-9])|(^|[^a-z0-9])auth$|^pass$|(^|[^a-z0-9])(db|auth|smtp|mail|user|admin|root|redis|ftp|sql|ldap|proxy)[-_.]pass$/',
  },
  // A whole `Bearer x` / `Basic x` value is one credential; `Basic Authentication required` is prose.
  { kind: 'redact', name: 'redact-auth-scheme-values', value: '^\\s*(?:(?:bearer|basic)\\s+\\S+|(?:digest|negotiate)\\s+\\S.*)\\s*$' },
  // `accessToken=`, `client_secret=`, `#access_token=`: any prefix before the unmistakable words;
  // the short ones (`code`, `sig`, `key`, `auth`) only as a whole name or after a separator (not
  // `zipcode`, `oauth`). A value ends at a backslash too: in JSON text it escapes the quote after it.
  mask('mask-credential-params', undefined,
    '((?:^|[?&;#\\s])(?:[a-z0-9_.-]*(?:token|password|passwd|passphrase|secret|api[-_]?key|apikey|credential|session[-_.]?id)|(?:[a-z0-9_.-]*[-_.])?(?:pwd|sig|signature|code|key|auth))=)[^&;#\\s"\\x27<>\\\\]+',
    '$1[REDACTED]'),
  // `Authorization: Bearer abc…` inside a longer text (a log line, an exception message).
  // A credential has a digit or a symbol in it; `basic information` and `Bearer authentication` do not.
  mask('mask-auth-scheme-in-text', undefined, '\\b(bearer|basic|digest)\\s+(?=[a-z]*(?:[0-9_~+/=-]|\\.[a-z0-9]))[a-z0-9._~+/=-]{8,}', '$1 [REDACTED]'),
  // JSON inside a string: `{"password":"…"}` in a db statement or a message, and a Python dict's
  // `{'password': '…'}` (repr quotes a value holding `'` in `"`; a bytes value is `b'…'`; the
  // value's quote escaped once more where the dict's text sits in JSON).
  mask('mask-credential-json', undefined,
    '((?<!\\\\)(["\\x27])[a-z0-9_.-]*(?:token|password|passwd|passphrase|pwd|secret|api[-_]?key|apikey|cookie|authorization|credentials?|session[-_.]?id)\\2\\s*:\\s*b?)(\\\\*["\\x27])(?:(?!\\3)(?:[^\\\\]|\\\\.))*\\3',
    '$1$3[REDACTED]$3'),
  // The same JSON escaped inside a JSON string (`{\"password\":\"…\"}`, at any depth, pretty-printed
  // or not). With r backslashes before the key's quote, the value's closing quote is a run of L
  // backslashes and a quote with L mod (2r + 2) = r; a quote inside the value, escaped once more,
  // has L mod (2r + 2) = 2r + 1, and a bare quote ends the enclosing string. Backslash runs are
  // taken whole, and a match starts only at a run's first backslash: linear time.
  mask('mask-credential-json-escaped', undefined,
    '((?<!\\\\)(\\\\+)"[a-z0-9_.-]*(?:token|password|passwd|passphrase|pwd|secret|api[-_]?key|apikey|cookie|authorization|credentials?|session[-_.]?id)\\2"\\s*:\\s*)\\2"(?:[^\\\\"]|(?!(?:\\2\\2\\\\\\\\)*\\2")\\\\+(?:"|(?!\\\\)))*(?:\\2\\2\\\\\\\\)*\\2"',
    '$1$2"[REDACTED]$2"'),
  // A placeholder (`${env:DB_PASSWORD}`, `****`) is no password: it stays, so the URL stays readable.
  mask('mask-url-userinfo', undefined, '(://[^/\\s:@]*:)(?!\\*+@|\\$\\{[^}/\\s@]*\\}@)[^/\\s@]+@', '$1[REDACTED]@'),
  // Not inside a run of token characters: one start per run, not one per `eyJ` (quadratic).
  mask('mask-jwt', undefined, '(?<![a-z0-9_-])eyJ[a-z0-9_-]{4,8192}\\.eyJ[a-z0-9_-]{4,65536}\\.[a-z0-9_-]*', '[REDACTED]'),

  // tbt's trigger span: the response headers worth a snapshot, and no raw output.
  { kind: 'keep', name: 'keep-response-content-type', key: 'tbt.response.headers.content-type' },
  { kind: 'drop', name: 'drop-response-headers', key: 'tbt.response.headers.*' },
  { kind: 'drop', name: 'drop-command-output', key: 'tbt.command.output' },

  // Volatile keys. Ports are dropped outright rather than "when ephemeral": whether a port falls
  // in the OS's ephemeral range depends on the machine, and a test that binds port 0 gets a new
  // one each run; which service was called is already in server.address and peer.service.
  {
    kind: 'drop',
    name: 'drop-network-endpoints',
    key: '/^(net\\.(peer|host|sock\\.peer|sock\\.host)\\.(port|ip|addr)|net\\.sock\\.family|network\\.(peer|local)\\.(address|port)|network\\.type|client\\.(address|port|socket\\.address|socket\\.port)|server\\.(port|socket\\.address|socket\\.port|socket\\.domain)|http\\.client_ip)$/',
  },
  { kind: 'drop', name: 'drop-user-agent', key: '/^(user_agent\\..*|http\\.user_agent|http\\.request\\.header\\.user-agent)$/' },
  { kind: 'drop', name: 'drop-thread', key: 'thread.*' },
  {
    kind: 'drop',
    name: 'drop-code-location',
    key: '/^code\\.(lineno|line\\.number|column|column\\.number|filepath|file\\.path|stacktrace)$/',
  },
  { kind: 'drop', name: 'drop-exception-stacktrace', key: 'exception.stacktrace' },
  {
    kind: 'drop',
    name: 'drop-volatile-headers',
    key: '/^(http\\.(request|response)\\.header|rpc\\.grpc\\.(request|response)\\.metadata)\\.(date|x-request-id|x-correlation-id|traceparent|tracestate|baggage|b3|x-b3-.*|x-amzn-trace-id|x-forwarded-for|x-real-ip|content-length|etag|last-modified|expires|age|if-none-match|if-modified-since|keep-alive|connection|x-envoy-.*|server-timing|x-response-time)$/',
  },
  // Sizes move with the ids and clocks inside payloads; the response body shape keeps the signal.
  {
    kind: 'drop',
    name: 'drop-payload-sizes',
    key: '/^(http\\.(request|response)_content_length.*|http\\.(request|response)\\.(body\\.)?size|messaging\\.message\\.(body|envelope)\\.size|messaging\\.message_payload_size_bytes|rpc\\.message\\.(un)?compressed_size)$/',
  },
  {
    kind: 'drop',
    name: 'drop-message-ids',
    key: '/^(messaging\\.message\\.id|messaging\\.message_id|messaging\\.message\\.conversation_id|messaging\\.kafka\\.(message\\.)?offset|messaging\\.rabbitmq\\.message\\.delivery_tag)$/',
  },
  // Resource-style keys that some exporters copy onto spans (Jaeger process tags, for one).
  {
    kind: 'drop',
    name: 'drop-resource-like',
    key: '/^(host|os|telemetry|container|k8s|cloud|otel\\.(library|scope)|process\\.(pid|parent_pid|executable|owner|runtime|command_args|command_line)|service\\.instance)(\\.|$)/',
  },

  // Volatile values. SQL first, so that literals holding ids or dates become `?`, not `'{uuid}'`.
  mask('mask-sql-strings', SQL_KEYS, "'(?:[^']|'')*'", '?'),
  mask('mask-sql-numbers', SQL_KEYS, '(?<![\\w$:.?])(?:0x[0-9a-f]+|\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)(?![\\w.])', '?'),
  mask('mask-sql-in-lists', SQL_KEYS, '\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)', 'IN (?)'),
  mask('mask-sql-values-rows', SQL_KEYS, '(\\bVALUES\\s*(\\([\\s?,]*\\)))(?:\\s*,\\s*\\2)+', '$1, ...'),
  mask('mask-uuid', undefined, UUID_PATTERN, '{uuid}'),
  mask('mask-iso-time', undefined,
    '\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?(?![\\w])',
    '{time}'),
  mask('mask-iso-date', undefined, '\\b\\d{4}-\\d{2}-\\d{2}\\b', '{date}'),
  // Hex runs count even inside a word (`order_4bf92f35…`): ids are glued to prefixes often.
  mask('mask-hex-ids', undefined, HEX_ID_PATTERN, '{hex}'),
  mask('mask-loopback-ports', undefined, '(?<![\\w.-])(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1?\\]):\\d{1,5}\\b', '$1:{port}'),
  // Last: after SQL literals became `?` and uuids, hex ids and times their placeholders.
  { kind: 'mask-ids', name: 'mask-ids', key: ID_KEYS },
];

/** The rules used when nothing is configured. */
export const DEFAULT_NORMALIZE_RULES: NormalizeRules = { rules };

/** Names of the built-in rules, for `disable:` validation and error hints. */
export const DEFAULT_RULE_NAMES: readonly string[] = rules.flatMap((rule) => (rule.name === undefined ? [] : [rule.name]));
