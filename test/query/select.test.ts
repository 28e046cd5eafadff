// Selection over span trees: Tracetest's selector semantics, tbt's additions and fixes, and a
// property that the indexed algorithm agrees with a naive pairwise reference.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CanonicalNode, CanonicalTree, SpanTree } from '../../src/model/index.ts';
import { TbtError } from '../../src/model/index.ts';
import { parseSelector, queryTree, selectCanonical, type QueryMatch } from '../../src/query/index.ts';
import { bindSelector } from '../../src/query/bind.ts';
import { ParseError } from '../../src/query/errors.ts';
import { buildTree, checkoutTree, type SpanSpec } from './support/trees.ts';

const tree = checkoutTree();

function label(match: QueryMatch): string {
  const rows = match.attributes['db.rows'];
  return rows === undefined ? match.name : `${match.name}#${String(rows)}`;
}

function names(selector: string, target: SpanTree = tree, scope = { env: {}, vars: {} }): string[] {
  return queryTree(selector, target, scope).map(label);
}

const ALL = [
  'trigger POST /checkout',
  'POST /checkout',
  'SELECT stock#1',
  'SELECT stock#0',
  'reserve',
  'charge',
  'POST /v1/charges',
  'publish shipping-queue',
  'process shipping-queue',
];

describe('Tracetest selector semantics', () => {
  it('selects every span for "" and span[] in depth-first, start-time order', () => {
    assert.deepEqual(names(''), ALL);
    assert.deepEqual(names('span[]'), ALL);
    assert.deepEqual(names('span'), ALL);
  });

  it('filters by attributes with = and contains, AND-ing filters separated by spaces or commas', () => {
    assert.deepEqual(names('span[db.system="sqlite"]'), ['SELECT stock#1', 'SELECT stock#0']);
    assert.deepEqual(names('span[service.name contains "payment"]'), ['charge', 'POST /v1/charges']);
    assert.deepEqual(names('span[service.name="payment-service" kind="client"]'), ['POST /v1/charges']);
    assert.deepEqual(names('span[service.name="payment-service", kind="client"]'), ['POST /v1/charges']);
  });

  it('treats name and kind as span properties, kind in any spelling', () => {
    assert.deepEqual(names('span[name="charge"]'), ['charge']);
    assert.deepEqual(names('span[kind="producer"]'), ['publish shipping-queue']);
    assert.deepEqual(names('span[kind="SPAN_KIND_CONSUMER"]'), ['process shipping-queue']);
  });

  it('computes tracetest.span.type, with the trigger root as general', () => {
    assert.deepEqual(names('span[tracetest.span.type="database"]'), ['SELECT stock#1', 'SELECT stock#0']);
    assert.deepEqual(names('span[tracetest.span.type="messaging"]'), ['publish shipping-queue', 'process shipping-queue']);
    assert.deepEqual(names('span[tracetest.span.type="http"]'), ['POST /checkout', 'POST /v1/charges']);
    assert.deepEqual(names('span[tracetest.span.type="general"]'), ['trigger POST /checkout', 'reserve', 'charge']);
  });

  it('matches Tracetest\'s "Tracetest trigger" name to tbt\'s trigger root', () => {
    assert.deepEqual(names('span[tracetest.span.type="general" name="Tracetest trigger"]'), ['trigger POST /checkout']);
  });

  it('uses the descendant combinator at any depth, excluding the ancestor itself', () => {
    assert.deepEqual(names('span[name="POST /checkout"] span[service.name="payment-service"]'), ['charge', 'POST /v1/charges']);
    assert.deepEqual(names('span[service.name="payment-service"] span[service.name="payment-service"]'), ['POST /v1/charges']);
    assert.deepEqual(names('span[name="trigger POST /checkout"] span[name="POST /checkout"] span[name="publish shipping-queue"] span[kind="consumer"]'), ['process shipping-queue']);
    assert.deepEqual(names('span[name="charge"] span[name="reserve"]'), []);
  });

  it('unions , groups without duplicates, in tree order', () => {
    assert.deepEqual(names('span[name="charge"], span[service.name="payment-service"], span[name="reserve"]'), ['reserve', 'charge', 'POST /v1/charges']);
  });

  it('applies :first, :last and :nth_child(n) to the step\'s matches in order', () => {
    assert.deepEqual(names('span[db.system="sqlite"]:first'), ['SELECT stock#1']);
    assert.deepEqual(names('span[db.system="sqlite"]:last'), ['SELECT stock#0']);
    assert.deepEqual(names('span[db.system="sqlite"]:nth_child(2)'), ['SELECT stock#0']);
    assert.deepEqual(names('span[db.system="sqlite"]:nth_child(3)'), []);
    assert.deepEqual(names('span[kind="server"]:first span[kind="client"]:last'), ['POST /v1/charges']);
  });

  it('reads numbers across types: "0" matches the integer 0, 200 matches "200"', () => {
    assert.deepEqual(names('span[db.rows="0"]'), ['SELECT stock#0']);
    assert.deepEqual(names('span[http.response.status_code="201"]'), ['POST /v1/charges']);
    const stringly = buildTree([{ name: 'a', attributes: { code: '200' } }, { name: 'b', attributes: { code: 200 } }, { name: 'c', attributes: { code: '200.0' } }]);
    assert.deepEqual(names('span[code=200]', stringly), ['a', 'b', 'c']);
    assert.deepEqual(names('span[code="200"]', stringly), ['a', 'b']);
  });

  it('falls back to resource attributes for a bare key; resource. and scope. address them', () => {
    assert.deepEqual(names('span[deployment.environment="test"]'), ['POST /checkout']);
    assert.deepEqual(names('span[resource.host.name="box-1"]'), ['POST /checkout']);
    assert.deepEqual(names('span[scope.name="shipping-worker-instrumentation"]'), ['process shipping-queue']);
    assert.deepEqual(names('span[scope.scope.flavour="test" service.name="tbt"]'), ['trigger POST /checkout']);
  });
});

