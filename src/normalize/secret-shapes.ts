// Credentials recognised by their shape, wherever they occur in a text: cloud and SaaS tokens,
// private keys, passwords in DSNs and URLs, AUTH / IDENTIFIED BY / PASSWORD in statements, Bearer
// and Basic credentials. The families are those secret scanners know (gitleaks, GitHub secret
// scanning); the code is our own. Only the secret part is replaced, so a redacted DSN still says
// which database was called. Pure, and cheap on the common path: most texts are turned away by
// their length or by one pre-check before any shape's regular expression runs.

/** The marker a redacted part becomes (the same as rule-engine's REDACTED, kept here to stay leaf). */
const MARK = '[REDACTED]';

/** Bumped when the shapes change what a snapshot holds; recorded in the rules' fingerprint. */
export const SECRET_SHAPES_VERSION = 3;

interface Shape {
  readonly name: string;
  /** Lower-case substrings one of which the text must contain for the regex to be tried. */
  readonly keywords: readonly string[];
  /** A substring the text must also contain (case-sensitive), to skip the regex sooner. */
  readonly also?: string;
  readonly re: RegExp;
  /** The text that replaces one match; `undefined` keeps the match (a look-alike). */
  readonly replace: (match: string, groups: readonly (string | undefined)[]) => string | undefined;
}

/** Not in a word: what may stand before a token, so `task_live_` never reads as `sk_live_`. */
const B = '(?<![A-Za-z0-9])';
/** Nor after it. */
const E = '(?![A-Za-z0-9])';
/**
 * Not inside a run of token characters (`-` and `_` included): for tokens whose own characters
 * include them, so that a long dashed run is one place to start, not one per `sk-` in it (each
 * start scanned to the run's end: quadratic, minutes on a 1 MB value).
 */
const BT = '(?<![A-Za-z0-9_\\-])';

const whole = (): string => MARK;
/** Keeps the first group (a prefix naming the kind of token, or a key) and redacts the rest. */
const keepFirst = (_match: string, groups: readonly (string | undefined)[]): string => `${groups[0] ?? ''}${MARK}`;

/** Mixed letters and digits, as random tokens are; rules out words, pure hex ids and numbers. */
function looksRandom(text: string, minClasses = 3): boolean {
  let classes = 0;
  if (/[a-z]/.test(text)) classes++;
  if (/[A-Z]/.test(text)) classes++;
  if (/[0-9]/.test(text)) classes++;
  if (/[+/_\-.~]/.test(text)) classes++;
  return classes >= minClasses;
}

