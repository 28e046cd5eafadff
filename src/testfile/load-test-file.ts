// Loads one test file: tbt's `*.tbt.yaml`, a Tracetest `type: Test` (or its legacy shape), or a
// Tracetest `type: TestSuite`/`Transaction` whose steps become tests run in order. Every
// selector and assertion is compiled here, so a bad one fails the run before anything fires.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, isSeq, type YAMLMap } from 'yaml';
import { setOwnKey } from '../common/index.ts';
import { TbtError, type SectionLocations, type SourceLocation, type TestDefinition, type Trigger } from '../model/index.ts';
import { compileCollecting } from '../query/index.ts';
import { readTbtTrigger, readTracetestTrigger, type FieldOrigins, type TriggerContext } from './read-trigger.ts';
import { SpecReader } from './read-specs.ts';
import { rememberOrigins } from './templates.ts';
import { testIdFromPath } from './test-id.ts';
import { isNullNode, Problems, YamlFile, type YamlNode } from './yaml-file.ts';

export interface LoadOptions {
  /** The project root; `TestDefinition.file` is relative to it. */
  readonly rootDir: string;
}

export type TestFileFormat = 'tbt' | 'tracetest' | 'tracetest-legacy' | 'tracetest-suite';

export interface LoadedSuite {
  readonly id: string;
  readonly name: string;
  /** Test ids in run order; each step's outputs become `var:` values for the steps after it. */
  readonly steps: readonly string[];
}

export interface LoadedTestFile {
  /** Relative to the root, with `/` separators. */
  readonly file: string;
  readonly format: TestFileFormat;
  readonly tests: readonly TestDefinition[];
  readonly suite?: LoadedSuite;
}

export interface AnalyzedTestFile {
  readonly loaded?: LoadedTestFile;
  readonly problems: readonly TbtError[];
}

const TBT_KEYS = ['name', 'description', 'trigger', 'specs', 'flow', 'flows', 'outputs', 'tolerances', 'normalize'];

function relative(rootDir: string, absPath: string): string {
  return path.relative(rootDir, absPath).split(path.sep).join('/');
}

