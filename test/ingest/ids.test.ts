// Proves normalizeId's fast path for ids already in the model's form (exact-length lowercase hex,
// returned as they are) gives what the general rule gives: hex of the exact length lowercased,
// shorter hex padded, base64 of the exact byte count decoded, anything else refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeId, type IdKind } from '../../src/ingest/ids.ts';

/** The general rule, as normalizeId applied it before the fast path. */
function generalRule(text: string, kind: IdKind): string {
  if (text === '') return '';
  const bytes = kind === 'trace' ? 16 : 8;
  if (/^[0-9a-fA-F]+$/.test(text)) {
    if (text.length === bytes * 2) return text.toLowerCase();
    if (text.length < bytes * 2) return text.toLowerCase().padStart(bytes * 2, '0');
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const decoded = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return 'refused';
}

test('normalizeId equals the general rule for hex of every case and length, base64 and other text', () => {
  const text = fc.oneof(
    fc.stringMatching(/^[0-9a-f]{16}$/),
    fc.stringMatching(/^[0-9a-f]{32}$/),
    fc.stringMatching(/^[0-9a-fA-F]{16}$/),
    fc.stringMatching(/^[0-9a-fA-F]{32}$/),
    fc.stringMatching(/^[0-9a-fA-F]{1,34}$/),
    fc.stringMatching(/^[0-9a-f]{15}[^0-9a-f]$/),
    fc.uint8Array({ minLength: 7, maxLength: 17 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    fc.uint8Array({ minLength: 8, maxLength: 8 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.stringMatching(/^[0-9a-g:]{16}$/),
    fc.string({ maxLength: 34 }),
  );
  fc.assert(
    fc.property(text, fc.constantFrom<IdKind>('trace', 'span'), (id, kind) => {
      let actual: string;
      try {
        actual = normalizeId(id, kind, 'spanId');
      } catch {
        actual = 'refused';
      }
      assert.equal(actual, generalRule(id, kind), JSON.stringify(id));
    }),
    { numRuns: 3000 },
  );
});
