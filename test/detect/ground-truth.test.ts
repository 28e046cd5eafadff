// The detectors against the labelled third-party traces of ../shared/traces (SOURCES.md, "Ground
// truth"), with the *.manifest.json files as oracles where they exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, runDetectors } from '../../src/detect/index.ts';
import type { DetectorFinding, SpanTree } from '../../src/model/index.ts';
import { sharedTrace, skipWithoutSharedTraces } from '../support/shared-traces.ts';
import { findSpan, sharedTree } from './support/trees.ts';

const skip = skipWithoutSharedTraces;

interface Manifest {
  readonly expected: {
    readonly parent_span_id?: string;
    readonly siblings?: number;
    readonly overlapping_pairs?: number;
    readonly wall_ms?: number;
    readonly sum_of_durations_ms?: number;
    readonly locus_span_id?: string;
    readonly locus_service?: string;
    readonly locus_operation?: string;
  };
  readonly naive_answer?: { readonly deepest_errored_span_id: string };
}

const manifest = (name: string): Manifest => JSON.parse(readFileSync(sharedTrace(`jaeger-skill-fixtures/${name}.manifest.json`), 'utf8')) as Manifest;
const detect = (tree: SpanTree): DetectorFinding[] => runDetectors(tree, DEFAULT_DETECTOR_CONFIG);
const lastName = (finding: DetectorFinding | undefined): string | undefined => finding?.path[finding.path.length - 1]?.name;

/** The findings of one rule whose parent path ends at the span with this id. */
function under(tree: SpanTree, findings: readonly DetectorFinding[], kind: string, parentSpanId: string): DetectorFinding[] {
  const parent = findSpan(tree, parentSpanId);
  assert.ok(parent, `span ${parentSpanId} is in the trace`);
  return findings.filter(
    (finding) =>
      finding.kind === kind &&
      lastName(finding) === parent.span.name &&
      finding.path[finding.path.length - 1]?.service === parent.span.service,
  );
}

const close = (actual: number | undefined, expected: number | undefined, what: string): void => {
  assert.ok(actual !== undefined && expected !== undefined && Math.abs(actual - expected) < 0.06, `${what}: ${actual} ≈ ${expected}`);
};

test('n_plus_one_positive: the GetDriver N+1 of the manifest, three of whose calls are retries', { skip }, () => {
  const tree = sharedTree('jaeger-skill-fixtures/n_plus_one_positive.json');
  const { expected } = manifest('n_plus_one_positive');
  const findings = detect(tree);
  const [nPlusOne] = under(tree, findings, 'n-plus-one', expected.parent_span_id ?? '');
  assert.equal(nPlusOne?.evidence.span?.name, 'GetDriver');
  assert.equal(nPlusOne?.evidence.count, expected.siblings);
  assert.equal(nPlusOne?.evidence.overlappingPairs, expected.overlapping_pairs);
  close(nPlusOne?.evidence.sumMs, expected.sum_of_durations_ms, 'summed duration');
  close(nPlusOne?.evidence.wallMs, expected.wall_ms, 'wall time');
  assert.equal(nPlusOne?.evidence.distinct, 10);
  const [retry] = under(tree, findings, 'retry', expected.parent_span_id ?? '');
  assert.equal(retry?.evidence.retries, 3);
  assert.match(retry?.evidence.error ?? '', /redis timeout/);
  assert.deepEqual(findings.filter((finding) => finding.kind === 'duplicate-call'), [], 'retries are not duplicates');
  const [error] = findings.filter((finding) => finding.kind === 'new-error');
  assert.deepEqual([lastName(error), error?.evidence.count], ['GetDriver', 3]);
});

test('n_plus_one_full_serial: the route N+1 under GET /dispatch, and the GetDriver N+1', { skip }, () => {
  const tree = sharedTree('jaeger-skill-fixtures/n_plus_one_full_serial.json');
  const { expected } = manifest('n_plus_one_full_serial');
  const findings = detect(tree);
  const routes = under(tree, findings, 'n-plus-one', expected.parent_span_id ?? '');
  assert.equal(routes.length, 1);
  // The manifest groups all 11 `HTTP GET`s; the customer lookup is another call (another host
  // and path), so the N+1 is the 10 route calls, and the durations are the manifest's less it.
  const customer = findSpan(tree, 'ec4c8608bc2e4149');
  assert.ok(customer);
  const customerMs = Number(customer.span.endTimeUnixNano - customer.span.startTimeUnixNano) / 1e6;
  assert.equal(routes[0]?.evidence.call, 'GET 0.0.0.0/route');
  assert.equal(routes[0]?.evidence.count, (expected.siblings ?? 0) - 1);
  assert.equal(routes[0]?.evidence.overlappingPairs, 0);
  close(routes[0]?.evidence.sumMs, (expected.sum_of_durations_ms ?? 0) - customerMs, 'route calls summed');
  const drivers = under(tree, findings, 'n-plus-one', 'f6e63a82f4597e0e');
  assert.deepEqual([drivers[0]?.evidence.call, drivers[0]?.evidence.count], ['redis GetDriver', 13]);
  assert.equal(findings.filter((finding) => finding.kind === 'fan-out').length, 0);
});

