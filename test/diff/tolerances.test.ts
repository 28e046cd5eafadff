// Tolerances: parsing the `tolerances:` section, merging it per test, and what each tolerance
// does to a drift (suppressed, never dropped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TOLERANCES,
  diffTrees,
  hasBlockingDrift,
  resolveTolerances,
  type Tolerances,
} from '../../src/diff/index.ts';
import { TbtError, type CanonicalNode, type CanonicalTree } from '../../src/model/index.ts';
import { brief, edit, span, tree } from './trees.ts';

const WHERE = { file: 'tbt.config.yaml', line: 12, column: 3 };

/** A tiny stand-in for the query stage: `span[name="x"]` and `span[service.name="x"]`. */
function selectNodes(selector: string, target: CanonicalTree): ReadonlySet<CanonicalNode> {
  const match = /^span\[(name|service\.name)="([^"]*)"\]$/.exec(selector);
  if (!match) throw new Error(`fake selector engine cannot read ${selector}`);
  const out = new Set<CanonicalNode>();
  const stack = [...target.roots];
  while (stack.length > 0) {
    const node = stack.pop() as CanonicalNode;
    if ((match[1] === 'name' ? node.name : node.service) === match[2]) out.add(node);
    stack.push(...node.children);
  }
  return out;
}

function tolerances(raw: unknown): Tolerances {
  return resolveTolerances(raw, DEFAULT_TOLERANCES, WHERE);
}

function configError(raw: unknown): TbtError {
  try {
    tolerances(raw);
  } catch (error) {
    assert.ok(error instanceof TbtError);
    return error;
  }
  assert.fail(`no error for ${JSON.stringify(raw)}`);
}

test('resolveTolerances reads the documented YAML shape', () => {
  const resolved = tolerances({
    duration: 'x3 + 50ms',
    count: '±1',
    attributes: { ignore: ['http.response.header.date'], match: { 'db.query.text': '^SELECT' }, numeric: { 'http.response.body.size': 10 } },
    rules: [
      { selector: 'span[name="charge"]', count: '1..3', allowExtraChildren: true, duration: 'off' },
      { selector: 'span[service.name="analytics"]', ignore: 'subtree' },
    ],
  });
  assert.deepStrictEqual(resolved, {
    duration: { kind: 'scaled', factor: 3, slackMs: 50 },
    count: { kind: 'delta', delta: 1 },
    attributes: { ignore: ['http.response.header.date'], match: { 'db.query.text': '^SELECT' }, numeric: { 'http.response.body.size': 10 } },
    rules: [
      { selector: 'span[name="charge"]', location: WHERE, count: { kind: 'range', min: 1, max: 3 }, allowExtraChildren: true, duration: { kind: 'off' } },
      { selector: 'span[service.name="analytics"]', location: WHERE, ignoreSubtree: true },
    ],
  });
});

test('duration tolerances: ×, x and * factors, slack units, off', () => {
  const read = (raw: unknown) => tolerances({ duration: raw }).duration;
  assert.deepStrictEqual(read('×3 + 50ms'), { kind: 'scaled', factor: 3, slackMs: 50 });
  assert.deepStrictEqual(read('x1.5+1s'), { kind: 'scaled', factor: 1.5, slackMs: 1000 });
  assert.deepStrictEqual(read('*2'), { kind: 'scaled', factor: 2, slackMs: 0 });
  assert.deepStrictEqual(read('+ 200ms'), { kind: 'scaled', factor: 1, slackMs: 200 });
  assert.deepStrictEqual(read('x2 + 500us'), { kind: 'scaled', factor: 2, slackMs: 0.5 });
  assert.deepStrictEqual(read('off'), { kind: 'off' });
  assert.deepStrictEqual(read(false), { kind: 'off' });
  for (const bad of ['3x', '50ms', 'fast', '', 'x0', 3]) {
    const error = configError({ duration: bad });
    assert.equal(error.kind, 'config');
    assert.deepStrictEqual(error.location, WHERE);
    assert.match(error.message, /tolerances\.duration/);
  }
});