async function readYaml(absPath: string, file: string, problems: Problems): Promise<YamlFile | undefined> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.add(new TbtError('io', `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { location: { file } }));
    return undefined;
  }
  try {
    return YamlFile.parse(text, file, problems);
  } catch (error) {
    if (!(error instanceof TbtError)) throw error;
    problems.add(error);
    return undefined;
  }
}

/**
 * Reads a test file and reports every problem (schema, selector, assertion) instead of stopping
 * at the first: what `tbt check` prints. `loaded` is set only when there were no problems.
 */
export async function analyzeTestFile(absPath: string, options: LoadOptions): Promise<AnalyzedTestFile> {
  const problems = new Problems();
  const loaded = await analyze(absPath, options, problems, true);
  return problems.list.length === 0 && loaded ? { loaded, problems: [] } : { problems: problems.list };
}

/** Loads a test file, throwing its first problem as a TbtError with file:line:column (exit 2). */
export async function loadTestFile(absPath: string, options: LoadOptions): Promise<LoadedTestFile> {
  const { loaded, problems } = await analyzeTestFile(absPath, options);
  const first = problems[0];
  if (first) throw first;
  if (!loaded) throw new TbtError('config', `cannot load ${relative(options.rootDir, absPath)}`);
  return loaded;
}

async function analyze(absPath: string, options: LoadOptions, problems: Problems, allowSuite: boolean): Promise<LoadedTestFile | undefined> {
  const file = relative(options.rootDir, absPath);
  const yaml = await readYaml(absPath, file, problems);
  if (!yaml) return undefined;
  const root = yaml.map(yaml.root, 'a test file');
  if (!root) return undefined;
  const type = yaml.optionalString(root, 'type', 'type');
  const context: TriggerContext = { yaml, dir: path.dirname(absPath), rootDir: options.rootDir };
  const id = testIdFromPath(absPath);
  if (type === undefined) {
    const legacy = yaml.has(root, 'testDefinition') || isMap(yaml.get(root, 'trigger')) && yaml.has(yaml.map(yaml.get(root, 'trigger'), 'trigger'), 'type');
    const test = legacy ? readTracetestTest(context, root, id, file) : readTbtTest(context, root, id, file);
    return test && { file, format: legacy ? 'tracetest-legacy' : 'tbt', tests: [test] };
  }
  const spec = yaml.map(yaml.get(root, 'spec'), 'spec');
  if (type === 'Test') {
    const test = spec && readTracetestTest(context, spec, id, file);
    return test && { file, format: 'tracetest', tests: [test] };
  }
  if (type === 'TestSuite' || type === 'Transaction') {
    if (!allowSuite) return void yaml.fail(yaml.get(root, 'type'), 'a suite cannot be a step of another suite');
    return spec && readSuite(context, spec, id, file, absPath, options, problems);
  }
  if (type === 'VariableSet' || type === 'Environment') {
    return void yaml.fail(yaml.get(root, 'type'), `${file} is a ${type}, not a test`, 'pass variable sets with --vars');
  }
  return void yaml.fail(yaml.get(root, 'type'), `unknown file type "${type}"`, 'tbt reads *.tbt.yaml files and Tracetest Test, TestSuite and Transaction files');
}

interface TestFields {
  readonly id: string;
  readonly file: string;
  readonly name: string;
  readonly trigger: Trigger | undefined;
  readonly triggerLocation: SourceLocation;
  readonly origins: FieldOrigins;
  readonly tolerances?: unknown;
  readonly normalize?: unknown;
  readonly sectionLocations?: SectionLocations;
}

function finishTest(context: TriggerContext, reader: SpecReader, fields: TestFields): TestDefinition | undefined {
  const { specs, flows, outputs, locate } = reader.result();
  const { problems } = compileCollecting(specs, flows, fields.file, { outputs, locate });
  for (const problem of problems) context.yaml.problems.add(problem);
  if (!fields.trigger) return undefined;
  rememberOrigins(fields.trigger, fields.origins, fields.triggerLocation);
  return {
    id: fields.id,
    name: fields.name,
    file: fields.file,
    trigger: fields.trigger,
    triggerLocation: fields.triggerLocation,
    specs,
    flows,
    outputs,
    ...(fields.tolerances === undefined ? {} : { tolerances: fields.tolerances }),
    ...(fields.normalize === undefined ? {} : { normalize: fields.normalize }),
    ...(fields.sectionLocations === undefined ? {} : { sectionLocations: fields.sectionLocations }),
  };
}

function readTbtTest(context: TriggerContext, root: YAMLMap, id: string, file: string): TestDefinition | undefined {
  const { yaml } = context;
  yaml.onlyKeys(root, TBT_KEYS, 'the test', { extensions: true });
  const name = yaml.optionalString(root, 'name', 'name') ?? id;
  const origins: FieldOrigins = new Map();
  const trigger = yaml.has(root, 'trigger') ? readTbtTrigger(context, yaml.get(root, 'trigger'), origins) : yaml.fail(root, 'the test has no trigger', 'add trigger: { http: { method: GET, url: … } }');
  const reader = new SpecReader(yaml, true);
  reader.readSpecs(yaml.get(root, 'specs'));
  reader.readFlow(yaml.get(root, 'flow'));
  reader.readFlows(yaml.get(root, 'flows'));
  reader.readOutputs(yaml.get(root, 'outputs'));
  const tolerances = optionalJs(yaml, root, 'tolerances');
  const normalize = optionalJs(yaml, root, 'normalize');
  const triggerLocation = keyLocation(yaml, root, 'trigger');
  const values: Record<string, SourceLocation> = {};
  for (const section of ['tolerances', 'normalize']) valueLocations(yaml, yaml.get(root, section), section, values);
  const sectionLocations: SectionLocations = {
    ...(tolerances === undefined ? {} : { tolerances: keyLocation(yaml, root, 'tolerances') }),
    ...(normalize === undefined ? {} : { normalize: keyLocation(yaml, root, 'normalize') }),
    ...(Object.keys(values).length > 0 ? { values } : {}),
  };
  return finishTest(context, reader, {
    id, file, name, trigger, triggerLocation, origins, tolerances, normalize,
    ...(Object.keys(sectionLocations).length > 0 ? { sectionLocations } : {}),
  });
}

/** The most values of a test's sections located, and the longest path: an alias bomb with long keys fits the node cap and would build gigabytes of paths. */
const MAX_LOCATED_VALUES = 10_000;
const MAX_LOCATED_PATH = 1_000;

/**
 * Where each value inside `node` was written, by its path as messages name it from `path`
 * (`normalize.mask[0].pattern`); a value without a place of its own (`key:` alone) is placed at
 * its key. Past MAX_LOCATED_VALUES values or a path of MAX_LOCATED_PATH characters, a message is
 * placed at the deepest value recorded above it. Nesting is bounded when the file is read.
 */
function valueLocations(yaml: YamlFile, node: YamlNode, path: string, out: Record<string, SourceLocation>, budget = { left: MAX_LOCATED_VALUES }): void {
  const record = (at: string, value: YamlNode): void => {
    if (budget.left <= 0 || at.length > MAX_LOCATED_PATH) return;
    budget.left--;
    setOwnKey(out, at, yaml.locate(value));
    valueLocations(yaml, value, at, out, budget);
  };
  if (isMap(node)) {
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      record(`${path}.${key}`, (isNode(item.value) ? item.value : item.key) as YamlNode);
    }
  } else if (isSeq(node)) node.items.forEach((item, index) => record(`${path}[${index}]`, item as YamlNode));
}

/** Where `key:` is written in `map` (the map itself when the key is absent). */
function keyLocation(yaml: YamlFile, map: YAMLMap, key: string): SourceLocation {
  return yaml.locate(yaml.keys(map).find((entry) => entry.key === key)?.node ?? map);
}

function optionalJs(yaml: YamlFile, map: YAMLMap, key: string): unknown {
  const node = yaml.get(map, key);
  return isNullNode(node) ? undefined : yaml.toJS(node);
}

/** A Tracetest test's `spec` (or a legacy file's top level). */
function readTracetestTest(context: TriggerContext, spec: YAMLMap, id: string, file: string): TestDefinition | undefined {
  const { yaml } = context;
  const name = yaml.optionalString(spec, 'name', 'spec.name') ?? id;
  const origins: FieldOrigins = new Map();
  const trigger = yaml.has(spec, 'trigger') ? readTracetestTrigger(context, yaml.get(spec, 'trigger'), origins) : yaml.fail(spec, 'the test has no trigger');
  const reader = new SpecReader(yaml, false);
  reader.readSpecs(yaml.get(spec, 'specs') ?? yaml.get(spec, 'testDefinition'));
  reader.readOutputs(yaml.get(spec, 'outputs'));
  const triggerLocation = keyLocation(yaml, spec, 'trigger');
  return finishTest(context, reader, { id, file, name, trigger, triggerLocation, origins });
}

async function readSuite(context: TriggerContext, spec: YAMLMap, id: string, file: string, absPath: string, options: LoadOptions, problems: Problems): Promise<LoadedTestFile | undefined> {
  const { yaml } = context;
  const name = yaml.optionalString(spec, 'name', 'spec.name') ?? id;
  const stepsNode = yaml.get(spec, 'steps');
  const steps = isNullNode(stepsNode) ? yaml.fail(spec, 'the suite has no steps') : yaml.stringList(stepsNode, 'spec.steps');
  if (!steps) return undefined;
  const tests: TestDefinition[] = [];
  const seen = new Map<string, number>();
  for (const [index, step] of steps.entries()) {
    const stepNode = (yaml.seq(stepsNode, 'spec.steps')?.items[index] ?? stepsNode) as YamlNode;
    const target = await resolveStep(path.dirname(absPath), step);
    if (!target) {
      yaml.fail(stepNode, `suite step "${step}" is neither a test file nor the id of a Tracetest test next to ${file}`);
      continue;
    }
    const loaded = await analyze(target, options, problems, false);
    const test = loaded?.tests[0];
    if (!test) continue;
    const base = `${id}--${test.id}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    tests.push({ ...test, id: count === 1 ? base : `${base}-${count}`, name: `${name} › ${test.name}` });
  }
  return { file, format: 'tracetest-suite', tests, suite: { id, name, steps: tests.map((test) => test.id) } };
}

/** A step is a path (relative to the suite) or the `spec.id` of a Tracetest test beside it. */
async function resolveStep(dir: string, step: string): Promise<string | undefined> {
  for (const candidate of [step, `${step}.yaml`, `${step}.yml`]) {
    const full = path.resolve(dir, candidate);
    try {
      await readFile(full);
      return full;
    } catch {
      // not a file; try the next spelling, then the ids
    }
  }
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const entry of entries.sort()) {
    if (!/\.ya?ml$/.test(entry)) continue;
    const full = path.join(dir, entry);
    const text = await readFile(full, 'utf8').catch(() => '');
    if (!/^type:\s*Test\s*$/m.test(text)) continue;
    const match = /^\s*id:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(text);
    if (match?.[1] === step) return full;
  }
  return undefined;
}