/** `dXNlcjpwYXNz` → true: Basic credentials are base64 of `user:password`. */
function isBase64UserPass(token: string): boolean {
  if (token.length < 8 || token.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return false;
  const decoded = decodeBase64(token);
  return decoded !== undefined && /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded) && decoded.indexOf(':') > 0;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to Latin-1 text without Buffer or atob (the pure core uses neither). */
function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/=+$/, '');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const char of clean) {
    const index = BASE64.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

/** A JWT's first part decodes to a JSON header naming its algorithm or type. */
function isJwtHeader(part: string): boolean {
  const decoded = decodeBase64(part.replace(/-/g, '+').replace(/_/g, '/'));
  return decoded !== undefined && /^\s*\{/.test(decoded) && /"(alg|typ|kid|enc)"/.test(decoded);
}

/** Placeholders and values already masked are not secrets: `${env:X}`, `?`, `[REDACTED]`, `****`. */
function isPlaceholder(value: string): boolean {
  const bare = value.replace(/^['"]|['"]$/g, '');
  return bare === '' || bare === '?' || bare.includes(MARK) || /^\*+$/.test(bare) || /^\$\{[^}]*\}$/.test(bare) || /^\{[a-z]+\}$/.test(bare) || /^<[^>]*>$/.test(bare) || /^:\w+$|^\$\d+$|^@\w+$/.test(bare);
}

const SHAPES: readonly Shape[] = [
  // PEM private keys, whole-line or inside JSON with `\n` escapes. The body is base64 and header
  // lines only, so a block cut short (no END line) stops at the first quote or bracket and never
  // swallows the text after it; an already redacted block (an empty body) is left as it is.
  {
    name: 'private-key-block',
    keywords: ['private key'],
    re: /(-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----)((?:[A-Za-z0-9+/=\s:,.-]|\\+[nrt])*?)(-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?=(?!\\+[nrt])[^A-Za-z0-9+/=\s:,.-]|$))/g,
    replace: (_m, [begin, body, end]) => ((body ?? '').replace(/\\+[nrt]/g, '').trim() === '' ? undefined : `${begin ?? ''}${MARK}${end ?? ''}`),
  },
  // GCP service-account JSON and OAuth client files: the key material and its id, whatever text
  // holds them, also as JSON inside a JSON string (`\"private_key\": \"…\"`): the quotes of the
  // value are found at the escape level of the key's.
  {
    name: 'service-account-json',
    keywords: ['private_key', 'client_secret', 'refresh_token'],
    re: /(?<!\\)(\\*)"(private_key_id|private_key|client_secret|refresh_token)\1"(\s*:\s*)\1"[\s\S]*?(?<!\\)\1"/g,
    replace: (_m, [escape, key, colon]) => {
      const q = `${escape ?? ''}"`;
      return `${q}${key ?? ''}${q}${colon ?? ''}${q}${MARK}${q}`;
    },
  },
  // AWS access key ids (long-term AKIA, temporary ASIA, and their kin).
  {
    name: 'aws-access-key-id',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    re: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}${E}`, 'g'),
    replace: whole,
  },
  // Beside an access key id, a lone 40-character base64 run is its secret key (never a git sha:
  // hex has too few kinds of character).
  {
    name: 'aws-secret-beside-key-id',
    keywords: ['akia', 'asia'],
    re: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    replace: (match) => (looksRandom(match) ? MARK : undefined),
  },
  // An AWS secret access key: 40 characters of base64 next to a word that says so.
  {
    name: 'aws-secret-access-key',
    keywords: ['aws', 'secret'],
    re: /((?:aws|secret)[A-Za-z0-9_.-]{0,30}["']?\s*(?:[:=]|=>|,)\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    replace: (match, [context, key]) => (key !== undefined && looksRandom(key) ? `${context ?? ''}${MARK}` : undefined),
  },
  // GitHub: classic and fine-grained personal tokens, OAuth, user-to-server, server-to-server, refresh.
  {
    name: 'github-token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    re: new RegExp(`${B}(gh[pousr]_|github_pat_)[A-Za-z0-9_]{30,255}${E}`, 'g'),
    replace: keepFirst,
  },
  // GitLab: personal, project/group, pipeline trigger, deploy, runner, CI job and feed tokens.
  {
    name: 'gitlab-token',
    keywords: ['glpat-', 'glptt-', 'gldt-', 'glrt-', 'glcbt-', 'glsoat-', 'glft-', 'glimt-', 'gr1348941'],
    re: new RegExp(`${B}(gl(?:pat|ptt|dt|rt|cbt|soat|ft|imt)-|GR1348941)[A-Za-z0-9_\\-]{20,255}`, 'g'),
    replace: keepFirst,
  },
  // Slack bot, user, app, refresh and config tokens.
  {
    name: 'slack-token',
    keywords: ['xox', 'xapp-'],
    re: new RegExp(`${B}(xox[abprse]-|xapp-)[A-Za-z0-9\\-]{10,255}`, 'g'),
    // Their numeric team and user ids put digits in every one.
    replace: (match, groups) => (/[0-9]/.test(match) ? keepFirst(match, groups) : undefined),
  },
  // A Slack incoming webhook or workflow trigger: its path is the credential.
  {
    name: 'slack-webhook',
    keywords: ['hooks.slack.com'],
    re: /(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9_/+-]{8,}/g,
    replace: keepFirst,
  },
  // Stripe secret and restricted keys, live and test, and webhook signing secrets.
  {
    name: 'stripe-key',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    re: new RegExp(`${B}((?:sk|rk)_(?:live|test)_|whsec_)[A-Za-z0-9]{10,255}${E}`, 'g'),
    replace: keepFirst,
  },
  // Google API keys, OAuth access tokens and OAuth client secrets.
  {
    name: 'google-key',
    keywords: ['aiza', 'ya29.', 'gocspx-'],
    re: new RegExp(`${B}(?:AIza[A-Za-z0-9_\\-]{35}|ya29\\.[A-Za-z0-9_\\-]{20,}|GOCSPX-[A-Za-z0-9_\\-]{20,})${E}`, 'g'),
    replace: whole,
  },
  // Other prefixed tokens scanners know: npm, PyPI, SendGrid, OpenAI, Anthropic, Hugging Face,
  // Shopify, DigitalOcean, Vault, age, Azure storage account keys.
  {
    name: 'prefixed-token',
    keywords: ['npm_', 'pypi-', 'sg.', 'sk-', 'hf_', 'shpat_', 'shpss_', 'shpca_', 'shppa_', 'dop_v1_', 'doo_v1_', 'dor_v1_', 'hvs.', 'hvb.', 'age-secret-key-', 'accountkey=', 'sharedaccesskey='],
    re: new RegExp(
      [
        `${B}(npm_)[A-Za-z0-9]{36}${E}`,
        `${BT}(pypi-)AgE[A-Za-z0-9_\\-]{50,4096}`,
        `${BT}(SG\\.)[A-Za-z0-9_\\-]{16,32}\\.[A-Za-z0-9_\\-]{16,64}`,
        `${BT}(sk-(?:ant-(?:api|admin)\\d\\d-|proj-|svcacct-|admin-)?)[A-Za-z0-9_\\-]{20,1024}T3BlbkFJ[A-Za-z0-9_\\-]{20,1024}`,
        `${BT}(sk-ant-(?:api|admin)\\d\\d-)[A-Za-z0-9_\\-]{40,4096}`,
        `${B}(hf_)[A-Za-z]{34}${E}`,
        `${B}(shp(?:at|ss|ca|pa)_)[a-fA-F0-9]{32}${E}`,
        `${B}(do[opr]_v1_)[a-f0-9]{64}${E}`,
        `${BT}(hv[sb]\\.)[A-Za-z0-9_\\-]{24,4096}`,
        `${B}(AGE-SECRET-KEY-1)[0-9A-Z]{58}${E}`,
        `((?:Account|SharedAccess)Key=)[A-Za-z0-9+/]{20,4096}={0,2}`,
      ].join('|'),
      'g',
    ),
    replace: (_m, groups) => `${groups.find((group) => group !== undefined) ?? ''}${MARK}`,
  },
  // JWTs (and JWE/JWS compact forms): header and payload both start as base64 of `{"`.
  {
    name: 'jwt',
    keywords: ['eyj'],
    re: new RegExp(`${BT}(eyJ[A-Za-z0-9_\\-]{8,8192})\\.eyJ[A-Za-z0-9_\\-]{4,65536}\\.[A-Za-z0-9_\\-]*(?:\\.[A-Za-z0-9_\\-]*){0,2}`, 'g'),
    replace: (_m, [header]) => (header !== undefined && isJwtHeader(header) ? MARK : undefined),
  },
  // The password of a URL's userinfo: `postgres://app:pw@db`, `redis://:pw@cache`, `https://u:pw@`.
  // The password runs to the last `@` before the path, and never across quotes or spaces, so a
  // URL inside JSON text cannot swallow the next field.
  {
    name: 'url-password',
    keywords: ['://'],
    also: '@',
    re: /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,32}:\/\/[^\s/?#@:"'<>\\`]*:)([^\s/?#"'<>\\`]+)@/gi,
    replace: (match, [prefix, password]) => (password === undefined || isPlaceholder(password) ? undefined : `${prefix ?? ''}${MARK}@`),
  },
  // Redis `AUTH [user] password` (and `HELLO 3 AUTH user password`): upper case where a command
  // starts (the text's start, a new line, `;`, a quote, a path or key separator); lower case only as the whole statement,
  // so `auth service started` is left alone. Arguments never cross a quote or a backslash, so the
  // rule also works inside JSON text.
  {
    name: 'redis-auth',
    keywords: ['auth'],
    also: 'AUTH',
    // `AUTH a b` at the end of a command is user and password; `AUTH a` is a password; with more
    // text after it, which word is the password is unknown, so both are hidden.
    re: /((?:^|[\n;"›>|:]|\\n)\s*(?:HELLO\s+\d+\s+)?AUTH\s+)([^\s"\\;]+)(?:([ \t]+)([^\s"\\;]+))?(?:(?=(\s*(?:$|[\n;"\\]|SETNAME\b)))|)/g,
    replace: (_m, [lead, first, gap, second, atEnd]) => {
      if (first === undefined || isPlaceholder(first)) return undefined;
      if (second === undefined) return `${lead ?? ''}${MARK}`;
      if (isPlaceholder(second)) return undefined;
      // A user name reads like one (`default`, `app`); a random first word is a password after all.
      const firstIsUser = atEnd !== undefined && first.length <= 32 && !looksRandom(first);
      return firstIsUser ? `${lead ?? ''}${first}${gap ?? ''}${MARK}` : `${lead ?? ''}${MARK}${gap ?? ''}${MARK}`;
    },
  },
  {
    name: 'redis-auth-lower',
    keywords: ['auth '],
    also: 'auth',
    re: /((?:^|")auth\s+)(?:([^\s"\\]+)(\s+))?([^\s"\\]+)(?=\s*(?:$|"))/g,
    replace: (_m, [lead, user, gap, password]) =>
      password === undefined || isPlaceholder(password) ? undefined : `${lead ?? ''}${user !== undefined ? `${user}${gap ?? ''}` : ''}${MARK}`,
  },
  // SQL: `IDENTIFIED BY 'pw'` (MySQL, Oracle; quoted or bare), `IDENTIFIED WITH plugin BY 'pw'`.
  {
    name: 'sql-identified-by',
    keywords: ['identified'],
    re: /(\bIDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+(?:PASSWORD\s+)?)('(?:[^']|'')*'|"(?:[^"]|"")*"|[^\s;,)"'\\]+)/gi,
    replace: (match, [lead, value]) => {
      if (value === undefined || isPlaceholder(value)) return undefined;
      const quote = value.startsWith("'") ? "'" : value.startsWith('"') ? '"' : '';
      return `${lead ?? ''}${quote}${MARK}${quote}`;
    },
  },
  // SQL: `PASSWORD 'pw'`, `PASSWORD = 'pw'`, `PASSWORD('pw')`: only a quoted literal, so
  // `SELECT password_hash FROM users` and `WHERE password = ?` keep their text.
  {
    name: 'sql-password-literal',
    keywords: ['password'],
    re: /((?<!["'])\bPASSWORD(?:\s*=\s*|\s*\(\s*|\s+))('(?:[^']|'')+'|"(?:[^"]|"")+")/gi,
    replace: (match, [lead, value]) => {
      if (value === undefined || isPlaceholder(value)) return undefined;
      const quote = value.charAt(0);
      return `${lead ?? ''}${quote}${MARK}${quote}`;
    },
  },
  // `password: hunter2` in a log line or a YAML-ish text (the `=` form is a credential-params mask).
  {
    name: 'password-colon',
    keywords: ['pass', 'pwd', 'secret'],
    // Quoted too (`password: "hunter 2"`, `\"hunter2\"` inside JSON text), keeping its quotes. A
    // quoted value holds none of `,:{}[]` nor a line break, so that it never runs from one JSON
    // string into the next (`"Password: "},{"`); a quoted message after `password:` goes too.
    re: /(\b(?:password|passwd|pwd|secret)\s*:\s*)(?!\/\/)("[^"'\r\n\\,:{}[\]]{3,256}"|'[^"'\r\n\\,:{}[\]]{3,256}'|\\"[^"'\r\n\\,:{}[\]]{3,256}\\"|[^\s"',;{}[\]\\]{3,})/gi,
    replace: (match, [lead, value]) => {
      if (value === undefined) return undefined;
      const quote = value.startsWith('\\"') ? '\\"' : value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : '';
      const inner = quote === '' ? value : value.slice(quote.length, -quote.length);
      return isPlaceholder(inner) ? undefined : `${lead ?? ''}${quote}${MARK}${quote}`;
    },
  },
  // `password = hunter2` in a config dump or a log line (`DB_PASSWORD = x` too, and after an
  // escaped line break in JSON text; `password=x` is a credential-params mask). A bare value must
  // be a whole word that no `(` or `.` follows: `SET password = crypt(…)` or `crypt.gen_salt(…)`
  // keep their text, as do `WHERE password = ?` (a placeholder), `SET password = NULL`, a
  // literal (`secret = true`) and a variable named like the credential (`password = $password`).
  {
    name: 'password-spaced-equals',
    keywords: ['pass', 'pwd', 'secret'],
    re: /((?:(?<![A-Za-z0-9])|(?<=\\[nrt]))(?:password|passwd|pwd|secret)[ \t]+=[ \t]*)("[^"'\r\n\\]{3,256}"|'[^"'\r\n\\]{3,256}'|[^\s"',;{}[\]\\()]{3,}(?![(\w.]))/gi,
    replace: (match, [lead, value]) => {
      if (value === undefined) return undefined;
      const quote = value.startsWith('"') || value.startsWith("'") ? value.charAt(0) : '';
      const inner = quote === '' ? value : value.slice(1, -1);
      if (isPlaceholder(inner) || /^(?:null|none|nil|true|false|undefined)$/i.test(inner) || /^\$\w*(?:pass|pwd|secret)\w*$/i.test(inner)) return undefined;
      return `${lead ?? ''}${quote}${MARK}${quote}`;
    },
  },
  // A header line inside a text (a request dump, a log line): `Cookie: sid=…` (its value holds an
  // `=` soon: `cookie: jar was empty` is prose), `X-Api-Key: …` (a token with a digit in it), an
  // `Authorization:` (or `Proxy-Authorization:`) line whole when it holds a credential (`ApiKey k1`,
  // `SSWS k1`, `Negotiate …`, a bare key: a digit in its first or second word; `authorization:
  // failed for user 42` is prose), except Bearer, Basic and Token credentials, which the
  // auth-scheme shape below redacts keeping the scheme. The
  // lookaheads are bounded: unbounded, a long line of `cookie:` was scanned once per occurrence.
  {
    name: 'credential-header-line',
    keywords: ['cookie', 'api-key', 'auth-token', 'x-auth', 'authorization'],
    re: /((?:^|[\s"'{,;]|\\[nrt])(?:(?:set-)?cookie[ \t]*:[ \t]*["']?(?=[^\r\n"'\\=]{1,256}=)|(?:x-api-key|api-key|x-auth-token|x-auth)[ \t]*:[ \t]*["']?(?=[^\s"'\\]{0,256}\d)(?=[^\s"'\\]{8})|(?:proxy-)?authorization[ \t]*:[ \t]*["']?(?!(?:bearer|basic|token)\s)(?=negotiate\s|[A-Za-z][\w.-]{0,31}[ \t]+[^\s"'\\]{0,255}\d|[^\s"'\\]{0,255}\d)(?=[^\s"'\\]{4})))([^\r\n"'\\]+)/gi,
    replace: (match, [lead, value]) => (value === undefined || isPlaceholder(value.trim()) ? undefined : `${lead ?? ''}${MARK}`),
  },
  // A credential as a command line's flag and its next word (`--password hunter2`, `--db-password
  // x`, `--redis-password x`, `--client-secret x`, `--api-key k`, `--oauth-token t`); the `=` form
  // is a credential-params mask. Not `--no-password` (a switch), nor `--page-token`, `--max-token`
  // or `--next-token` (no credentials). The word holds none of `,:{}[]`, so a JSON string that
  // ends in `--token ` never reads the next one as its value.
  {
    name: 'credential-flag',
    keywords: ['pass', 'pwd', 'token', 'secret', 'api-key', 'apikey'],
    re: /((?:^|[\s"'])--(?!(?:no|page|max|min|next|continuation|sync)-)(?:[a-z0-9]+-){0,3}(?:password|passwd|pwd|secret|api-?key|apikey|token)[ \t]+)(?!-)(["']?)([^\s"'\\,:{}[\]]{3,})\2/gi,
    replace: (match, [lead, quote, value]) => (value === undefined || isPlaceholder(value) ? undefined : `${lead ?? ''}${quote ?? ''}${MARK}${quote ?? ''}`),
  },
  // The password of a command that takes it on its command line: `curl -u user:pw` (`--user`,
  // quoted or not), `sshpass -p pw`, `mysql -ppw` (MySQL's `-p` takes it without a blank).
  {
    name: 'command-line-password',
    keywords: ['curl', 'sshpass', 'mysql'],
    // The curl window stops at the command's end (`&&`, `|`, `;`); mysql takes only its own options
    // before `-p` (`-u root`, `-h db`, `--x=y`, `-P 3306`): `mysql://…` or `mysql-0 -previous` are not it.
    re: /(\bcurl\b[^\r\n;|&]{0,512}?\s(?:-u|--user(?![\w-]))[ \t=]*(["']?)[^\s:"'\\]+:|\bsshpass[ \t]+-p[ \t]*(["']?)|\bmysql(?:dump|admin)?(?:[ \t]+(?:-[uhP][ \t]*[^\s-]\S*|--[a-z][\w-]*(?:=\S*)?)){0,8}[ \t]+-p(["']?))([^\s"'\\,:{}[\]]{3,})/g,
    replace: (match, [lead, , , , value]) => (value === undefined || isPlaceholder(value) ? undefined : `${lead ?? ''}${MARK}`),
  },
  // An XML element of a credential: `<password>…</password>`, `<wsse:Password Type="…">…`,
  // `<DbPassword>`, `<SessionToken>`, `<SecretAccessKey>`, `<apiKey>`. A name ends in the
  // credential word after at most 32 characters (bounded: one try per `<`), and pagination
  // tokens (`<NextContinuationToken>`, `<nextPageToken>`) are no secrets.
  {
    name: 'xml-credential-element',
    keywords: ['pass', 'secret', 'apikey', 'api_key', 'api-key', 'token'],
    re: /(<((?:[A-Za-z][\w.-]{0,32}:)?(?![\w-]{0,32}?(?:continuation|page|resumption|cursor|sync)[_-]?token)(?:[A-Za-z][\w-]{0,31}?)?(?:password|passwd|secret|secret_?access_?key|api[_-]?key|token))(?:\s[^<>]{0,256})?>)([^<]{3,})(<\/\2>)/gi,
    replace: (match, [open, , value, close]) => (value === undefined || isPlaceholder(value) ? undefined : `${open ?? ''}${MARK}${close ?? ''}`),
  },
  // Percent-encoded (a URL inside a query parameter): the password of `%3A%2F%2Fuser%3Apw%40host`
  // (only before its `@`: `localhost%3A3000%2Fcallback` is a port and a path) and
  // `access_token%3D…`; the plain forms are masks of the default rules.
  {
    name: 'percent-encoded-credential',
    keywords: ['%3a', '%3d'],
    re: /(%3A%2F%2F[^%\s/&]{1,256}%3A)((?:(?!%40|%2F)[^\s/&#"']){1,256})(?=%40)|((?:token|password|passwd|secret|api_?key)%3D)((?:(?!%26|%23)[^\s&#"']){1,512})/gi,
    replace: (match, [userLead, userValue, paramLead, paramValue]) => {
      const value = userValue ?? paramValue;
      return value === undefined || isPlaceholder(value) ? undefined : `${userLead ?? paramLead ?? ''}${MARK}`;
    },
  },
  // `Bearer <token>` and `Basic <base64 user:pass>` inside any text. A Bearer token must look
  // random (not `Bearer authentication`); Basic credentials must decode to `user:password`.
  {
    name: 'auth-scheme-credential',
    keywords: ['bearer', 'basic', 'token '],
    re: /(\b(?:Bearer|Basic|Token)\s+)([A-Za-z0-9._~+/-]{8,}=*)/gi,
    replace: (match, [lead, token]) => {
      if (token === undefined || isPlaceholder(token)) return undefined;
      const scheme = (lead ?? '').trim().toLowerCase();
      if (scheme === 'basic') return isBase64UserPass(token) ? `${lead ?? ''}${MARK}` : undefined;
      // `Token` is also an English word: its credential must look more random than a Bearer's.
      const random = scheme === 'token' ? looksRandom(token, 3) : looksRandom(token, 2) && !/^[a-z]+$/.test(token);
      return random ? `${lead ?? ''}${MARK}` : undefined;
    },
  },
];

const KEYWORDS = [...new Set(SHAPES.flatMap((shape) => shape.keywords))].sort((a, b) => b.length - a.length);

/**
 * One pass over every keyword at once, longest first: a text none of them occurs in is returned
 * untouched, and the keywords found say which shapes to try. A keyword found also stands for the
 * keywords inside it (`client_secret` for `secret`), since the pass does not report overlaps.
 */
const KEYWORD_SCAN = new RegExp(KEYWORDS.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'gi');

const SHAPES_BY_KEYWORD = new Map<string, readonly number[]>(
  KEYWORDS.map((keyword) => [
    keyword,
    SHAPES.flatMap((shape, index) => (shape.keywords.some((inner) => keyword.includes(inner)) ? [index] : [])),
  ]),
);

/** Shorter than this, no shape fits (`AUTH xy` is 7: a two-letter password is not worth it). */
const MIN_LENGTH = 8;

/**
 * The text with the secret part of every credential-shaped substring replaced by `[REDACTED]`;
 * the same string (identical, not a copy) when nothing was found.
 */
export function redactSecretShapes(text: string): string {
  if (text.length < MIN_LENGTH) return text;
  const found = text.match(KEYWORD_SCAN);
  if (found === null) return text;
  let out = text;
  // In catalogue order, whatever order the keywords were found in: a PEM block goes before the
  // service-account rule that would otherwise take its key whole. One keyword (a url's `://`,
  // most often) has its shapes in that order already.
  for (const index of shapesToTry(found)) {
    const shape = SHAPES[index] as Shape;
    if (shape.also !== undefined && !out.includes(shape.also)) continue;
    shape.re.lastIndex = 0;
    out = out.replace(shape.re, (match: string, ...rest: unknown[]) => {
      // `rest` is the groups, then the offset and the whole string (and named groups, never used here).
      const groups = rest.slice(0, rest.findIndex((item) => typeof item === 'number')) as (string | undefined)[];
      return shape.replace(match, groups) ?? match;
    });
  }
  return out;
}

/** The shapes the keywords found call for, each once, in catalogue order. */
function shapesToTry(found: readonly string[]): readonly number[] {
  if (found.length === 1) return SHAPES_BY_KEYWORD.get((found[0] as string).toLowerCase()) ?? [];
  const tried = new Set<number>();
  for (const keyword of found) for (const index of SHAPES_BY_KEYWORD.get(keyword.toLowerCase()) ?? []) tried.add(index);
  return [...tried].sort((a, b) => a - b);
}

/** True when the text holds something credential-shaped. */
export function hasSecretShape(text: string): boolean {
  return redactSecretShapes(text) !== text;
}
