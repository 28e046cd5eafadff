// The drift catalogue: for every finding kind, a golden tree, a mutation of it, and the exact
// list of findings that diff must return (compared whole, with deepStrictEqual).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTrees, DEFAULT_TOLERANCES } from '../../src/diff/index.ts';
import { formatPath, type CanonicalNode, type CanonicalTree, type Finding, type SpanPath } from '../../src/model/index.ts';
import { edit, span, tree } from './trees.ts';

const SHAPE = { id: 'string', total: 'number' };

function golden(parts: {
  response?: Partial<CanonicalNode>;
  gateway?: Partial<CanonicalNode>;
  insert?: CanonicalNode;
  charge?: CanonicalNode;
  reserve?: CanonicalNode;
  publish?: CanonicalNode | null;
  extra?: CanonicalNode[];
  order?: (kids: CanonicalNode[]) => CanonicalNode[];
} = {}): CanonicalTree {
  const kids = [
    parts.insert ?? INSERT,
    parts.charge ?? CHARGE,
    parts.reserve ?? RESERVE,
    ...(parts.publish === null ? [] : [parts.publish ?? PUBLISH]),
    ...(parts.extra ?? []),
  ];
  return tree(
    span('trigger POST /checkout', {
      service: 'tbt', kind: 'client',
      attributes: { 'http.response.status_code': 200, 'tbt.response.body_shape': SHAPE }, ...parts.response,
    }, [
      span('POST /checkout', {
        service: 'gateway', kind: 'server', durationMs: 80,
        attributes: { 'http.request.method': 'POST', 'http.route': '/checkout' }, ...parts.gateway,
      }, parts.order ? parts.order(kids) : kids),
    ]),
  );
}

const INSERT = span('INSERT orders', {
  service: 'orders', kind: 'client', durationMs: 5,
  attributes: { 'db.system': 'sqlite', 'db.operation': 'INSERT', 'db.params': [1, 2], 'db.options': { retry: { max: 1 } } },
});
const PROVIDER = span('POST /v1/charges', { service: 'payment', kind: 'client', durationMs: 30 });
const CHARGE = span('charge', { service: 'payment', durationMs: 40 }, [PROVIDER]);
const STOCK = span('SELECT stock', { service: 'inventory', kind: 'client', attributes: { 'db.system': 'sqlite', 'db.operation': 'SELECT' } });
const RESERVE = span('reserve', { service: 'inventory' }, [STOCK]);
const PUBLISH = span('publish shipping-queue', { service: 'gateway', kind: 'producer', attributes: { 'messaging.destination.name': 'shipping-queue' } });

const ROOT: SpanPath = [{ service: 'tbt', name: 'trigger POST /checkout' }];
const GATEWAY: SpanPath = [...ROOT, { service: 'gateway', name: 'POST /checkout' }];
const at = (base: SpanPath, ...steps: Array<[string, string]>): SpanPath => [...base, ...steps.map(([service, name]) => ({ service, name }))];
const key = (kind: string, path: SpanPath, suffix?: string): string => `${kind}:${formatPath(path)}${suffix === undefined ? '' : `:${suffix}`}`;

function check(current: CanonicalTree, expected: Finding[], base: CanonicalTree = golden()): void {
  assert.deepStrictEqual(diffTrees(base, current, { tolerances: DEFAULT_TOLERANCES }), expected);
}

test('the same tree has no drift', () => {
  check(golden(), []);
});

test('missing: a span the golden run had is gone', () => {
  const path = at(GATEWAY, ['gateway', 'publish shipping-queue']);
  check(golden({ publish: null }), [
    { kind: 'missing', severity: 'error', path, message: 'missing: ×1 → none', before: 1, after: 0, tolerance: 'exact', key: key('missing', path) },
  ]);
});

test('unexpected: a new span appears', () => {
  const path = at(GATEWAY, ['gateway', 'audit']);
  check(golden({ extra: [span('audit', { service: 'gateway' })] }), [
    { kind: 'unexpected', severity: 'error', path, message: 'unexpected: none → ×1', before: 0, after: 1, tolerance: 'exact', key: key('unexpected', path) },
  ]);
});

test('count-changed: the shipping event is published twice', () => {
  const path = at(GATEWAY, ['gateway', 'publish shipping-queue']);
  check(golden({ publish: edit(PUBLISH, { count: 2 }) }), [
    { kind: 'count-changed', severity: 'error', path, message: 'count: ×1 → ×2', before: 1, after: 2, tolerance: 'exact', key: key('count-changed', path) },
  ]);
});

