// Hand-built verdicts for report tests: a checkout whose shipping event is published twice
// (count 1 → 2), a slower payment, a changed SQL statement, plus a passing and an erroring test.
import type {
  AssertionResult,
  CanonicalNode,
  CanonicalTree,
  Finding,
  RunSummary,
  SpanKind,
  Verdict,
} from '../../src/model/index.ts';

interface NodeSpec {
  service: string;
  name: string;
  kind?: SpanKind;
  attributes?: CanonicalNode['attributes'];
  durationMs?: number;
  count?: number;
  concurrent?: boolean;
  error?: boolean;
  children?: CanonicalNode[];
}

export function node(spec: NodeSpec): CanonicalNode {
  return {
    name: spec.name,
    service: spec.service,
    kind: spec.kind ?? 'internal',
    attributes: spec.attributes ?? {},
    status: spec.error === true ? { code: 'error', message: 'boom' } : { code: 'unset' },
    events: [],
    count: spec.count ?? 1,
    durationMs: spec.durationMs ?? 1,
    concurrent: spec.concurrent ?? false,
    children: spec.children ?? [],
  };
}

interface CheckoutVariant {
  shippingCount: number;
  paymentMs: number;
  insertStatement: string;
}

export function checkoutTree(variant: CheckoutVariant): CanonicalTree {
  const orders = node({
    service: 'order-service', name: 'POST /orders', kind: 'server', durationMs: 18,
    attributes: { 'http.request.method': 'POST', 'http.route': '/orders' },
    children: [
      node({ service: 'order-service', name: 'INSERT orders', kind: 'client', durationMs: 3,
        attributes: { 'db.system': 'sqlite', 'db.statement': variant.insertStatement } }),
    ],
  });
  const payments = node({
    service: 'payment-service', name: 'POST /payments', kind: 'server', durationMs: variant.paymentMs,
    attributes: { 'http.request.method': 'POST', 'http.route': '/payments' },
    children: [
      node({ service: 'payment-service', name: 'POST', kind: 'client', durationMs: variant.paymentMs - 5,
        attributes: { 'http.request.method': 'POST', 'server.address': 'payments.example', 'http.response.status_code': 200 } }),
    ],
  });
  const inventory = node({
    service: 'inventory-service', name: 'POST /reserve', kind: 'server', durationMs: 9, concurrent: true,
    attributes: { 'http.request.method': 'POST', 'http.route': '/reserve' },
    children: [
      node({ service: 'inventory-service', name: 'SELECT stock', kind: 'client', durationMs: 2, count: 2,
        attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT qty FROM stock WHERE sku = ?' } }),
    ],
  });
  const publish = node({
    service: 'shipping-service', name: 'publish shipping-queue', kind: 'producer', durationMs: 2,
    count: variant.shippingCount,
    attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'shipping-queue' },
    children: [
      node({ service: 'shipping-worker', name: 'process shipping-queue', kind: 'consumer', durationMs: 4,
        attributes: { 'messaging.system': 'kafka', 'messaging.operation': 'process' } }),
    ],
  });
  const gateway = node({
    service: 'api-gateway', name: 'POST /checkout', kind: 'server',
    durationMs: 30 + variant.paymentMs,
    attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200 },
    children: [orders, payments, inventory, publish],
  });
  return {
    roots: [
      node({ service: 'tbt', name: 'trigger POST /checkout', kind: 'client', durationMs: 35 + variant.paymentMs,
        attributes: { 'http.response.status_code': 200 }, children: [gateway] }),
    ],
  };
}

export const goldenTree = checkoutTree({ shippingCount: 1, paymentMs: 40, insertStatement: 'INSERT INTO orders (id, total) VALUES (?, ?)' });
export const currentTree = checkoutTree({ shippingCount: 2, paymentMs: 400, insertStatement: 'INSERT INTO orders (id, total, note) VALUES (?, ?, ?)' });

const gatewaySeg = { service: 'api-gateway', name: 'POST /checkout' };
export const shippingPath = [gatewaySeg, { service: 'shipping-service', name: 'publish shipping-queue' }];
export const paymentPath = [gatewaySeg, { service: 'payment-service', name: 'POST /payments' }];
export const insertPath = [gatewaySeg, { service: 'order-service', name: 'POST /orders' }, { service: 'order-service', name: 'INSERT orders' }];
export const stockPath = [gatewaySeg, { service: 'inventory-service', name: 'POST /reserve' }, { service: 'inventory-service', name: 'SELECT stock' }];