describe('tbt additions', () => {
  it('supports != and =~', () => {
    assert.deepEqual(names('span[service.name!="api-gateway" service.name!="tbt" service.name!="inventory-service"]'), ['charge', 'POST /v1/charges', 'process shipping-queue']);
    assert.deepEqual(names('span[name=~"^POST /v\\d+/"]'), ['POST /v1/charges']);
  });

  it('compares numbers and durations with < <= > >=, exactly', () => {
    assert.deepEqual(names('span[db.rows >= 1]'), ['SELECT stock#1']);
    assert.deepEqual(names('span[tracetest.span.duration > 40ms]'), ['trigger POST /checkout', 'POST /checkout']);
    assert.deepEqual(names('span[tracetest.span.duration >= 40ms tracetest.span.duration <= 40ms]'), ['charge']);
    assert.deepEqual(names('span[tracetest.span.duration > 1.234566ms tracetest.span.duration < 1.234568ms]'), ['reserve']);
    assert.deepEqual(names('span[tracetest.span.duration = 1234567ns]'), ['reserve']);
    assert.deepEqual(names('span[payment.amount > 12.4 payment.amount < 12.6]'), ['charge']);
    assert.deepEqual(names('span[payment.retries < -0.5]'), ['charge']);
  });

  it('has > as a direct-child combinator', () => {
    assert.deepEqual(names('span[name="POST /checkout"] > span[service.name="payment-service"]'), ['charge']);
    assert.deepEqual(names('span[name="POST /checkout"]>span'), ['SELECT stock#1', 'SELECT stock#0', 'reserve', 'charge', 'publish shipping-queue']);
  });

  it('accepts quoted and dashed keys', () => {
    assert.deepEqual(names('span["x-request-id"="req-1"]'), ['POST /checkout']);
    assert.deepEqual(names('span[x-request-id="req-1"]'), ['POST /checkout']);
  });

  it('interpolates ${env:X} and ${var:X}, and names a missing variable instead of prompting', () => {
    const scope = { env: { SVC: 'payment' }, vars: { OP: 'process' } };
    assert.deepEqual(names('span[service.name="${env:SVC}-service" kind="internal"]', tree, scope), ['charge']);
    assert.deepEqual(names('span[messaging.operation="${var:OP}"]', tree, scope), ['process shipping-queue']);
    assert.throws(
      () => names('span[name="${var:NOPE}"]', tree, scope),
      (error: unknown) => error instanceof TbtError && error.kind === 'variable' && error.message.includes('var:NOPE'),
    );
  });

  it('never selects everything for an invalid selector: it throws a ParseError with the column', () => {
    for (const [selector, column] of [['span[name=charge]', 11], ['span[name="charge"', 19], ['span[name="charge"]:frist', 20], ['span:nth_child(0)', 5], ['span[x=~"("]', 9]] as const) {
      assert.throws(() => names(selector), (error: unknown) => error instanceof ParseError && error.column === column, selector);
    }
  });
});

