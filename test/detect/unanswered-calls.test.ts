// findUnansweredCalls: a call to a service that exports spans (a server elsewhere in the trace, or
// a started service seen as a server) with no server span below it is named; calls that were
// answered, calls to third parties and calls to services that export nothing are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnansweredCalls } from '../../src/detect/index.ts';
import { synthTree, type SpanSpec } from './support/trees.ts';

const call = (port: number, children: SpanSpec[] = [], extra: Record<string, string | number> = {}): SpanSpec => ({
  name: 'POST', service: 'gateway', kind: 'client', start: 1, end: 5,
  attributes: { 'http.request.method': 'POST', 'url.full': `http://127.0.0.1:${port}/pay`, ...extra }, children,
});
const server = (service: string, port: number, start = 2): SpanSpec => ({
  name: 'POST /pay', service, kind: 'server', start, end: start + 1, attributes: { 'server.port': port },
});
const root = (...children: SpanSpec[]): SpanSpec => ({ name: 'POST /checkout', service: 'gateway', kind: 'server', start: 0, end: 20, children });

test('unanswered calls: which are named and which are not', () => {
  const cases: Array<[string, SpanSpec, Array<{ service: string; port: number }>, string[]]> = [
    ['answered: its server span is below it', root(call(5001, [server('payments', 5001)])), [], []],
    ['a server elsewhere in the trace listens on the called port', root(call(5001, [server('payments', 5001)]), call(5001)), [], ['POST:5001']],
    ['a started service that shows up as a server', root(call(5001), { name: 'GET /rates', service: 'payments', kind: 'server', start: 9, end: 10 }), [{ service: 'payments', port: 5001 }], ['POST:5001']],
    ['a started service that exports nothing (an untraced broker)', root(call(5002)), [{ service: 'queue', port: 5002 }], []],
    ['a third party on a port no exporting service has', root(call(443, [], { 'url.full': 'https://psp.example/charge' })), [{ service: 'payments', port: 5001 }], []],
    ['the port from server.port when the URL has none', root(call(5001, [], { 'url.full': 'not a url', 'server.port': 5003 }), server('ledger', 5003, 12)), [], ['POST:5003']],
    ['a database call is not an HTTP or RPC call', root({ name: 'SELECT', service: 'gateway', kind: 'client', start: 1, end: 2, attributes: { 'db.system': 'postgresql', 'server.port': 5001 } }, server('payments', 5001, 9)), [], []],
  ];
  for (const [name, spec, started, expected] of cases) {
    const found = findUnansweredCalls(synthTree(spec), started).map((call) => `${call.span.name}:${call.port}`);
    assert.deepEqual(found, expected, name);
  }
});
