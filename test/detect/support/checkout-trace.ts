// A synthetic trace shaped like the checkout demo's (fixtures/checkout/README.md, "The clean
// trace"), with its bug switches, for testing detectors and explainDrift on the demo's scenarios.
import type { SpanTree } from '../../../src/model/index.ts';
import { synthTree, type SpanSpec } from './trees.ts';

export type CheckoutBug = 'n-plus-one' | 'duplicate-shipping' | 'payment-error' | 'slow-payment';

const sqlite = (name: string, start: number, statement: string, service: string): SpanSpec => ({
  name,
  service,
  kind: 'client',
  start,
  end: start + 1.5,
  attributes: { 'db.system': 'sqlite', 'db.operation.name': name.split(' ')[0] ?? '', 'db.collection.name': name.split(' ')[1] ?? '', 'db.query.text': statement },
});

const httpClient = (path: string, start: number, end: number, children: SpanSpec[]): SpanSpec => ({
  name: 'POST',
  service: 'api-gateway',
  kind: 'client',
  start,
  end,
  attributes: { 'http.request.method': 'POST', 'url.full': `http://127.0.0.1:4100${path}`, 'http.response.status_code': 200 },
  children,
});

/** The trace of one checkout of `items` skus, with the given bugs switched on. */
export function checkoutTrace(items: number, bugs: readonly CheckoutBug[] = []): SpanTree {
  const on = (bug: CheckoutBug): boolean => bugs.includes(bug);
  const list = Array.from({ length: items }, () => '?').join(', ');
  const slow = on('slow-payment') ? 300 : 0;
  const failed = on('payment-error');
  const stock: SpanSpec[] = on('n-plus-one')
    ? Array.from({ length: items }, (_, index) => sqlite('SELECT stock', 82 + index * 2, 'SELECT sku, qty FROM stock WHERE sku = ?', 'inventory-service'))
    : [sqlite('SELECT stock', 82, `SELECT sku, qty FROM stock WHERE sku IN (${list})`, 'inventory-service')];
  const t = slow;
  const publishes = on('duplicate-shipping') ? [101 + t, 106 + t] : [101 + t];
  return synthTree({
    name: 'POST /checkout',
    service: 'api-gateway',
    kind: 'server',
    start: 0,
    end: 120 + t,
    attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'http.response.status_code': 200 },
    children: [
      httpClient('/orders', 1, 30, [
        {
          name: 'POST /orders',
          service: 'order-service',
          kind: 'server',
          start: 2,
          end: 29,
          attributes: { 'http.request.method': 'POST', 'http.route': '/orders' },
          children: [
            sqlite('SELECT products', 3, `SELECT sku, price_cents FROM products WHERE sku IN (${list})`, 'order-service'),
            sqlite('INSERT orders', 6, 'INSERT INTO orders (customer, total_cents, status) VALUES (?, ?, ?) RETURNING id', 'order-service'),
            sqlite('INSERT order_items', 9, `INSERT INTO order_items (order_id, sku, qty) VALUES ${Array.from({ length: items }, () => '(?, ?, ?)').join(', ')}`, 'order-service'),
          ],
        },
      ]),
      httpClient('/charges', 31, 75 + t, [
        {
          name: 'POST /charges',
          service: 'payment-service',
          kind: 'server',
          start: 32,
          end: 74 + t,
          attributes: { 'http.request.method': 'POST', 'http.route': '/charges' },
          children: [
            {
              name: 'charge card',
              service: 'payment-service',
              start: 33,
              end: 73 + t,
              attributes: { 'payment.provider': 'example' },
              ...(failed
                ? { status: 'error' as const, statusMessage: 'provider answered 502', events: [{ name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'provider answered 502' } }] }
                : {}),
              children: [
                {
                  name: 'POST',
                  service: 'payment-service',
                  kind: 'client',
                  start: 34,
                  end: 72 + t,
                  attributes: { 'http.request.method': 'POST', 'url.full': 'https://payments.example.test/v1/charges', 'http.response.status_code': failed ? 502 : 201 },
                  ...(failed ? { status: 'error' as const } : {}),
                },
              ],
            },
          ],
        },
      ]),
      httpClient('/reservations', 76 + t, 100 + t, [
        {
          name: 'POST /reservations',
          service: 'inventory-service',
          kind: 'server',
          start: 77 + t,
          end: 99 + t,
          attributes: { 'http.request.method': 'POST', 'http.route': '/reservations' },
          children: [...stock.map((span) => ({ ...span, start: span.start + t, end: span.end + t })), sqlite('UPDATE stock', 95 + t, `UPDATE stock SET qty = qty - ? WHERE sku IN (${list})`, 'inventory-service')],
        },
      ]),
      ...publishes.map(
        (start): SpanSpec => ({
          name: 'publish shipping-queue',
          service: 'api-gateway',
          kind: 'producer',
          start,
          end: start + 4,
          attributes: { 'messaging.system': 'tinyqueue', 'messaging.operation.type': 'publish', 'messaging.destination.name': 'shipping-queue' },
          children: [
            {
              name: 'process shipping-queue',
              service: 'shipping-worker',
              kind: 'consumer',
              start: start + 10,
              end: start + 15,
              attributes: { 'messaging.system': 'tinyqueue', 'messaging.operation.type': 'process', 'messaging.destination.name': 'shipping-queue' },
              children: [{ name: 'create shipment', service: 'shipping-worker', start: start + 11, end: start + 14 }],
            },
          ],
        }),
      ),
    ],
  });
}
