// explainDrift: new detector findings become the diagnosis of the diff finding they explain (counts, appearances, errors, slowness), and the rest are appended once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, explainDrift } from '../../src/detect/index.ts';
import type { DetectorFinding, Finding, FindingKind, SpanPath } from '../../src/model/index.ts';
import { canonTree, matchingOf } from './support/canonical.ts';

const p = (...names: string[]): SpanPath => names.map((name) => ({ service: 'svc', name }));
const diff = (kind: FindingKind, path: SpanPath, extra: Partial<Finding> = {}): Finding => ({ kind, severity: 'error', path, message: kind, ...extra });
const detector = (kind: DetectorFinding['kind'], path: SpanPath, key: string, span?: string): DetectorFinding => ({
  kind,
  severity: kind === 'fan-out' ? 'info' : 'warning',
  path,
  message: `${kind} diagnosis`,
  key,
  evidence: { rule: kind, ...(span ? { span: { service: 'svc', name: span } } : {}) },
});
const empty = { current: canonTree(), matching: matchingOf(canonTree(), canonTree()) };

test('a new call-group finding becomes the diagnosis of the count change of its span', () => {
  const count = diff('count-changed', p('root', 'GET /x', 'SELECT stock'));
  const other = diff('count-changed', p('root', 'GET /x', 'SELECT price'));
  const result = explainDrift({
    diffFindings: [other, count],
    detectorFindings: [detector('n-plus-one', p('root', 'GET /x'), 'k1', 'SELECT stock')],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.deepEqual(result.map((finding) => finding.diagnosis), [undefined, 'n-plus-one diagnosis']);
});

test('a detector finding the golden run had is not drift', () => {
  const result = explainDrift({
    diffFindings: [],
    detectorFindings: [detector('n-plus-one', p('root'), 'known', 'q'), detector('retry', p('root'), 'new', 'q')],
    goldenFindingKeys: ['known'],
    ...empty,
  });
  assert.deepEqual(result.map((finding) => finding.key), ['new']);
});

test('new findings that explain no diff finding are appended, once', () => {
  const result = explainDrift({
    diffFindings: [diff('attribute-changed', p('root', 'q'))],
    detectorFindings: [detector('duplicate-call', p('root'), 'k', 'q')],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.deepEqual(result.map((finding) => finding.kind), ['attribute-changed', 'duplicate-call']);
});

test('an appearance is explained when no count changed; ids in names do not prevent matching', () => {
  const result = explainDrift({
    diffFindings: [diff('unexpected', p('root', 'GET /users/{id}'))],
    detectorFindings: [detector('duplicate-call', p('root'), 'k', 'GET /users/42')],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.deepEqual(result.map((finding) => [finding.kind, finding.diagnosis]), [['unexpected', 'duplicate-call diagnosis']]);
});

test('without evidence, only a sole candidate under the parent is taken', () => {
  const bare: Finding = { kind: 'duplicate-call', severity: 'warning', path: p('root'), message: 'bare', key: 'k' };
  const one = explainDrift({ diffFindings: [diff('count-changed', p('root', 'a'))], detectorFindings: [bare], goldenFindingKeys: [], ...empty });
  assert.equal(one[0]?.diagnosis, 'bare');
  const two = explainDrift({
    diffFindings: [diff('count-changed', p('root', 'a')), diff('count-changed', p('root', 'b'))],
    detectorFindings: [bare],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.deepEqual(two.map((finding) => finding.kind), ['count-changed', 'count-changed', 'duplicate-call']);
});

test('a new error explains the deepest status change at its span or above', () => {
  const result = explainDrift({
    diffFindings: [diff('status-changed', p('root')), diff('status-changed', p('root', 'charge')), diff('status-changed', p('root', 'other'))],
    detectorFindings: [detector('new-error', p('root', 'charge', 'POST'), 'e')],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.deepEqual(result.map((finding) => finding.diagnosis), [undefined, 'new-error diagnosis', undefined]);
});

test('diagnoses join an existing one, and a tolerated (suppressed) change still absorbs its diagnosis', () => {
  const result = explainDrift({
    diffFindings: [diff('count-changed', p('root', 'q'), { diagnosis: 'earlier', suppressed: true })],
    detectorFindings: [detector('retry', p('root'), 'r', 'q'), detector('n-plus-one', p('root'), 'n', 'q')],
    goldenFindingKeys: [],
    ...empty,
  });
  assert.equal(result.length, 1);
  assert.equal(result[0]?.diagnosis, 'earlier; retry diagnosis; n-plus-one diagnosis');
  assert.equal(result[0]?.suppressed, true);
});

test('a duration finding gets the slowness locus, unless the rule is off', () => {
  const golden = canonTree({ name: 'root', service: 'svc', durationMs: 50, children: [{ name: 'call', service: 'svc', durationMs: 40 }] });
  const current = canonTree({ name: 'root', service: 'svc', durationMs: 350, children: [{ name: 'call', service: 'svc', durationMs: 340 }] });
  const input = { diffFindings: [diff('duration-exceeded', p('root'))], detectorFindings: [], goldenFindingKeys: [], current, matching: matchingOf(golden, current) };
  assert.equal(explainDrift(input)[0]?.diagnosis, 'slowness locus: svc › root › call, whose self time grew 40ms → 340ms, +300ms');
  const config = { ...DEFAULT_DETECTOR_CONFIG, slownessLocus: { ...DEFAULT_DETECTOR_CONFIG.slownessLocus, enabled: false } };
  assert.equal(explainDrift({ ...input, config })[0]?.diagnosis, undefined);
});

test('an N+1 among look-alike pg siblings diagnoses the count that grew, and paths tell the tables apart', async () => {
  const { synthTree } = await import('./support/trees.ts');
  const { runDetectors } = await import('../../src/detect/index.ts');
  const { canonicalize, DEFAULT_NORMALIZE_RULES } = await import('../../src/normalize/index.ts');
  const { diffTreesWithMatching, resolveTolerances, DEFAULT_TOLERANCES } = await import('../../src/diff/index.ts');
  const { formatPath } = await import('../../src/model/index.ts');
  // Stock pg spans: named after the database, the table only in the statement.
  const query = (table: string, at: number) => ({
    name: 'pg.query:SELECT shop',
    service: 'inventory',
    kind: 'client' as const,
    start: at,
    end: at + 2,
    attributes: { 'db.system': 'postgresql', 'db.name': 'shop', 'db.statement': `SELECT "id", "sku", "name", "price_cents", "created_at", "updated_at" FROM "${table}" AS "Row" WHERE "Row"."sku" = $1` },
  });
  const run = (products: number, stock: number) =>
    synthTree({
      name: 'POST /reservations', service: 'inventory', kind: 'server', start: 0, end: 100,
      children: [
        ...Array.from({ length: products }, (_, i) => query('products', 1 + i * 3)),
        ...Array.from({ length: stock }, (_, i) => query('stock', 20 + i * 3)),
      ],
    });
  const goldenRaw = run(1, 1);
  const currentRaw = run(2, 4);
  const golden = canonicalize(goldenRaw, DEFAULT_NORMALIZE_RULES);
  const current = canonicalize(currentRaw, DEFAULT_NORMALIZE_RULES);
  const tolerances = resolveTolerances({ duration: 'off' }, DEFAULT_TOLERANCES, { file: 't' });
  const { findings: diffFindings, matching } = diffTreesWithMatching(golden, current, { tolerances });
  assert.deepEqual(diffFindings.map((finding) => `${formatPath(finding.path)}: ${finding.message}`), [
    'inventory › POST /reservations › pg.query:SELECT shop (products): count: ×1 → ×2',
    'inventory › POST /reservations › pg.query:SELECT shop (stock): count: ×1 → ×4',
  ]);
  assert.equal(new Set(diffFindings.map((finding) => finding.key)).size, 2, 'two findings, two keys');
  const result = explainDrift({
    diffFindings,
    detectorFindings: runDetectors(currentRaw, DEFAULT_DETECTOR_CONFIG),
    goldenFindingKeys: runDetectors(goldenRaw, DEFAULT_DETECTOR_CONFIG).flatMap((finding) => (finding.key === undefined ? [] : [finding.key])),
    current,
    matching,
  });
  assert.equal(result[0]?.diagnosis, undefined);
  // The label keeps the table, though the column list is longer than a line.
  const diagnosis = result[1]?.diagnosis ?? '';
  assert.ok(diagnosis.startsWith('N+1: 4 sequential identical postgresql SELECT … FROM "stock" AS "Row" WHERE "Row"."sku" = ? calls under'), diagnosis);
});

test('among look-alikes with one path, the N+1 explains the count that grew to its size, not the first', () => {
  const first = diff('count-changed', p('root', 'GET /x', 'SELECT'), { before: 1, after: 2 });
  const grown = diff('count-changed', p('root', 'GET /x', 'SELECT'), { before: 1, after: 4 });
  const n1: DetectorFinding = { ...detector('n-plus-one', p('root', 'GET /x'), 'k', 'SELECT'), evidence: { rule: 'n-plus-one', span: { service: 'svc', name: 'SELECT' }, count: 4 } };
  const result = explainDrift({ diffFindings: [first, grown], detectorFindings: [n1], goldenFindingKeys: [], ...empty });
  assert.deepEqual(result.map((finding) => finding.diagnosis), [undefined, 'n-plus-one diagnosis']);
});