describe('selectCanonical', () => {
  const node = (name: string, service: string, children: CanonicalNode[] = [], extra: Partial<CanonicalNode> = {}): CanonicalNode => ({
    name,
    service,
    kind: 'internal',
    attributes: {},
    status: { code: 'unset' },
    events: [],
    count: 1,
    durationMs: 2,
    concurrent: false,
    children,
    ...extra,
  });
  const retry = node('GET /rates', 'payment-service', [], { kind: 'client', count: 3, durationMs: 12.5, attributes: { 'http.request.method': 'GET' } });
  const canonical: CanonicalTree = {
    roots: [node('trigger POST /checkout', 'tbt', [node('POST /checkout', 'api-gateway', [node('charge', 'payment-service', [retry])])])],
  };

  it('returns the matched canonical nodes themselves', () => {
    const selected = selectCanonical('span[service.name="payment-service"] span[kind="client"]', canonical);
    assert.deepEqual([...selected], [retry]);
    assert.equal(selectCanonical('span[tracetest.span.duration > 12ms]', canonical).has(retry), true);
    assert.equal(selectCanonical('span[tracetest.span.duration > 12.5ms]', canonical).size, 0);
    assert.equal(selectCanonical('span[name="Tracetest trigger"]', canonical).size, 1);
  });

  it('accepts a selector parsed once, as a syntax tree or bound', () => {
    assert.deepEqual([...selectCanonical(parseSelector('span[count >= 0] > span[kind="client"]'), canonical)], []);
    assert.deepEqual([...selectCanonical(bindSelector('span[name="charge"] > span[kind="client"]'), canonical)], [retry]);
    assert.deepEqual([...selectCanonical(parseSelector('span[name="charge"] > span[kind="client"]'), canonical)], [retry]);
  });
});

// ── the indexed algorithm against a naive pairwise reference ───────────────────────────────────

const services = ['a', 'b', 'c'];
const spanNames = ['x', 'y', 'z'];

/** Random forests: span i hangs under an earlier span, or starts a new root (an orphan). */
const forestArbitrary: fc.Arbitrary<SpanSpec[]> = fc
  .array(
    fc.record({ name: fc.constantFrom(...spanNames), service: fc.constantFrom(...services), start: fc.integer({ min: 0, max: 20 }), n: fc.integer({ min: 0, max: 3 }), parent: fc.integer({ min: -1, max: 30 }) }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) => {
    const roots = rows.map((row, index) => (index === 0 || row.parent < 0 ? index : -1)).filter((index) => index >= 0);
    const build = (index: number): SpanSpec => {
      const row = rows[index] as (typeof rows)[number];
      const kids = rows.map((other, at) => ({ other, at })).filter(({ other, at }) => at > index && other.parent >= 0 && other.parent % at === index);
      return { name: row.name, service: row.service, start: row.start, attributes: { n: row.n }, children: kids.map(({ at }) => build(at)) };
    };
    return roots.map(build);
  });

const stepArbitrary = fc
  .tuple(fc.option(fc.constantFrom(...spanNames), { nil: undefined }), fc.option(fc.constantFrom(...services), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }))
  .map(([name, service, atLeast]) => ({ name, service, atLeast }));

type Step = { name: string | undefined; service: string | undefined; atLeast: number | undefined };

function stepText(step: Step): string {
  const filters = [step.name ? `name="${step.name}"` : '', step.service ? `service.name="${step.service}"` : '', step.atLeast === undefined ? '' : `n>=${step.atLeast}`].filter(Boolean);
  return `span[${filters.join(' ')}]`;
}

describe('indexed selection', () => {
  it('agrees with a naive walk over every pair of spans', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(forestArbitrary, fc.array(fc.tuple(stepArbitrary, fc.constantFrom(' ', ' > ')), { minLength: 1, maxLength: 3 }), (roots, steps) => {
        const target = buildTree(roots);
        const flat: { name: string; service: string; n: number; parent: number }[] = [];
        const walk = (nodes: SpanTree['roots'], parent: number): void => {
          for (const node of nodes) {
            const index = flat.length;
            flat.push({ name: node.span.name, service: node.span.service, n: node.span.attributes.n as number, parent });
            walk(node.children, index);
          }
        };
        walk(target.roots, -1);
        const matchesStep = (index: number, step: Step): boolean => {
          const span = flat[index] as (typeof flat)[number];
          return (step.name === undefined || span.name === step.name) && (step.service === undefined || span.service === step.service) && (step.atLeast === undefined || span.n >= step.atLeast);
        };
        let current = flat.map((_, index) => index).filter((index) => matchesStep(index, steps[0]?.[0] as Step));
        for (let position = 1; position < steps.length; position++) {
          const [step] = steps[position] as [Step, string];
          const child = steps[position - 1]?.[1] === ' > ';
          current = flat.map((_, index) => index).filter((index) => {
            if (!matchesStep(index, step)) return false;
            for (let up = (flat[index] as (typeof flat)[number]).parent; up >= 0; up = child ? -1 : (flat[up] as (typeof flat)[number]).parent) {
              if (current.includes(up)) return true;
            }
            return false;
          });
        }
        const text = steps.map(([step], position) => `${position === 0 ? '' : steps[position - 1]?.[1]}${stepText(step)}`).join('');
        const allPaths = queryTree('', target).map((match) => match.path);
        const actual = queryTree(text, target).map((match) => match.path);
        assert.deepEqual(actual, current.map((index) => allPaths[index]), text);
      }),
      { numRuns: 400 },
    );
  });
});
