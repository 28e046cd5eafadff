// The config's sections resolved by their stages: a bad value is placed at its own line and
// column (the stages name it by its keys), not at the section's first key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { parseYamlSource } from '../../src/config/yaml-source.ts';
import { TbtError } from '../../src/model/index.ts';
import { detectorsOf, normalizeRulesOf, tolerancesOf } from '../../src/runner/run-settings.ts';

const configOf = (text: string) => resolveConfig(parseYamlSource(text, 'tbt.config.yaml'), path.resolve('/project'));

function placeOf(resolve: () => unknown): string {
  try {
    resolve();
  } catch (error) {
    assert.ok(error instanceof TbtError && error.kind === 'config', String(error));
    return `${error.location?.line}:${error.location?.column} ${error.message}`;
  }
  throw new Error('no error');
}

test('a bad value inside normalize, tolerances or detectors is placed where it was written', () => {
  const normalize = configOf('tests: [t/*.yaml]\nnormalize:\n  drop: [a]\n  mask:\n    - pattern: "ok"\n      replacement: x\n    - pattern: "ORD-(\\\\d+"\n      replacement: x\n');
  assert.match(placeOf(() => normalizeRulesOf(normalize)), /^7:16 normalize\.mask\[1\]\.pattern: not a valid regular expression/);
  const tolerances = configOf('tests: [t/*.yaml]\ntolerances:\n  count: exact\n  duration: 5 parsecs\n');
  assert.match(placeOf(() => tolerancesOf(tolerances)), /^4:13 tolerances\.duration: "5 parsecs" is not a duration tolerance/);
  const rules = configOf('tests: [t/*.yaml]\ntolerances:\n  rules:\n    - selector: span\n      count: 2..1\n');
  assert.match(placeOf(() => tolerancesOf(rules)), /^5:14 tolerances\.rules\[0\]\.count: range 2\.\.1 is empty/);
  const detectors = configOf('tests: [t/*.yaml]\ndetectors:\n  nPlusOne:\n    minRepeats: 3\n  slownessLocus:\n    minGrowth: 5 parsecs\n');
  assert.match(placeOf(() => detectorsOf(detectors)), /^6:16 detectors\.slownessLocus\.minGrowth must be a duration/);
});

test('an error that names no value inside keeps the section\'s place', () => {
  const unknown = configOf('tests: [t/*.yaml]\ndetectors:\n  nPlusOneish: true\n');
  assert.match(placeOf(() => detectorsOf(unknown)), /^3:3 unknown detector "nPlusOneish"/);
});
