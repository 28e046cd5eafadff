// Reading order of findings (sortFindings), the JSON form (findingsToJson) and the blocking rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasBlockingDrift, sortFindings } from '../../src/diff/index.ts';
import { findingsToJson } from '../../src/report/index.ts';
import type { Finding, FindingKind } from '../../src/model/index.ts';
import { pathOf } from './trees.ts';

function finding(kind: FindingKind, path: string[], extra: Partial<Finding> = {}): Finding {
  return { kind, severity: kind === 'duration-exceeded' ? 'warning' : 'error', path: pathOf(...path), message: kind, ...extra };
}

test('structure and status, then attributes, then order, then durations; suppressed last', () => {
  const input = [
    finding('duration-exceeded', ['a']),
    finding('order-changed', ['a', 'b']),
    finding('attribute-changed', ['a']),
    finding('count-changed', ['a', 'z'], { suppressed: true }),
    finding('missing', ['a', 'c']),
    finding('status-changed', ['a', 'b']),
    finding('attribute-added', ['a', 'b']),
    finding('response-changed', ['a']),
    finding('moved', ['a']),
  ];
  assert.deepStrictEqual(sortFindings(input).map((f) => `${f.kind} ${f.path.map((s) => s.name).join('/')}`), [
    'response-changed a',
    'moved a',
    'status-changed a/b',
    'missing a/c',
    'attribute-changed a',
    'attribute-added a/b',
    'order-changed a/b',
    'duration-exceeded a',
    'count-changed a/z',
  ]);
});

test('paths sort parent first, segment by segment (service, then name)', () => {
  const input = [
    finding('missing', ['a', 'b']),
    finding('missing', ['a']),
    finding('missing', ['a', 'b', 'c']),
    finding('missing', ['zeta:a']),
    finding('missing', ['a', 'B']),
  ];
  assert.deepStrictEqual(sortFindings(input).map((f) => f.path.map((s) => `${s.service}:${s.name}`).join('/')), [
    'api:a',
    'api:a/api:B',
    'api:a/api:b',
    'api:a/api:b/api:c',
    'zeta:a',
  ]);
  assert.notEqual(sortFindings(input), input, 'returns a new array');
});

test('findingsToJson: kind, path, before and after, in the JSON report shape', () => {
  const text = findingsToJson([
    finding('count-changed', ['gateway:POST /checkout', 'ship:publish'], { message: 'count: ×1 → ×2', before: 1, after: 2, tolerance: 'exact', key: 'k' }),
    finding('attribute-added', ['a'], { after: { nested: [1] }, suppressed: true, tolerance: 'ignore' }),
  ]);
  assert.deepStrictEqual(JSON.parse(text), [
    {
      kind: 'count-changed', severity: 'error',
      path: [{ service: 'gateway', name: 'POST /checkout' }, { service: 'ship', name: 'publish' }],
      pathText: 'gateway › POST /checkout › ship › publish',
      message: 'count: ×1 → ×2', before: 1, after: 2, tolerance: 'exact', suppressed: false, key: 'k',
    },
    {
      kind: 'attribute-added', severity: 'error', path: [{ service: 'api', name: 'a' }], pathText: 'api › a',
      message: 'attribute-added', after: { nested: [1] }, tolerance: 'ignore', suppressed: true,
    },
  ]);
});

test('hasBlockingDrift: only unsuppressed errors and warnings block', () => {
  assert.equal(hasBlockingDrift([]), false);
  assert.equal(hasBlockingDrift([finding('missing', ['a'], { suppressed: true })]), false);
  assert.equal(hasBlockingDrift([finding('slowness-locus', ['a'], { severity: 'info' })]), false);
  assert.equal(hasBlockingDrift([finding('duration-exceeded', ['a'])]), true);
  assert.equal(hasBlockingDrift([finding('missing', ['a'])]), true);
});
