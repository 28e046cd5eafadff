// Proves that LineRedactor redacts whole lines however the pipe cut them: a secret split across
// chunks is seen whole, a PEM block is held until its END line, an unterminated last line goes out
// on flush, and a line with no end in sight is not held without bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineRedactor } from '../../src/services/line-redactor.ts';

/** A redactor that hides "hunter2-secret" and counts how often it was called. */
function recorder(): { lines: LineRedactor; out: () => string; calls: () => number } {
  let text = '';
  let calls = 0;
  const lines = new LineRedactor(
    (chunk) => {
      calls += 1;
      return chunk.replaceAll('hunter2-secret', '[REDACTED]').replace(/-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g, '[PEM]');
    },
    (chunk) => (text += chunk),
  );
  return { lines, out: () => text, calls: () => calls };
}

test('a secret cut in two by the pipe is redacted whole', () => {
  const { lines, out } = recorder();
  lines.push('password is hunter2-');
  assert.equal(out(), '', 'nothing goes out before the line ends');
  lines.push('secret ok\nnext ');
  assert.equal(out(), 'password is [REDACTED] ok\n');
  lines.push('line\n');
  assert.equal(out(), 'password is [REDACTED] ok\nnext line\n');
});

test('a PEM block is held until its END line, then redacted as one', () => {
  const { lines, out } = recorder();
  lines.push('key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n');
  assert.equal(out(), '', 'the open block and the line before it wait');
  lines.push('BKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\ndone\n');
  assert.equal(out(), 'key:\n[PEM]\ndone\n');
});

test('flush sends the unterminated last line, redacted; an empty flush sends nothing', () => {
  const { lines, out, calls } = recorder();
  lines.push('exit: hunter2-secret');
  lines.flush();
  assert.equal(out(), 'exit: [REDACTED]');
  lines.flush();
  assert.equal(calls(), 1);
});

test('a line longer than 64 KiB goes out rather than growing the buffer', () => {
  const { lines, out } = recorder();
  lines.push('x'.repeat(70 * 1024));
  assert.equal(out().length, 70 * 1024);
  lines.push('y\n');
  assert.equal(out().length, 70 * 1024 + 2);
});
