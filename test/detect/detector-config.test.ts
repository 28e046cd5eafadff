// The `detectors:` section: defaults when absent, thresholds, severities and switches read over the base, `off` for all, and bad values as located config errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DETECTOR_CONFIG, resolveDetectorConfig } from '../../src/detect/index.ts';
import { TbtError } from '../../src/model/index.ts';

const where = { file: 'tbt.config.yaml', line: 12, column: 3 };
const resolve = (raw: unknown) => resolveDetectorConfig(raw, DEFAULT_DETECTOR_CONFIG, where);

test('an absent section keeps every default', () => {
  assert.equal(resolve(undefined), DEFAULT_DETECTOR_CONFIG);
  assert.equal(resolve(null), DEFAULT_DETECTOR_CONFIG);
  assert.deepEqual(resolve({}), DEFAULT_DETECTOR_CONFIG);
});

test('thresholds, severities and switches are read; the rest keeps the base', () => {
  const config = resolve({ nPlusOne: { minRepeats: 5, severity: 'error' }, fanOut: 'off', retry: { enabled: false }, slownessLocus: { minGrowth: '1.5s' } });
  assert.deepEqual(config.nPlusOne, { enabled: true, severity: 'error', minRepeats: 5 });
  assert.equal(config.fanOut.enabled, false);
  assert.equal(config.retry.enabled, false);
  assert.equal(config.slownessLocus.minGrowthMs, 1500);
  assert.deepEqual(config.newError, DEFAULT_DETECTOR_CONFIG.newError);
  // Flags are merged the same way, over the config's values.
  assert.equal(resolveDetectorConfig({ nPlusOne: { minRepeats: 2 } }, config, { file: '<flags>' }).nPlusOne.severity, 'error');
});

test('`detectors: off` turns every rule off', () => {
  const config = resolve(false);
  assert.ok(Object.values(config).every((rule) => rule.enabled === false));
  assert.equal(resolve('off').nPlusOne.minRepeats, 3);
});

test('bad values are config errors at the section', () => {
  for (const raw of [
    [],
    { nPlusone: {} },
    { nPlusOne: { minRepeats: 1 } },
    { nPlusOne: { minRepeats: '3' } },
    { duplicate: { severity: 'fatal' } },
    { duplicate: { minRepeats: 3 } },
    { retry: { enabled: 'yes' } },
    { slownessLocus: { minGrowth: 'fast' } },
  ]) {
    assert.throws(
      () => resolve(raw),
      (error: unknown) => error instanceof TbtError && error.kind === 'config' && error.location === where,
      JSON.stringify(raw),
    );
  }
});
