// What tbt prints beside the canonical tree hides secrets as the tree does: ingest's warnings
// (they quote span and service names), error messages (they quote what the user gave), and the
// message of a test that could not run, in every report. Found by a review: each leaked before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { tbt, tempDir } from './helpers/cli-harness.ts';
import { otlpJson } from './helpers/trace-writers.ts';

test('a clock-skew warning redacts the credential parameters in the span names it quotes', async () => {
  const trace = otlpJson([
    { id: '00f067aa0ba902b7', name: 'GET /reset?password=SkewPw7Hy6Gt5', service: 'web', kind: 'server', start: 100, duration: 100 },
    { id: '00f067aa0ba902b8', parent: '00f067aa0ba902b7', name: 'GET /v1?api_key=SkewKey4Rf5Tg6', service: 'web', kind: 'client', start: 0, duration: 50 },
  ]);
  const { file, dispose } = await tempDir({ 'skew.json': trace });
  try {
    const result = await tbt(['show', file('skew.json')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: clock skew: .*GET \/v1\?api_key=\[REDACTED\].*GET \/reset\?password=\[REDACTED\]/);
    for (const secret of ['SkewPw7Hy6Gt5', 'SkewKey4Rf5Tg6']) assert.ok(!`${result.stdout}${result.stderr}`.includes(secret), result.stderr);
  } finally {
    await dispose();
  }
});

test('an error message redacts the credential parameters of what it quotes', async () => {
  const result = await tbt(['show', '/nowhere/trace.json?api_key=ErrKeyQa1Ws2Ed3']);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /api_key=\[REDACTED\]/);
  assert.ok(!result.stderr.includes('ErrKeyQa1Ws2Ed3'), result.stderr);
});

