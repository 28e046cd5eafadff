// A corpus of made-up credentials that look real, and of look-alikes that are not secrets. Every
// token is built at run time from pieces and a seeded generator, so this repository holds no
// token-shaped literal (secret scanners and push protection stay quiet) and no real secret.

/** A credential as it appears in telemetry, and the part of it that must never survive. */
export interface CorpusSecret {
  readonly name: string;
  /** The text a span could carry (a value, a log line, a statement). */
  readonly text: string;
  /** The secret part; no 10-character window of it may appear in any artifact. */
  readonly secret: string;
  /**
   * What hides it: a credential shape (secret-shapes.ts) on its own, or a mask of the default
   * rules (`password=x`, `{"pwd": "x"}`), which every artifact applies too; absent for a secret a
   * test makes up that something else hides (a key rule, an environment variable's value).
   */
  readonly by?: 'shape' | 'mask';
}

/** A value that only resembles a credential; redaction must leave it as it is. */
export interface CorpusLookAlike {
  readonly name: string;
  readonly text: string;
}

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const BASE64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;
const HEX = '0123456789abcdef';

let seed = 20261204;
/** `length` characters from `alphabet`; each call continues the sequence. */
function chars(alphabet: string, length: number): string {
  const next = generator(seed++);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(Math.floor(next() * alphabet.length));
  // Random runs of mixed classes, as real tokens have; a run without a digit gets one.
  return /[0-9]/.test(out) || !/[0-9]/.test(alphabet) ? out : `${out.slice(0, -1)}7`;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const join = (...parts: string[]): string => parts.join('');

function secret(name: string, text: string, secretPart: string, by: CorpusSecret['by'] = 'shape'): CorpusSecret {
  if (!text.includes(secretPart)) throw new Error(`corpus entry ${name}: the secret part is not in its text`);
  return { name, text, secret: secretPart, by };
}

/** The same token alone and as `prefix + body`: the body is what must go. */
function token(name: string, prefix: string, body: string, around = (t: string): string => t): CorpusSecret {
  return secret(name, around(prefix + body), body);
}

function pemBody(): string {
  const lines: string[] = [join('MIIEvgIBADANBgkqhkiG9w0BAQEFAASC', chars(BASE64, 32))];
  for (let i = 0; i < 6; i++) lines.push(chars(BASE64, 64));
  return lines.join('\n');
}

function buildSecrets(): CorpusSecret[] {
  const aws = join('AK', 'IA', chars(UPPER + '234567', 16));
  const awsTemp = join('AS', 'IA', chars(UPPER + '234567', 16));
  const awsSecret = join(chars(BASE64, 18), '/', chars(BASE64, 12), '+', chars(ALNUM, 8));
  const awsSecret2 = chars(BASE64, 40);
  const pem = pemBody();
  const ecPem = [chars(BASE64, 64), chars(BASE64, 40)].join('\n');
  const saKey = pemBody();
  const saKeyId = chars(HEX, 40);
  const jwt = [b64('{"alg":"RS256","typ":"JWT","kid":"k1"}'), b64(`{"sub":"user-${chars(DIGITS, 6)}","iat":1733300000}`), chars(URLSAFE, 43)].join('.');
  const jwtHs = [b64('{"alg":"HS256"}'), b64('{"sub":"ann","role":"admin"}'), chars(URLSAFE, 43)].join('.');
  const pgPass = join('Pg', chars(ALNUM, 10), '!x');
  const mysqlPass = join(chars(ALNUM, 12), '@2');
  const redisPass = join('rd-', chars(ALNUM, 16));
  const amqpPass = chars(ALNUM, 14);
  const httpsPass = join('tok', chars(ALNUM, 14));
  const mongoPass = chars(ALNUM, 18);
  const basicUser = `svc-deploy:${join('Bs', chars(ALNUM, 14))}`;
  const bearer = join(chars(ALNUM, 20), '.', chars(URLSAFE, 12));
  const githubPat = chars(ALNUM, 36);
  const githubFine = join(chars(ALNUM, 22), '_', chars(ALNUM, 59));
  const glpat = chars(URLSAFE, 20);
  const slackBot = join(chars(DIGITS, 12), '-', chars(DIGITS, 13), '-', chars(ALNUM, 24));
  const slackUser = join(chars(DIGITS, 11), '-', chars(DIGITS, 12), '-', chars(DIGITS, 13), '-', chars(HEX, 32));
  const slackHook = join('T', chars(UPPER + DIGITS, 8), '/B', chars(UPPER + DIGITS, 10), '/', chars(ALNUM, 24));
  const stripeLive = chars(ALNUM, 99);
  const stripeTest = chars(ALNUM, 24);
  const stripeRestricted = chars(ALNUM, 32);
  const googleKey = chars(URLSAFE, 35);
  const sqlPass = join('Ora', chars(ALNUM, 9), '#1');
  const pgRolePass = join(chars(ALNUM, 12), 'x9');
  const mssqlPass = join('Ms', chars(ALNUM, 12), '$');
  const npm = chars(ALNUM, 36);
  const sendgrid = join(chars(URLSAFE, 22), '.', chars(URLSAFE, 43));
  const openai = join(chars(URLSAFE, 20), 'T3Blbk', 'FJ', chars(URLSAFE, 20));
  const anthropic = chars(URLSAFE, 93);
  const hf = chars(UPPER + LOWER, 34);
  const vault = chars(URLSAFE, 90);
  const doToken = chars(HEX, 64);
  const azure = join(chars(BASE64, 86), '==');
  const pwColon = join('Pw', chars(ALNUM, 12));
  const tokenScheme = join(chars(LOWER + DIGITS, 20), 'Z', chars(DIGITS, 4));
  const webhookSecret = chars(ALNUM, 32);
  const shopify = chars(HEX, 32);
  const ghs = chars(ALNUM, 36);
  const gho = chars(ALNUM, 36);
  const ghu = chars(ALNUM, 36);
  const ghr = chars(ALNUM, 76);
  const glptt = chars(URLSAFE, 40);
  const xapp = join('1-A', chars(UPPER + DIGITS, 10), '-', chars(DIGITS, 13), '-', chars(HEX, 64));
  const gocspx = chars(URLSAFE, 28);
  const ya29 = chars(URLSAFE, 120);

  return [
    secret('AWS access key id', aws, aws),
    secret('AWS temporary key id in a message', `assumed role with ${awsTemp} until 12:00`, awsTemp),
    secret('AWS secret key in an env line', `AWS_SECRET_ACCESS_KEY=${awsSecret}`, awsSecret),
    secret('AWS secret key in JSON', `{"AccessKeyId":"${aws}","SecretAccessKey":"${awsSecret2}"}`, awsSecret2),
    secret('AWS key pair in a log line', `credentials ${aws} ${awsSecret}`, awsSecret),
    token('GitHub classic PAT', join('gh', 'p_'), githubPat),
    token('GitHub fine-grained PAT', join('github', '_pat_'), githubFine),
    token('GitHub server-to-server token in a git URL', join('gh', 's_'), ghs, (t) => `https://x-access-token:${t}@github.com/org/repo.git`),
    token('GitHub OAuth token', join('gh', 'o_'), gho, (t) => `gh oauth ${t}`),
    token('GitHub user-to-server token', join('gh', 'u_'), ghu, (t) => `calling api with ${t}`),
    token('GitHub refresh token', join('gh', 'r_'), ghr),
    token('GitLab personal token', join('gl', 'pat-'), glpat),
    token('GitLab pipeline trigger token', join('gl', 'ptt-'), glptt, (t) => `trigger with ${t} on main`),
    token('Slack bot token', join('xo', 'xb-'), slackBot),
    token('Slack user token in a message', join('xo', 'xp-'), slackUser, (t) => `slack: posting as ${t}`),
    token('Slack app token', join('xa', 'pp-'), xapp),
    token('Slack webhook', join('https://hooks.', 'slack.com/services/'), slackHook),
    token('Stripe live secret key', join('sk', '_live_'), stripeLive),
    token('Stripe test secret key', join('sk', '_test_'), stripeTest, (t) => `stripe.charges.create failed for key ${t}`),
    token('Stripe restricted key', join('rk', '_live_'), stripeRestricted),
    token('Stripe webhook secret', join('wh', 'sec_'), webhookSecret),
    token('Google API key', join('AI', 'za'), googleKey, (t) => `https://maps.example.test/geo?q=x&gk=${t}`),
    token('Google OAuth client secret', join('GOC', 'SPX-'), gocspx),
    token('Google OAuth access token', join('ya', '29.'), ya29),
    secret('PEM RSA private key', `-----BEGIN RSA PRIVATE KEY-----\n${pem}\n-----END RSA PRIVATE KEY-----`, pem.split('\n')[2] ?? ''),
    secret('PEM EC key cut short', `key: -----BEGIN EC PRIVATE KEY-----\n${ecPem}`, ecPem.split('\n')[0] ?? ''),
    secret(
      'GCP service-account JSON',
      JSON.stringify({ type: 'service_account', project_id: 'shop-prod', private_key_id: saKeyId, private_key: `-----BEGIN PRIVATE KEY-----\n${saKey}\n-----END PRIVATE KEY-----\n`, client_email: 'ci@shop-prod.iam.example.test' }),
      saKeyId,
    ),
    secret('GCP service-account key body', JSON.stringify({ type: 'service_account', private_key: `-----BEGIN PRIVATE KEY-----\n${saKey}\n-----END PRIVATE KEY-----\n` }), (saKey.split('\n')[3] ?? '').slice(0, 40)),
    secret('JWT alone', jwt, jwt.split('.')[2] ?? ''),
    secret('JWT in a cookie line', `session=${jwtHs}; Path=/; HttpOnly`, jwtHs.split('.')[2] ?? ''),
    secret('Postgres DSN', `postgres://app:${pgPass}@db.internal:5432/shop`, pgPass),
    secret('MySQL DSN with an @ in the password', `mysql://root:${mysqlPass}@mysql:3306/app`, mysqlPass),
    secret('Redis URL without a user', `redis://:${redisPass}@cache:6379/0`, redisPass),
    secret('AMQP URL in a message', `connecting to amqp://guest:${amqpPass}@rabbit:5672/ failed`, amqpPass),
    secret('HTTPS URL userinfo', `https://deploy:${httpsPass}@registry.example.test/v2/`, httpsPass),
    secret('MongoDB SRV URL', `mongodb+srv://svc:${mongoPass}@cluster0.example.test/db?retryWrites=true`, mongoPass),
    secret('Redis AUTH', `AUTH ${redisPass}`, redisPass),
    secret('Redis AUTH with a user', `AUTH default ${amqpPass}`, amqpPass),
    secret('Redis HELLO AUTH', `HELLO 3 AUTH app ${pgRolePass}`, pgRolePass),
    secret('SQL IDENTIFIED BY', `CREATE USER 'svc'@'%' IDENTIFIED BY '${sqlPass}'`, sqlPass),
    secret('SQL IDENTIFIED BY, bare', `ALTER USER app IDENTIFIED BY ${sqlPass.replace('#', 'q')}`, sqlPass.replace('#', 'q')),
    secret('SQL PASSWORD literal', `CREATE ROLE reporting WITH LOGIN PASSWORD '${pgRolePass}'`, pgRolePass),
    secret('SQL PASSWORD =', `CREATE LOGIN app WITH PASSWORD = '${mssqlPass}'`, mssqlPass),
    secret('Bearer token in an exception', `401 from upstream: Authorization: Bearer ${bearer} rejected`, bearer),
    secret('Basic credentials in a header dump', `headers: {Authorization: Basic ${Buffer.from(basicUser).toString('base64')}}`, Buffer.from(basicUser).toString('base64')),
    secret('Token scheme', `Authorization: Token ${tokenScheme}`, tokenScheme),
    secret('password: in a log line', `db connect user=app password: ${pwColon} host=db`, pwColon),
    token('npm token', join('np', 'm_'), npm),
    token('SendGrid key', join('S', 'G.'), sendgrid),
    token('OpenAI key', join('sk', '-proj-'), openai),
    token('Anthropic key', join('sk', '-ant-', 'api03-'), anthropic),
    token('Hugging Face token', join('h', 'f_'), hf),
    token('HashiCorp Vault token', join('hv', 's.'), vault),
    token('DigitalOcean token', join('do', 'p_v1_'), doToken),
    token('Shopify access token', join('shp', 'at_'), shopify),
    secret('Azure storage connection string', `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${azure};EndpointSuffix=core.windows.net`, azure),
    // Found by a review (2026-12-07): each survived before. Fixed strings: no chars() call, so
    // the generator's later values (the look-alikes') stay as they were.
    secret('quoted password: in a log line', `config loaded: password: "${join('Quoted', 'Pw7Hy6Gt5')}"`, join('Quoted', 'Pw7Hy6Gt5')),
    secret('Cookie header line in a request dump', `GET /x HTTP/1.1\nCookie: session=${join('Cookie', 'Line4Rf5Tg6')}\nAccept: */*`, join('Cookie', 'Line4Rf5Tg6')),
    secret('X-Api-Key header line', `X-Api-Key: ${join('Tk578r', 'AfXyZ12345')}`, join('Tk578r', 'AfXyZ12345')),
    secret('password flag and its word', `mysqldump --db-password ${join('CfgCmd', 'FlagPw4Ff5')} shop`, join('CfgCmd', 'FlagPw4Ff5')),
    secret('curl user and password', `curl -u admin:${join('CuPass', '9Xx7Qw')} https://api.example.test`, join('CuPass', '9Xx7Qw')),
    secret('sshpass password', `sshpass -p ${join('SpPass', '77xQw3')} ssh deploy@host`, join('SpPass', '77xQw3')),
    secret('XML password element', `<config><password>${join('XpSecret', '55Lk9')}</password></config>`, join('XpSecret', '55Lk9')),
    secret('percent-encoded URL password', `?next=https%3A%2F%2Fbob%3A${join('PctPw3', 'Ed2Ws1')}%40b.example%2F`, join('PctPw3', 'Ed2Ws1')),
    secret('percent-encoded access token', `?next=%3Faccess_token%3D${join('Tok9Yu', '8Iy7Op')}%26x%3D1`, join('Tok9Yu', '8Iy7Op')),
    secret('quoted password with a blank', `password: "${join('hunter ', '2Qx9z')}"`, join('hunter ', '2Qx9z')),
    secret('AWS STS session token element', `<SessionToken>${join('AQoDYXdz', 'EJr1x7Yq')}</SessionToken>`, join('AQoDYXdz', 'EJr1x7Yq')),
    secret('XML password with a namespace and a type', `<wsse:Password Type="PasswordText">${join('Ws5e', 'Pw9Xq')}</wsse:Password>`, join('Ws5e', 'Pw9Xq')),
    secret('a service-specific password flag', `app --redis-password ${join('Rd5', 'Pw9Xq7')} --port 6379`, join('Rd5', 'Pw9Xq7')),
    secret('mysql -p with the password attached', `mysql -u root -h db -p${join('My5q', 'lPw9X')} shop`, join('My5q', 'lPw9X')),
    secret('percent-encoded URL password with encoded characters', `redirect=http%3A%2F%2Fuser%3A${join('p%2540s', 's9Xq')}%40host`, join('p%2540s', 's9Xq')),
    secret('authorization in JSON text', `{"authorization": "${join('JsAuth', '7Kq2Lm9')}", "user": "ann"}`, join('JsAuth', '7Kq2Lm9'), 'mask'),
    secret('passphrase in JSON text', `{"passphrase":"${join('correct horse ', 'Bx7Q')}"}`, join('correct horse ', 'Bx7Q'), 'mask'),
    secret('pwd in JSON text', `{"user":"app","pwd":"${join('JsPwd', '5Tr8Xw')}"}`, join('JsPwd', '5Tr8Xw'), 'mask'),
    secret('credentials in JSON text', `{"credentials": "${join('JsCred', '3Vb6Nm')}"}`, join('JsCred', '3Vb6Nm'), 'mask'),
    secret('password in JSON in a JSON string', `{\\"password\\":\\"${join('JsEsc', '8Hg4Df')}\\"}`, join('JsEsc', '8Hg4Df'), 'mask'),
    secret('password in a Python dict', `kwargs={'user': 'app', 'password': '${join('PyDict', '2Wq9Er')}'}`, join('PyDict', '2Wq9Er'), 'mask'),
    secret('password = in a config dump', `[db]\nhost = db\npassword = ${join('IniPw', '4Zx8Cv')}\n`, join('IniPw', '4Zx8Cv')),
    secret('session id in a URL', `https://shop.example.test/cart?session_id=${join('Sess', '9Lk3Jh7')}&page=2`, join('Sess', '9Lk3Jh7'), 'mask'),
    secret('sessionid in a URL', `/cart;sessionid=${join('Sess', '4Po8Iu2')}`, join('Sess', '4Po8Iu2'), 'mask'),
    secret('passphrase in a URL', `https://vault.example.test/unseal?passphrase=${join('Vlt', '6Yt5Re4')}`, join('Vlt', '6Yt5Re4'), 'mask'),
    secret('auth parameter in a URL', `https://hooks.example.test/notify?auth=${join('Hook', '3Mn7Bv1')}`, join('Hook', '3Mn7Bv1'), 'mask'),
    secret('password with a quote and a comma in pretty-printed JSON in a JSON string', JSON.stringify({ body: JSON.stringify({ user: 'ann', password: `ab",cd-${join('JsP', '2Wx9Qe')}` }, null, 2) }), join('JsP', '2Wx9Qe'), 'mask'),
    secret('long cookie in JSON two strings deep', JSON.stringify({ body: JSON.stringify({ log: JSON.stringify({ cookie: `sid=${join('Ck', '7Yh3Nb')}${'x'.repeat(1100)}`, user: 'ann' }) }) }), join('Ck', '7Yh3Nb'), 'mask'),
    secret('SSWS scheme in a proxy header line', `Proxy-Authorization: SSWS ${join('00aB', 'cd3Ef7Gh')}`, join('00aB', 'cd3Ef7Gh')),
    secret('DB_PASSWORD = in an environment dump', `DB_HOST = db\nDB_PASSWORD = ${join('EnvPw', '6Tg3Bh')}`, join('EnvPw', '6Tg3Bh')),
    secret('Negotiate credentials in a header line', `request headers: Authorization: Negotiate ${join('YIIGhgYGKwYB', 'BQUCoIIGejCC')}`, join('YIIGhgYGKwYB', 'BQUCoIIGejCC')),
    secret('ApiKey scheme in a header line', `Authorization: ApiKey ${join('Ak7Hd', '93kLq2Zx')}`, join('Ak7Hd', '93kLq2Zx')),
    secret('password with a quote in a Python dict', `{'password': "it's-${join('PyQ', '8Jk2Lm')}"}`, join('PyQ', '8Jk2Lm'), 'mask'),
    secret('password with a quote in JSON in a JSON string', JSON.stringify({ body: JSON.stringify({ password: `ab"cd-${join('JsQ', '4Rt7Yu')}`, user: 'ann' }) }), join('JsQ', '4Rt7Yu'), 'mask'),
    secret('Authorization header line without a scheme', `request headers: Authorization: ${join('RawKey', '8Gf2Ds5x')}`, join('RawKey', '8Gf2Ds5x')),
  ];
}

function buildLookAlikes(): CorpusLookAlike[] {
  const sha = chars(HEX, 40);
  return [
    { name: 'git sha', text: sha },
    { name: 'git sha in a message', text: `deployed ${sha} to staging` },
    { name: 'short git sha', text: `build ${sha.slice(0, 7)}` },
    { name: 'UUID', text: '3f2c9a1e-8b4d-4c7a-9e21-5d6f7a8b9c0d' },
    { name: 'trace id', text: chars(HEX, 32) },
    { name: 'span id', text: chars(HEX, 16) },
    { name: 'traceparent', text: `00-${chars(HEX, 32)}-${chars(HEX, 16)}-01` },
    { name: 'base64 of ordinary text', text: Buffer.from('the quick brown fox jumps over the lazy dog').toString('base64') },
    { name: 'base64 body', text: Buffer.from('{"items":[{"sku":"A-1","qty":2}]}').toString('base64') },
    { name: 'sha256 digest', text: `sha256:${chars(HEX, 64)}` },
    { name: 'sk_ inside a word', text: 'task_live_view rendered' },
    { name: 'sk_ as a word part', text: 'disk_test_results.csv' },
    { name: 'risk_live_ metric', text: 'risk_live_score=0.4' },
    { name: 'password column in SQL', text: 'SELECT password_hash FROM users WHERE id = ?' },
    { name: 'password placeholder in SQL', text: 'UPDATE users SET password = ? WHERE id = ?' },
    { name: 'password parameter in SQL', text: 'UPDATE users SET password = $1 WHERE id = $2' },
    { name: 'password set by a SQL function', text: "UPDATE users SET password = crypt(?, gen_salt(?)) WHERE id = ?" },
    { name: 'password set by a qualified SQL function', text: 'UPDATE users SET password = pgcrypto.gen_salt(x) WHERE id = ?' },
    { name: 'password set to NULL', text: 'UPDATE users SET password = NULL WHERE id = ?' },
    { name: 'secret flag in a log line', text: 'config: secret = false, debug = true' },
    { name: 'password from a variable', text: 'password = $password' },
    { name: 'authorization in prose with numbers', text: 'authorization: failed for user 42 after 3 attempts' },
    { name: 'oauth parameter', text: 'https://api.example.test/login?oauth=github' },
    { name: 'Authorization header named in prose', text: 'authorization: basic information missing' },
    { name: 'password named parameter', text: 'INSERT INTO users (email, password) VALUES (:email, :password)' },
    { name: 'IDENTIFIED BY placeholder', text: 'CREATE USER app IDENTIFIED BY ?' },
    { name: 'Redis AUTH already sanitized', text: 'AUTH ?' },
    { name: 'auth as a word', text: 'auth service started on port 8080' },
    { name: 'OAuth in a name', text: 'POST /oauth/token' },
    { name: 'Bearer as a word', text: 'missing Bearer authentication header' },
    { name: 'Bearer scheme named alone', text: 'WWW-Authenticate: Bearer realm="api"' },
    { name: 'basic in prose', text: 'basic information about the order' },
    { name: 'Basic with a non-credential word', text: 'Basic Authentication required' },
    { name: 'token as a word', text: 'token validation failed: expired' },
    { name: 'URL with a port', text: 'https://api.example.test:8443/v1/orders?page=2' },
    { name: 'URL with an email in the query', text: 'https://api.example.test/users?email=ann@example.test' },
    { name: 'URL with user only', text: 'ssh://git@github.com/org/repo.git' },
    { name: 'URL with a placeholder password', text: 'postgres://app:${env:DB_PASSWORD}@db:5432/shop' },
    { name: 'URL with a masked password', text: 'postgres://app:****@db:5432/shop' },
    { name: 'DSN without a password', text: 'postgres://app@db.internal:5432/shop' },
    { name: 'route with a colon', text: 'GET /v1/orders/:id' },
    { name: 'k8s pod name', text: 'checkout-7d9f8c6b5-x2k4q' },
    { name: 'AWS ARN', text: 'arn:aws:sqs:eu-west-1:123456789012:orders' },
    { name: 'AWS region and service', text: 'aws.region=eu-west-1 aws.service=dynamodb' },
    { name: 'AWS request id', text: `aws request ${'1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0C'.toLowerCase()}` },
    { name: 'Asia timezone', text: 'Asia/Tokyo' },
    { name: 'Asian market', text: 'ASIA_PACIFIC_REGION_2024' },
    { name: 'ghp as a word', text: 'ghp_is_a_prefix' },
    { name: 'glpat mention', text: 'glpat- tokens expire after 365 days' },
    { name: 'xox in a word', text: 'xoxo-gossip-girl' },
    { name: 'JWT-like but not base64 JSON', text: 'eyJunk.eyJunk.abc' },
    { name: 'header without payload', text: `${b64('{"alg":"none"}')}.payload` },
    { name: 'secret as a word', text: 'secret manager unavailable' },
    { name: 'password in prose', text: 'password reset email sent' },
    { name: 'password: placeholder', text: 'password: ****' },
    { name: 'hooks on another host', text: 'https://hooks.example.test/services/ping' },
    { name: 'semver and build', text: 'v1.24.3+build.20261204' },
    { name: 'long number', text: '123456789012345678901234567890' },
    { name: 'email address', text: 'ann.smith@example.test' },
    { name: 'Windows path', text: 'C:\\Users\\ann\\AppData\\Local\\Temp' },
    { name: 'file path with key in it', text: '/etc/ssl/certs/ca-bundle.crt' },
    { name: 'public key block', text: `-----BEGIN PUBLIC KEY-----\n${chars(BASE64, 64)}\n-----END PUBLIC KEY-----` },
    { name: 'certificate block', text: `-----BEGIN CERTIFICATE-----\n${chars(BASE64, 64)}\n-----END CERTIFICATE-----` },
    { name: 'cookie: in prose', text: 'the cookie: jar was empty' },
    { name: 'api-key header naming no key', text: 'api-key: missing' },
    { name: 'token flag with a placeholder', text: 'run with --token ${env:TOKEN}' },
    { name: 'password flag before another flag', text: 'set --password --stdin' },
    { name: 'curl -u without a password', text: 'curl -u admin https://api.example.test' },
    { name: 'XML password placeholder', text: '<password>****</password>' },
    { name: 'percent-encoded URL without a password', text: '?next=https%3A%2F%2Fb.example%2Fpath' },
    // Found by a review of the shapes above (2026-12-07): each was redacted, or hung, before.
    { name: 'OAuth redirect URI with a port', text: '/authorize?redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fauth%2Fcallback&client_id=abc' },
    { name: 'docker user and group ids', text: 'docker run -u 1000:1000 --rm worker' },
    { name: 'pagination token flag', text: 'gcloud list --page-token CAUQAA --max-token 2048' },
    { name: 'no-password switch', text: 'pg_dump --no-password shop' },
    { name: 'S3 continuation token element', text: '<NextContinuationToken>1ueGcxLPRx1Tr</NextContinuationToken>' },
    { name: 'trace id in angle brackets beside a keyword', text: `invalid token for trace <${'4bf92f3577b34da6a3ce929d0e0e4736'}>: rejected` },
    { name: 'form labels as JSON', text: '[{"label":"Password: "},{"label":"Remember me"}]' },
    { name: 'encoded redirect URI with an email in its path', text: 'redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fusers%2Fjohn%40example.com' },
    { name: 'golang-migrate with a mysql URL', text: 'migrate -database "mysql://app@tcp(db:3306)/shop" -path ./migrations up' },
    { name: 'kubectl logs of a mysql pod', text: 'kubectl logs mysql-0 -previous' },
    { name: 'curl then another command with -u', text: 'curl -o f https://x.example && tar -u a:b.tar' },
    { name: 'curl user agent', text: 'curl --user-agent=foo:bar https://x.example' },
    { name: 'next page token element', text: '<nextPageToken>abc123</nextPageToken>' },
    { name: 'JSON string ending in a flag', text: '{"args":"--token ","x":{},"y":1}' },
  ];
}

/** ~55 credential-shaped values, each with the part that must not survive. */
export const CORPUS_SECRETS: readonly CorpusSecret[] = buildSecrets();
/** The corpus secrets a credential shape hides on its own. */
export const SHAPE_SECRETS: readonly CorpusSecret[] = CORPUS_SECRETS.filter((entry) => entry.by === 'shape');

/** ~55 values that only look like credentials. */
export const CORPUS_LOOK_ALIKES: readonly CorpusLookAlike[] = buildLookAlikes();

/** The windows of a secret that must not appear: every 10-character slice (the whole when shorter). */
export function secretWindows(secretPart: string, width = 10): string[] {
  if (secretPart.length <= width) return [secretPart];
  const windows: string[] = [];
  for (let i = 0; i + width <= secretPart.length; i++) windows.push(secretPart.slice(i, i + width));
  return windows;
}

/** The corpus secrets any of whose windows appear in `text`. */
export function leakedSecrets(text: string, secrets: readonly CorpusSecret[] = CORPUS_SECRETS): CorpusSecret[] {
  return secrets.filter((entry) => secretWindows(entry.secret).some((window) => text.includes(window)));
}