export const driftFindings: Finding[] = [
  {
    kind: 'count-changed', severity: 'error', path: shippingPath, message: 'count changed', before: 1, after: 2,
    diagnosis: 'duplicate call: publish to shipping-queue made twice under POST /checkout', key: 'count:shipping',
  },
  { kind: 'duration-exceeded', severity: 'error', path: paymentPath, message: 'slower than tolerated', before: 40, after: 400, tolerance: '×2 + 50ms' },
  {
    kind: 'attribute-changed', severity: 'error', path: insertPath, message: 'attribute db.statement changed',
    before: 'INSERT INTO orders (id, total) VALUES (?, ?)', after: 'INSERT INTO orders (id, total, note) VALUES (?, ?, ?)',
  },
  { kind: 'duration-exceeded', severity: 'info', path: stockPath, message: 'slower', before: 2, after: 3, tolerance: '×2 + 50ms', suppressed: true },
];

export const failedAssertion: AssertionResult = {
  selector: 'span[name="publish shipping-queue"]',
  assertion: 'attr:tracetest.selected_spans.count = 1',
  passed: false,
  spans: [{ path: 'api-gateway › POST /checkout › shipping-service › publish shipping-queue', observed: 2, passed: false }],
  file: 'tests/checkout.tbt.yaml',
  line: 9,
};

export const failedVerdict: Verdict = {
  testId: 'checkout-publishes-one-shipping-event',
  name: 'checkout publishes exactly one shipping event',
  file: 'tests/checkout.tbt.yaml',
  outcome: 'failed',
  findings: [
    ...driftFindings,
    { kind: 'assertion-failed', severity: 'error', path: shippingPath, message: 'selected_spans.count = 1 failed', before: 1, after: 2 },
  ],
  assertions: [failedAssertion, { selector: 'span[name="POST /checkout"]', assertion: 'attr:http.response.status_code = 200', passed: true, spans: [] }],
  snapshotFile: 'snapshots/checkout-publishes-one-shipping-event.trace.yaml',
  // It drifted and nothing was written (verify --ci): the runner says 'none', never 'matched'.
  snapshotAction: 'none',
  spanCount: 12,
  timings: { trigger: 41, collect: 262, judge: 3 },
  golden: goldenTree,
  current: currentTree,
};

export const passedVerdict: Verdict = {
  testId: 'health', name: 'health check <ok> & "fine"', file: 'tests/health.tbt.yaml', outcome: 'passed',
  findings: [], assertions: [], snapshotFile: 'snapshots/health.trace.yaml', snapshotAction: 'matched',
  spanCount: 2, timings: { trigger: 5, collect: 251, judge: 1 },
  golden: { roots: [node({ service: 'tbt', name: 'trigger GET /health', durationMs: 3 })] },
  current: { roots: [node({ service: 'tbt', name: 'trigger GET /health', durationMs: 2 })] },
};

export const errorVerdict: Verdict = {
  testId: 'refund', name: 'refund', file: 'tests/checkout.tbt.yaml', outcome: 'error', findings: [], assertions: [],
  error: { message: 'payment-service exited with code 1 before it was ready', hint: 'run it by hand: node fixtures/checkout/payment.js' },
  snapshotAction: 'none', spanCount: 0, timings: { trigger: 2 },
};

export function summaryOf(verdicts: readonly Verdict[], extra: Partial<RunSummary> = {}): RunSummary {
  return {
    verdicts,
    passed: verdicts.filter((v) => v.outcome === 'passed').length,
    failed: verdicts.filter((v) => v.outcome === 'failed').length,
    errored: verdicts.filter((v) => v.outcome === 'error').length,
    durationMs: 1820,
    startedAt: '2025-01-02T03:04:05.678Z',
    servicesStartMs: 1200,
    obsoleteSnapshots: [],
    writtenFiles: [],
    ...extra,
  };
}

/** A wide, deep tree of about `size` nodes, for the HTML report's scale test. */
export function bigTree(size: number): CanonicalTree {
  let made = 0;
  const build = (depth: number): CanonicalNode => {
    made += 1;
    const index = made;
    const children: CanonicalNode[] = [];
    while (depth < 4 && made < size && children.length < (depth === 0 ? 40 : 12)) children.push(build(depth + 1));
    return node({ service: `svc-${depth}`, name: `op ${index}`, durationMs: 1 + (index % 7), concurrent: index % 3 === 0,
      attributes: { 'db.statement': `SELECT ${index}` }, children });
  };
  const roots: CanonicalNode[] = [];
  while (made < size) roots.push(build(0));
  return { roots };
}

/** An in-memory stream that records what was written. */
export class MemoryStream {
  text = '';
  readonly isTTY: boolean;
  readonly columns = 100;
  constructor(isTTY = false) {
    this.isTTY = isTTY;
  }
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