test("a test that could not run tells why without the secrets in its message, on the terminal and in every report", async () => {
  const { dir, file, dispose } = await tempDir({
    'tbt.config.yaml': 'tests: ["tests/*.tbt.yaml"]\nreceiver: {host: 127.0.0.1, port: 0}\nbackend: { kind: tempo, url: "tempo:3200/?api_key=CfgUrlApiKey1Ss2Dd3" }\n',
    'tests/a.tbt.yaml': 'trigger: { http: { method: GET, url: "http://127.0.0.1:9/x" } }\n',
  });
  try {
    const result = await tbt(['verify', '--reporter', 'pretty', '--reporter', `json=${file('r.json')}`, '--reporter', `junit=${file('r.xml')}`], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const json = await readFile(file('r.json'), 'utf8');
    const xml = await readFile(file('r.xml'), 'utf8');
    assert.match(json, /backend URL tempo:3200\/\?api_key=\[REDACTED\] must be http or https/);
    for (const text of [result.stdout, result.stderr, json, xml]) assert.ok(!text.includes('CfgUrlApiKey1Ss2Dd3'), text);
  } finally {
    await dispose();
  }
});

test('a selector hint whose text loses a secret drops its caret, which would point at the wrong column', async () => {
  const { file, dispose } = await tempDir({ 't.json': otlpJson([{ id: '00f067aa0ba902b7', name: 'GET /', service: 'web', kind: 'server', start: 0, duration: 10 }]) });
  try {
    const result = await tbt(['query', 'span[http.url = "https://x/?access_token=abcdef123" &&& ]', file('t.json')]);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(!result.stderr.includes('abcdef123'), result.stderr);
    assert.match(result.stderr, /access_token=\[REDACTED\]/);
    assert.doesNotMatch(result.stderr, /^\s*\^+\s*$/m);
    // Without a secret the caret stays, under the column the message names.
    const plain = await tbt(['query', 'span[http.url = "https://x/" &&& ]', file('t.json')]);
    assert.match(plain.stderr, /^\s*\^+\s*$/m);
  } finally {
    await dispose();
  }
});

test('lint and query print names, paths and status messages through the config\'s own redact: { value } rules, as the snapshot does', async () => {
  const calls = [0, 1, 2, 3, 4].map((i) => ({
    id: `00f067aa0ba90${String(i).padStart(3, '0')}`, parent: '00f067aa0ba902b7', name: 'SELECT ACME-SECRET-NAME9', service: 'api', kind: 'client' as const,
    start: 10 + i * 10, duration: 5, attributes: { 'db.system': 'postgresql', 'db.statement': `SELECT * FROM t WHERE id = ${i}` }, error: 'failed ACME-SECRET-MSG1',
  }));
  const trace = otlpJson([{ id: '00f067aa0ba902b7', name: 'GET /ACME-SECRET-ROOT1', service: 'api', kind: 'server', start: 0, duration: 100 }, ...calls]);
  const { dir, file, dispose } = await tempDir({ 't.json': trace, 'tbt.config.yaml': 'normalize:\n  redact:\n    - { value: "ACME-SECRET-[A-Z0-9]+" }\n' });
  try {
    const lint = await tbt(['lint', file('t.json')], { cwd: dir });
    assert.equal(lint.code, 1, lint.stderr);
    assert.match(lint.stdout, /new error: 5 × api \[REDACTED\] ended in ERROR \(\[REDACTED\]\)/);
    const json = await tbt(['lint', '--json', file('t.json')], { cwd: dir });
    const query = await tbt(['query', 'span[name="SELECT ACME-SECRET-NAME9"]', file('t.json')], { cwd: dir });
    assert.equal(query.code, 0, query.stderr);
    assert.match(query.stdout, /^api › \[REDACTED\] › \[REDACTED\] {2}\(client\)$/m);
    for (const result of [lint, json, query]) assert.doesNotMatch(`${result.stdout}${result.stderr}`, /ACME-SECRET/);
  } finally {
    await dispose();
  }
});

test('tbt check --trace prints what failing specs observed through the config\'s redact rules and its env: secrets', async () => {
  const trace = otlpJson([{ id: '00f067aa0ba902b7', name: 'op ACME-SECRET-2222', service: 'api', kind: 'server', start: 0, duration: 100,
    attributes: { note: 'ACME-SECRET-1111', sig: 'SIGVALUE111', login: 'login cfgsecretpass42 ok' } }]);
  const { dir, dispose } = await tempDir({
    't.json': trace,
    'tbt.config.yaml': 'tests: [t.tbt.yaml]\nenv: { SERVICE_PASSWORD: cfgsecretpass42 }\nnormalize:\n  redact: [sig, { value: "ACME-SECRET-[0-9]+" }]\n',
    't.tbt.yaml': 'trigger:\n  traceid: { id: "5b8efff798038103d269b633813fc60c" }\nspecs:\n  - selector: span\n    assertions:\n      - attr:note = "x"\n      - attr:sig = "x"\n      - attr:login = "x"\n      - attr:name = "x"\n',
  });
  try {
    const result = await tbt(['check', 't.tbt.yaml', '--trace', 't.json'], { cwd: dir });
    assert.equal(result.code, 1, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /observed "\[REDACTED\]"/);
    for (const secret of ['ACME-SECRET', 'SIGVALUE111', 'cfgsecretpass42']) assert.ok(!`${result.stdout}${result.stderr}`.includes(secret), `${secret}: ${result.stdout}`);
  } finally {
    await dispose();
  }
});

test('show, diff and lint hide the credential-named values of the environment and of the config\'s env:, escaped ones too', async () => {
  const trace = (note: string) => otlpJson([{ id: '00f067aa0ba902b7', name: 'GET /x', service: 'api', kind: 'server', start: 0, duration: 100, attributes: { note }, error: 'bad cfgsecretpass42' }]);
  const { dir, file, dispose } = await tempDir({
    'a.json': trace('login cfgsecretpass42 with Xy\\9kq!z7 ok'),
    'b.json': trace('login cfgsecretpass42 with Xy\\9kq!z7 now'),
    'tbt.config.yaml': 'env: { SERVICE_PASSWORD: cfgsecretpass42 }\n',
  });
  try {
    const env = { DB_PASSWORD: 'Xy\\9kq!z7' };
    const results = [
      await tbt(['show', file('a.json')], { cwd: dir, env }),
      await tbt(['show', '--snapshot', file('a.json')], { cwd: dir, env }),
      await tbt(['diff', file('a.json'), file('b.json')], { cwd: dir, env }),
      await tbt(['diff', '--json', file('a.json'), file('b.json')], { cwd: dir, env }),
      await tbt(['lint', file('a.json')], { cwd: dir, env }),
    ];
    assert.match(results[0]?.stdout ?? '', /note: "login \[REDACTED\] with \[REDACTED\] ok"/);
    for (const result of results) {
      const text = `${result.stdout}${result.stderr}`;
      assert.ok(!text.includes('cfgsecretpass42') && !text.includes('9kq!z7'), text);
    }
  } finally {
    await dispose();
  }
});
