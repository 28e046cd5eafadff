// The config's and a test file's sections resolved by their stages: a bad value is placed at its
// own line and column (the stages name it by its keys), not at the section's first key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { parseYamlSource } from '../../src/config/yaml-source.ts';
import { TbtError } from '../../src/model/index.ts';
import { detectorsOf, normalizeRulesOf, testNormalizeRulesOf, testTolerancesOf, tolerancesOf } from '../../src/runner/run-settings.ts';
import { loadTestFile } from '../../src/testfile/index.ts';
import { tempProject } from '../testfile/support/temp-project.ts';

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

test('a bad value inside a test file\'s own normalize or tolerances section is placed where it was written', async () => {
  const project = await tempProject();
  try {
    const trigger = 'trigger:\n  http: { method: GET, url: "http://localhost:1/x" }\n';
    const testOf = async (name: string, sections: string) =>
      (await loadTestFile(await project.write(name, `${trigger}${sections}`), { rootDir: project.root })).tests[0]!;
    const rules = await testOf('a.tbt.yaml', 'tolerances:\n  rules:\n    - selector: span\n      count: 2..1\n');
    assert.match(placeOf(() => testTolerancesOf(rules)), /^6:14 tolerances\.rules\[0\]\.count: range 2\.\.1 is empty/);
    const duration = await testOf('b.tbt.yaml', 'tolerances:\n  count: exact\n  duration: 5 parsecs\n');
    assert.match(placeOf(() => testTolerancesOf(duration)), /^5:13 tolerances\.duration: "5 parsecs" is not a duration tolerance/);
    const mask = await testOf('c.tbt.yaml', 'normalize:\n  mask:\n    - { pattern: "(", replacement: x }\n');
    assert.match(placeOf(() => testNormalizeRulesOf(mask)), /^5:18 normalize\.mask\[0\]\.pattern: not a valid regular expression/);
    // A message naming a key the file does not have is placed at the deepest key it does have.
    const unknown = await testOf('d.tbt.yaml', 'normalize:\n  masks: [x]\n');
    assert.match(placeOf(() => testNormalizeRulesOf(unknown)), /^4:10 normalize\.masks: unknown key/);
    // A key the message's path pattern cannot spell (`drop/x`, `GET /items`) is found as the message
    // spells it, not mistaken for the sibling it starts with.
    const cut = await testOf('e.tbt.yaml', 'normalize:\n  drop: [a]\n  drop/x: [b]\n');
    assert.match(placeOf(() => testNormalizeRulesOf(cut)), /^5:11 normalize\.drop\/x: unknown key/);
    const blank = await testOf('f.tbt.yaml', 'tolerances:\n  attributes:\n    match:\n      GET: "^a"\n      GET /items: "(("\n');
    assert.match(placeOf(() => testTolerancesOf(blank)), /^7:19 tolerances\.attributes\.match\.GET \/items: /);
  } finally {
    await project.remove();
  }
});
