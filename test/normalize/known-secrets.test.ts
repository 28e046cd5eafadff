// Proves which environment values tbt treats as secrets: credential-named ones (tokens, passwords,
// keys) are, while the working directory and session sockets that shells set (PWD has "pwd" in
// it) are not, so paths under the project stay readable in every message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownSecretsOf } from '../../src/normalize/index.ts';

test('credential-named values are secrets; short ones and ordinary names are not', () => {
  const env = { STRIPE_API_KEY: 'sk-value-123456', DB_PASSWORD: 'hunter2-long', DB_PWD: 'pw-value-9876', GITHUB_TOKEN: 'tok-abcdef', HOME: '/root', SHORT_TOKEN: 'abc' };
  assert.deepEqual(knownSecretsOf(env).sort(), ['hunter2-long', 'pw-value-9876', 'sk-value-123456', 'tok-abcdef']);
});

test('PWD, OLDPWD and session sockets are no secrets, so paths stay readable', () => {
  const env = {
    PWD: '/work/project',
    OLDPWD: '/work',
    SSH_AUTH_SOCK: '/tmp/ssh-XXXX/agent.1',
    XAUTHORITY: '/home/me/.Xauthority',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
    XDG_SESSION_ID: 'session-42',
  };
  assert.deepEqual(knownSecretsOf(env), []);
});