test('attribute-added and attribute-removed', () => {
  const path = at(GATEWAY, ['orders', 'INSERT orders']);
  const { 'db.options': _dropped, ...rest } = INSERT.attributes;
  check(golden({ insert: edit(INSERT, { attributes: { ...rest, 'order.items': 2 } }) }), [
    {
      kind: 'attribute-removed', severity: 'error', path, message: 'attribute db.options: {"retry":{"max":1}} → none',
      before: { retry: { max: 1 } }, tolerance: 'exact', key: key('attribute-removed', path, 'db.options'),
    },
    {
      kind: 'attribute-added', severity: 'error', path, message: 'attribute order.items: none → 2',
      after: 2, tolerance: 'exact', key: key('attribute-added', path, 'order.items'),
    },
  ]);
});

test('attribute-changed: scalar, array and kvlist values, compared by value', () => {
  const path = at(GATEWAY, ['orders', 'INSERT orders']);
  const attributes = { ...INSERT.attributes, 'db.params': [1, 3], 'db.options': { retry: { max: 2 }, fast: true } };
  check(golden({ insert: edit(INSERT, { attributes }) }), [
    {
      kind: 'attribute-changed', severity: 'error', path,
      message: 'attribute db.options: {"retry":{"max":1}} → {"retry":{"max":2},"fast":true} (db.options.retry.max changed, db.options.fast added)',
      before: { retry: { max: 1 } }, after: { retry: { max: 2 }, fast: true }, tolerance: 'exact', key: key('attribute-changed', path, 'db.options'),
    },
    {
      kind: 'attribute-changed', severity: 'error', path, message: 'attribute db.params: [1,2] → [1,3] (db.params[1] changed)',
      before: [1, 2], after: [1, 3], tolerance: 'exact', key: key('attribute-changed', path, 'db.params'),
    },
  ]);
});

test('attribute-changed: a number that became a string is a change, not equal', () => {
  const path = at(GATEWAY, ['orders', 'INSERT orders']);
  check(golden({ insert: edit(INSERT, { attributes: { ...INSERT.attributes, 'db.params': '[1,2]' } }) }), [
    {
      kind: 'attribute-changed', severity: 'error', path, message: 'attribute db.params: [1,2] → "[1,2]"',
      before: [1, 2], after: '[1,2]', tolerance: 'exact', key: key('attribute-changed', path, 'db.params'),
    },
  ]);
});

test('events: an exception event that appeared is reported as the (events) pseudo-attribute', () => {
  const path = at(GATEWAY, ['payment', 'charge']);
  const events = [{ name: 'exception', attributes: { 'exception.type': 'TypeError' } }];
  check(golden({ charge: edit(CHARGE, { events }) }), [
    {
      kind: 'attribute-added', severity: 'error', path,
      message: 'events: none → exception',
      after: [{ name: 'exception', attributes: { 'exception.type': 'TypeError' } }], tolerance: 'exact',
      key: key('attribute-added', path, '(events)'),
    },
  ]);
});

test('events: the same events with other attributes say which event and attribute changed, not "A, B → A, B"', () => {
  const path = at(GATEWAY, ['payment', 'charge']);
  const retried = (driver: string, second: string): CanonicalNode['events'] => [
    { name: 'retrying', attributes: { driver } },
    { name: 'retrying', attributes: { driver: second } },
    { name: 'done', attributes: {} },
  ];
  const base = golden({ charge: edit(CHARGE, { events: retried('T1', 'T2') }) });
  check(
    golden({ charge: edit(CHARGE, { events: retried('T1', 'T9') }) }),
    [
      {
        kind: 'attribute-changed', severity: 'error', path,
        message: 'events: "retrying" (event 2 of 3) attribute driver: "T2" → "T9"',
        before: retried('T1', 'T2') as unknown as Finding['before'], after: retried('T1', 'T9') as unknown as Finding['after'], tolerance: 'exact',
        key: key('attribute-changed', path, '(events)'),
      },
    ],
    base,
  );
  const [first] = diffTrees(base, golden({ charge: edit(CHARGE, { events: retried('T5', 'T9') }) }), { tolerances: DEFAULT_TOLERANCES });
  assert.equal(first?.message, 'events: "retrying" (event 1 of 3) attribute driver: "T1" → "T5" (2 of 3 events differ)');
});

test('status-changed: OK becomes ERROR with a message', () => {
  const path = at(GATEWAY, ['payment', 'charge']);
  check(golden({ charge: edit(CHARGE, { status: { code: 'error', message: 'card declined' } }) }), [
    {
      kind: 'status-changed', severity: 'error', path, message: 'status: unset → error: card declined',
      before: 'unset', after: 'error: card declined', key: key('status-changed', path),
    },
  ]);
});

