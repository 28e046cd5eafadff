// A snapshot file as the snapshot stage renders it (DESIGN.md's "Snapshot" example), for the
// GitHub annotation tests.
export const checkoutSnapshotYaml = `# tbt snapshot: edit with care, rewrite with \`tbt verify --update\`
version: 1
test: checkout publishes exactly one shipping event
file: tests/checkout.tbt.yaml
tree:
  - span: trigger POST /checkout
    service: tbt
    kind: client
    attributes: { http.response.status_code: 200 }
    children:
      - span: POST /checkout
        service: api-gateway
        kind: server
        duration: 70ms
        children:
          - span: POST /orders
            service: order-service
            kind: server
            children:
              - span: INSERT orders
                service: order-service
                kind: client
                attributes:
                  db.statement: "INSERT INTO orders (id, total) VALUES (?, ?)"
          - span: POST /payments
            service: payment-service
            kind: server
            duration: 40ms
          - span: POST /reserve
            service: inventory-service
            kind: server
          - span: publish shipping-queue
            service: shipping-service
            kind: producer
            children:
              - span: process shipping-queue
                service: shipping-worker
                kind: consumer
`;