test('count tolerances: exact, ±N, +-N, MIN..MAX; anything else names the key', () => {
  const read = (raw: unknown) => tolerances({ count: raw }).count;
  assert.deepStrictEqual(read('exact'), { kind: 'exact' });
  assert.deepStrictEqual(read('±2'), { kind: 'delta', delta: 2 });
  assert.deepStrictEqual(read('+-1'), { kind: 'delta', delta: 1 });
  assert.deepStrictEqual(read('0..3'), { kind: 'range', min: 0, max: 3 });
  for (const bad of ['3..1', 2, '1-3', 'many']) {
    const error = configError({ count: bad });
    assert.equal(error.kind, 'config');
    assert.match(error.message, /tolerances\.count/);
  }
});

test('bad keys and values are config errors naming the key and the location', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ durations: 'off' }, /tolerances\.durations/],
    ['off', /tolerances/],
    [{ attributes: { ignored: [] } }, /tolerances\.attributes\.ignored/],
    [{ attributes: { match: { 'db.query.text': '(' } } }, /tolerances\.attributes\.match\.db\.query\.text/],
    [{ attributes: { numeric: { size: -1 } } }, /tolerances\.attributes\.numeric\.size/],
    [{ rules: [{ count: '1..3' }] }, /tolerances\.rules\[0\]\.selector/],
    [{ rules: [{ selector: 'span', ignore: 'children' }] }, /tolerances\.rules\[0\]\.ignore/],
    [{ rules: [{ selector: 'span', allowExtraChildren: 'yes' }] }, /tolerances\.rules\[0\]\.allowExtraChildren/],
    [{ rules: [{ selector: 'span', colour: 'red' }] }, /tolerances\.rules\[0\]\.colour/],
    [{ rules: { selector: 'span' } }, /tolerances\.rules/],
  ];
  for (const [raw, key] of cases) {
    const error = configError(raw);
    assert.equal(error.kind, 'config');
    assert.deepStrictEqual(error.location, WHERE);
    assert.match(error.message, key);
    assert.ok(error.hint);
  }
});

test('a test section merges over the config: count and duration replace, lists add, rules append', () => {
  const config = tolerances({ count: '±1', attributes: { ignore: ['a'], numeric: { n: 1 } }, rules: [{ selector: 'span[name="x"]', duration: 'off' }] });
  const perTest = resolveTolerances({ duration: 'off', attributes: { ignore: ['b'], numeric: { n: 5 } }, rules: [{ selector: 'span[name="y"]', count: '0..1' }] }, config, { file: 'a.tbt.yaml' });
  assert.deepStrictEqual(perTest.count, { kind: 'delta', delta: 1 });
  assert.deepStrictEqual(perTest.duration, { kind: 'off' });
  assert.deepStrictEqual(perTest.attributes, { ignore: ['a', 'b'], match: {}, numeric: { n: 5 } });
  assert.deepStrictEqual(perTest.rules.map((rule) => rule.selector), ['span[name="x"]', 'span[name="y"]']);
  assert.equal(resolveTolerances(undefined, config, WHERE), config);
});

// A small service: a charge call with a provider request, and a database read.
const PROVIDER = span('POST /v1/charges', { service: 'payment', kind: 'client', durationMs: 30 });
const READ = span('SELECT stock', { service: 'inventory', kind: 'client', attributes: { 'db.query.text': 'SELECT 1', size: 100, date: 'Mon' } });
const CHARGE = span('charge', { service: 'payment', durationMs: 40 }, [PROVIDER]);
const RESERVE = span('reserve', { service: 'inventory' }, [READ]);
const base = (charge = CHARGE, reserve = RESERVE): CanonicalTree => tree(span('POST /checkout', { service: 'gateway' }, [charge, reserve]));

function run(current: CanonicalTree, raw: unknown): string[] {
  return brief(diffTrees(base(), current, { tolerances: tolerances(raw), selectNodes }));
}

test('count within ±N or a range is suppressed, with the tolerance that let it pass', () => {
  const twice = base(edit(CHARGE, { count: 2 }));
  const findings = diffTrees(base(), twice, { tolerances: tolerances({ count: '±1' }) });
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.suppressed, true);
  assert.equal(findings[0]?.tolerance, '±1');
  assert.equal(hasBlockingDrift(findings), false);
  const rule = { rules: [{ selector: 'span[name="charge"]', count: '1..3' }] };
  assert.deepStrictEqual(run(base(edit(CHARGE, { count: 3 })), rule), ['count-changed (suppressed): POST /checkout/charge: count: ×1 → ×3']);
  assert.deepStrictEqual(run(base(edit(CHARGE, { count: 4 })), rule), ['count-changed: POST /checkout/charge: count: ×1 → ×4']);
  assert.equal(hasBlockingDrift(diffTrees(base(), base(edit(CHARGE, { count: 4 })), { tolerances: tolerances(rule), selectNodes })), true);
});