test('moved: a subtree now hangs under another parent', () => {
  const from = at(GATEWAY, ['inventory', 'reserve'], ['inventory', 'SELECT stock']);
  const path = at(GATEWAY, ['payment', 'charge'], ['inventory', 'SELECT stock']);
  check(golden({ charge: edit(CHARGE, {}, [PROVIDER, STOCK]), reserve: edit(RESERVE, {}, []) }), [
    {
      kind: 'moved', severity: 'error', path,
      message: `moved: under ${formatPath(at(GATEWAY, ['inventory', 'reserve']))} → under ${formatPath(at(GATEWAY, ['payment', 'charge']))}`,
      before: formatPath(from), after: formatPath(path), key: key('moved', path),
    },
  ]);
});

test('moved: a wrapper span appeared around an unchanged subtree', () => {
  const wrapper = span('checkout saga', { service: 'gateway' }, [CHARGE]);
  const path = at(GATEWAY, ['gateway', 'checkout saga'], ['payment', 'charge']);
  check(golden({ order: (kids) => kids.map((kid) => (kid === CHARGE ? wrapper : kid)) }), [
    {
      kind: 'unexpected', severity: 'error', path: at(GATEWAY, ['gateway', 'checkout saga']), message: 'unexpected: none → ×1',
      before: 0, after: 1, tolerance: 'exact', key: key('unexpected', at(GATEWAY, ['gateway', 'checkout saga'])),
    },
    {
      kind: 'moved', severity: 'error', path,
      message: `moved: under ${formatPath(GATEWAY)} → under ${formatPath(at(GATEWAY, ['gateway', 'checkout saga']))}`,
      before: formatPath(at(GATEWAY, ['payment', 'charge'])), after: formatPath(path), key: key('moved', path),
    },
  ]);
});

test('renamed: the identity changed, the subtree below did not', () => {
  const path = at(GATEWAY, ['payment', 'authorize']);
  check(golden({ charge: edit(CHARGE, { name: 'authorize' }) }), [
    { kind: 'renamed', severity: 'error', path, message: 'renamed: "charge" → "authorize"', before: 'charge', after: 'authorize', key: key('renamed', path) },
  ]);
});

test('order-changed: two steps that ran one after the other swapped', () => {
  const path = at(GATEWAY, ['payment', 'charge']);
  const swap = (kids: CanonicalNode[]): CanonicalNode[] => [kids[0], kids[2], kids[1], kids[3]] as CanonicalNode[];
  check(golden({ order: swap }), [
    {
      kind: 'order-changed', severity: 'error', path, message: 'order: charge now after inventory › reserve (was before)',
      before: 'before inventory › reserve', after: 'after inventory › reserve', key: key('order-changed', path, 'inventory › reserve'),
    },
  ]);
});

test('order of concurrent siblings is no fact: swapping them is no drift', () => {
  const base = golden({ reserve: edit(RESERVE, { concurrent: true }) });
  const current = golden({
    charge: edit(CHARGE, { concurrent: true }),
    order: (kids) => [kids[0], kids[2], kids[1], kids[3]] as CanonicalNode[],
  });
  check(current, [], base);
});

test('duration-exceeded: slower than ×3 + 50ms over the golden run', () => {
  const path = at(GATEWAY, ['payment', 'charge']);
  check(golden({ charge: edit(CHARGE, { durationMs: 400 }) }), [
    {
      kind: 'duration-exceeded', severity: 'warning', path, message: 'duration: 40ms → 400ms (limit 170ms)',
      before: 40, after: 400, tolerance: '×3 + 50ms', key: key('duration-exceeded', path),
    },
  ]);
  check(golden({ charge: edit(CHARGE, { durationMs: 170 }) }), []);
});

test('response-changed: the trigger response status and body shape', () => {
  const shape = { id: 'string' };
  check(golden({ response: { attributes: { 'http.response.status_code': 500, 'tbt.response.body_shape': shape } } }), [
    {
      kind: 'response-changed', severity: 'error', path: ROOT, message: 'response status: 200 → 500',
      before: 200, after: 500, tolerance: 'exact', key: key('response-changed', ROOT, 'http.response.status_code'),
    },
    {
      kind: 'response-changed', severity: 'error', path: ROOT,
      message: 'response body shape: {"id":"string","total":"number"} → {"id":"string"} (tbt.response.body_shape.total removed)',
      before: SHAPE, after: shape, tolerance: 'exact', key: key('response-changed', ROOT, 'tbt.response.body_shape'),
    },
  ]);
});