test('n_plus_one_full_concurrent: the overlapping route calls are a fan-out, the GetDriver N+1 stays', { skip }, () => {
  const tree = sharedTree('jaeger-skill-fixtures/n_plus_one_full_concurrent.json');
  const { expected } = manifest('n_plus_one_full_concurrent');
  const findings = detect(tree);
  assert.deepEqual(under(tree, findings, 'n-plus-one', expected.parent_span_id ?? ''), []);
  const [fanOut] = under(tree, findings, 'fan-out', expected.parent_span_id ?? '');
  assert.deepEqual([fanOut?.severity, fanOut?.evidence.count, fanOut?.evidence.overlappingPairs], ['info', 10, expected.overlapping_pairs]);
  const [drivers] = under(tree, findings, 'n-plus-one', '1538e9b90f608783');
  assert.equal(drivers?.evidence.count, 13);
});

test('n_plus_one_near_miss: no N+1; the ten route calls are a fan-out, the customer lookup is apart', { skip }, () => {
  const tree = sharedTree('jaeger-skill-fixtures/n_plus_one_near_miss.json');
  const findings = detect(tree);
  assert.deepEqual(findings.filter((finding) => finding.kind !== 'fan-out'), []);
  const [fanOut] = findings;
  assert.equal(fanOut?.evidence.count, 10);
  // The manifest's "route_calls_only" grouping: 506.1 ms summed in a 188.8 ms window.
  close(fanOut?.evidence.sumMs, 506.1, 'route calls summed');
  close(fanOut?.evidence.wallMs, 188.8, 'route calls window');
});

test('hotrod getTrace response (Jaeger api/v3 wrapper): the GetDriver N+1 with 3 retries', { skip }, () => {
  const tree = sharedTree('jaeger-ui/hotrod-getTrace-response.otlp.json');
  const findings = detect(tree);
  const [drivers] = under(tree, findings, 'n-plus-one', '12c2cadb3c59f584');
  assert.deepEqual([drivers?.evidence.count, drivers?.evidence.retries], [13, 3]);
});

test('error_timeout_masked: the error locus is frontend POST, not the proxy that shows the error', { skip }, () => {
  const tree = sharedTree('jaeger-skill-fixtures/error_timeout_masked.json');
  const { expected, naive_answer: naive } = manifest('error_timeout_masked');
  const errors = detect(tree).filter((finding) => finding.kind === 'new-error');
  assert.equal(errors.length, 1);
  const [error] = errors;
  const locus = findSpan(tree, expected.locus_span_id ?? '');
  const proxy = findSpan(tree, naive?.deepest_errored_span_id ?? '');
  assert.ok(locus && proxy);
  assert.deepEqual(error?.evidence.span, { service: expected.locus_service, name: expected.locus_operation });
  assert.deepEqual(error?.path.slice(-3).map((segment) => segment.service), ['frontend-proxy', 'frontend-proxy', 'frontend']);
  const surfacesAt = error?.evidence.surfacesAt?.at(-1);
  assert.deepEqual({ service: surfacesAt?.service, name: surfacesAt?.name }, { service: proxy.span.service, name: proxy.span.name });
  assert.match(error?.message ?? '', /^new error at frontend POST: it was still running after 15s \(status OK\)/);
  // The add-to-cart branch's valkey HGET, HMSET, EXPIRE, HGET are different commands: no finding.
  assert.deepEqual(detect(tree).filter((finding) => finding.kind !== 'new-error'), []);
});

test('zipkin simple-db-p6: three different inserts are no N+1', { skip }, () => {
  assert.deepEqual(detect(sharedTree('zipkin-lens/simple-db-p6.json')), []);
});

test('zipkin smartthings oauth: the repeated Cassandra query, and four identical GET /clients calls', { skip }, () => {
  const tree = sharedTree('zipkin-lens/smartthings-oauth-authorization.json');
  const findings = detect(tree);
  const repeated = findings.filter(
    (finding) => finding.kind === 'n-plus-one' && finding.evidence.call === 'cassandra SELECT * FROM auth.client WHERE id = ?',
  );
  assert.equal(repeated.length, 1);
  assert.deepEqual([lastName(repeated[0]), repeated[0]?.evidence.count, repeated[0]?.evidence.overlappingPairs], ['post /web/authenticate', 6, 0]);
  const [duplicate] = under(tree, findings, 'duplicate-call', 'b69b3db88ffa3212');
  assert.deepEqual(
    [duplicate?.evidence.call, duplicate?.evidence.count, duplicate?.evidence.redundant],
    ['GET /clients/zipkin-sample-id', 4, 3],
  );
});

test('zipkin smartthings mobile-web install: a fan-out of device lookups with 32 duplicate calls', { skip }, () => {
  const tree = sharedTree('zipkin-lens/smartthings-mobile-web-install.json');
  const findings = detect(tree);
  const [fanOut] = under(tree, findings, 'fan-out', '9d932067d92c1d3f');
  const [duplicate] = under(tree, findings, 'duplicate-call', '9d932067d92c1d3f');
  assert.equal(fanOut?.evidence.call, 'GET /devices/{id}');
  assert.deepEqual([duplicate?.evidence.count, duplicate?.evidence.distinct, duplicate?.evidence.redundant], [52, 20, 32]);
  const repeated = findings.filter((finding) => finding.kind === 'n-plus-one' && finding.evidence.call === 'cassandra SELECT * FROM auth.client WHERE id = ?');
  assert.deepEqual(repeated.map(lastName).sort(), ['post /implicit-tokens/access', 'post /oauth/token']);
});

test('zipkin messaging-kafka: sends to two topics with one key are not duplicates', { skip }, () => {
  const findings = detect(sharedTree('zipkin-lens/messaging-kafka.json'));
  assert.deepEqual(findings.map((finding) => finding.kind), ['new-error']);
});