test('attribute tolerances: ignore (with *), regex match, numeric margin', () => {
  const read = (attributes: Record<string, string | number>) => base(CHARGE, edit(RESERVE, {}, [edit(READ, { attributes })]));
  const raw = { attributes: { ignore: ['da*'], match: { 'db.query.text': '^SELECT' }, numeric: { size: 10 } } };
  const within = diffTrees(base(), read({ 'db.query.text': 'SELECT 2', size: 105, date: 'Tue' }), { tolerances: tolerances(raw) });
  assert.deepStrictEqual(
    within.map((f) => [f.kind, f.tolerance, f.suppressed]),
    [['attribute-changed', 'ignore', true], ['attribute-changed', '=~ /^SELECT/', true], ['attribute-changed', '±10', true]],
  );
  const beyond = diffTrees(base(), read({ 'db.query.text': 'DELETE', size: 120, date: 'Tue' }), { tolerances: tolerances(raw) });
  assert.deepStrictEqual(
    beyond.map((f) => [f.kind, f.tolerance, f.suppressed]),
    [['attribute-changed', '=~ /^SELECT/', undefined], ['attribute-changed', '±10', undefined], ['attribute-changed', 'ignore', true]],
  );
});

test('duration: off and wider factors keep a slowdown visible as suppressed', () => {
  const slow = base(edit(CHARGE, { durationMs: 400 }));
  const off = diffTrees(base(), slow, { tolerances: tolerances({ duration: 'off' }) });
  assert.deepStrictEqual(off.map((f) => [f.message, f.tolerance, f.suppressed]), [['duration: 40ms → 400ms', 'off', true]]);
  const wide = diffTrees(base(), slow, { tolerances: tolerances({ rules: [{ selector: 'span[name="charge"]', duration: 'x10' }] }), selectNodes });
  assert.deepStrictEqual(wide.map((f) => [f.message, f.tolerance, f.suppressed]), [['duration: 40ms → 400ms (limit 400ms)', '×10', true]]);
  assert.deepStrictEqual(diffTrees(base(), base(edit(CHARGE, { durationMs: 100 })), { tolerances: tolerances({ duration: 'off' }) }), []);
  assert.deepStrictEqual(run(base(edit(CHARGE, { durationMs: 20 })), {}), [], 'faster is never drift');
});

test('allowExtraChildren: retries under a selected span are suppressed', () => {
  const retry = span('retry backoff', { service: 'payment' });
  const current = base(edit(CHARGE, {}, [edit(PROVIDER, { count: 3 }), retry]));
  const raw = { rules: [{ selector: 'span[name="charge"]', allowExtraChildren: true }] };
  const findings = diffTrees(base(), current, { tolerances: tolerances(raw), selectNodes });
  assert.deepStrictEqual(findings.map((f) => [f.kind, f.tolerance, f.suppressed]), [
    ['count-changed', 'allowExtraChildren', true],
    ['unexpected', 'allowExtraChildren', true],
  ]);
  // Fewer children is still drift.
  assert.deepStrictEqual(run(base(edit(CHARGE, {}, [])), raw), ['missing: POST /checkout/charge/POST /v1/charges: missing: ×1 → none']);
});

test('ignore: subtree suppresses everything at and under the selected spans', () => {
  const current = base(CHARGE, edit(RESERVE, { status: { code: 'error' } }, []));
  const raw = { rules: [{ selector: 'span[service.name="inventory"]', ignore: 'subtree' }] };
  const findings = diffTrees(base(), current, { tolerances: tolerances(raw), selectNodes });
  assert.deepStrictEqual(findings.map((f) => [f.kind, f.tolerance, f.suppressed]), [
    ['status-changed', 'ignore: subtree', true],
    ['missing', 'ignore: subtree', true],
  ]);
  assert.equal(hasBlockingDrift(findings), false);
  assert.equal(hasBlockingDrift(diffTrees(base(), current, { tolerances: DEFAULT_TOLERANCES })), true);
});

test('tolerance rules without a selector engine are a wiring bug, not silently skipped', () => {
  const raw = tolerances({ rules: [{ selector: 'span[name="charge"]', count: '1..3' }] });
  assert.throws(() => diffTrees(base(), base(), { tolerances: raw }), /selectNodes/);
});
