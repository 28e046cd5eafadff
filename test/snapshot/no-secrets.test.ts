// A bearer token, wherever it travels in a trace, never reaches the rendered snapshot YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_RULES, normalizeFingerprint, normalizeTrace } from '../../src/normalize/index.ts';
import { renderSnapshot } from '../../src/snapshot/index.ts';
import { trace } from '../normalize/span-builder.ts';

const TOKEN = 'sk_live_51HxQz9Secret';

test('a bearer token, wherever it travels in a trace, never reaches the rendered YAML', () => {
  const { canonical } = normalizeTrace(
    trace([
      {
        id: '1',
        name: 'trigger POST /pay',
        service: 'tbt',
        kind: 'client',
        end: 50,
        attributes: {
          'http.request.method': 'POST',
          'url.full': `http://127.0.0.1:4000/pay?access_token=${TOKEN}`,
          'http.response.status_code': 200,
          'tbt.response.body': JSON.stringify({ token: TOKEN, echo: `Bearer ${TOKEN}` }),
          'tbt.response.headers': { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'set-cookie': `s=${TOKEN}` },
        },
      },
      {
        id: '2',
        parent: '1',
        name: 'POST /pay',
        service: 'api',
        kind: 'server',
        start: 1,
        end: 40,
        attributes: {
          'http.request.header.authorization': [`Bearer ${TOKEN}`],
          'rpc.grpc.request.metadata': { Authorization: `Bearer ${TOKEN}` },
          'app.forwarded': `Bearer ${TOKEN}`,
          'db.connection_string': `Server=db;Password=${TOKEN}`,
        },
        status: { code: 'error', message: `Bearer ${TOKEN}` },
        events: [{ name: 'exception', attributes: { 'exception.message': `rejected Bearer header, token=${TOKEN}`, apiKey: TOKEN } }],
      },
    ]),
    DEFAULT_NORMALIZE_RULES,
  );
  const text = renderSnapshot({ id: 'pay', test: 'pay', file: 'pay.tbt.yaml', trigger: 'POST /pay', normalize: normalizeFingerprint(DEFAULT_NORMALIZE_RULES), detectorFindings: [], tree: canonical });
  assert.ok(!text.includes(TOKEN), text);
  assert.ok(!text.includes('51HxQz9'), text);
  assert.match(text, /\[REDACTED\]/);
});
