// fast-check generators for snapshots whose values try to break YAML: strings that look like
// numbers, booleans or null, YAML indicators, line breaks, unicode, dotted and dashed keys.
import fc from 'fast-check';
import type { AttributeValue, Attributes, CanonicalEvent, CanonicalNode, LearnedFacts, Snapshot, SpanStatus } from '../../src/model/index.ts';

const tricky = [
  '200', '-1', '1e3', '0x1F', '0o17', '.5', '+1', '1_000', '.nan', '-.inf', 'true', 'False', 'null', 'Null', '~', '', ' ',
  'yes', 'no', 'on', 'a: b', 'x #y', '- item', '? q', '|', '>', '!tag', '&a', '*a', '%', '@', '`', '[x]', '{y}', ',',
  'line\nline', 'trail\n', '\n\n', ' lead', 'trail ', 'tab\t', '\r\n', '\u0085', '\u2028', '\uFEFFbom', '\u0000', '\u001b[0m',
  'é', '日本', '😀', '"', "'", '\\', '---', '...', '#', 'http.route', 'a-b.c', '__proto__', 'constructor',
  '0123abc', '1:20', '2024-05-01', '0b101', '42ms', '1_0', 'a:b', ':x', 'http://127.0.0.1:{port}/a?b=1', '/orders/:id',
  '{uuid}', 'x,y', '<empty>', 'SELECT *\n  FROM t\nWHERE a = ?', 'a\n b', 'a \nb', 'x\n', 'x\n\n', '\tx', 'a\tb', ' \n',
  'k'.repeat(1100), `${'q: '.repeat(400)}#`,
];

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...tricky));
const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom(...tricky, 'db.statement', 'x-api-version', 'a.b-c_d'));
const number = fc.oneof(fc.integer(), fc.double().map((value) => (Object.is(value, -0) ? 0 : value)), fc.constantFrom(2 ** 53 - 1, 1e21, 5e-324));

const attributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, withCrossShrink: true },
    text,
    number,
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

export const attributes: fc.Arbitrary<Attributes> = fc.dictionary(key, attributeValue, { maxKeys: 6, noNullPrototype: true });

const status: fc.Arbitrary<SpanStatus> = fc.oneof(
  fc.constantFrom<SpanStatus>({ code: 'unset' }, { code: 'ok' }, { code: 'error' }),
  fc.record({ code: fc.constantFrom('unset' as const, 'ok' as const, 'error' as const), message: text }, { noNullPrototype: true }),
);

const event: fc.Arbitrary<CanonicalEvent> = fc.record({ name: text, attributes }, { noNullPrototype: true });

const learned: fc.Arbitrary<LearnedFacts> = fc.record({
  seen: text,
  counts: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }),
  masked: fc.dictionary(key, text, { maxKeys: 3, noNullPrototype: true }),
}, { requiredKeys: [], noNullPrototype: true });

/** A learned range and its facts, or none (most nodes of a real snapshot have none). */
const learning = fc.option(fc.record({ below: fc.integer({ min: 1, max: 3 }), learned: fc.option(learned, { nil: undefined }) }, { noNullPrototype: true }), { nil: undefined });

const plainNode: fc.Arbitrary<CanonicalNode> = fc.letrec<{ node: CanonicalNode }>((tie) => ({
  node: fc.record({
    name: text,
    service: text,
    kind: fc.constantFrom('unspecified' as const, 'internal' as const, 'server' as const, 'client' as const, 'producer' as const, 'consumer' as const),
    attributes,
    status,
    events: fc.array(event, { maxLength: 2 }),
    count: fc.integer({ min: 1, max: 5 }),
    // durations are kept to the microsecond, so generate whole microseconds
    durationMs: fc.integer({ min: 0, max: 10_000_000_000 }).map((us) => us / 1000),
    concurrent: fc.boolean(),
    children: fc.oneof({ maxDepth: 3, depthIdentifier: 'tree' }, fc.constant([]), fc.array(tie('node'), { maxLength: 3 })),
  }, { noNullPrototype: true }),
})).node;

/** Nodes of which some have a learned count range (`count: 0..2`) and a `learned:` block. */
const node: fc.Arbitrary<CanonicalNode> = fc.tuple(plainNode, learning).map(([plain, extra]) => {
  if (extra === undefined) return plain;
  const minCount = Math.max(0, plain.count - extra.below);
  return minCount < plain.count ? { ...plain, minCount, ...(extra.learned === undefined ? {} : { learned: extra.learned }) } : plain;
});

export const snapshot: fc.Arbitrary<Snapshot> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 10 }),
  test: text,
  file: text,
  trigger: text,
  normalize: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 }),
  detectorFindings: fc.array(text, { maxLength: 3 }),
  tree: fc.record({ roots: fc.array(node, { maxLength: 3 }) }, { noNullPrototype: true }),
}, { noNullPrototype: true });
