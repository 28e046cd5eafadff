// The one home of the config's normalization rules, tolerances and detector thresholds over the
// built-in defaults, and of a test's own `normalize:` and `tolerances:` sections over those. The
// runs, the offline commands and `tbt receive` all resolve them here, each only what it uses (a
// command that never diffs must not fail on a tolerances section it would never read).
import { DEFAULT_DETECTOR_CONFIG, resolveDetectorConfig, type DetectorConfig } from '../detect/index.ts';
import { DEFAULT_TOLERANCES, resolveTolerances, type Tolerances } from '../diff/index.ts';
import { TbtError, type NormalizeRules, type SourceLocation, type TbtConfig, type TestDefinition } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, resolveNormalizeRules } from '../normalize/index.ts';

/** The config's normalization rules, tolerances and detector thresholds, over the built-in defaults. */
export interface RunSettings {
  readonly normalizeRules: NormalizeRules;
  readonly tolerances: Tolerances;
  readonly detectors: DetectorConfig;
}

/** The config's `normalize:` over the default rules; a bad section throws a located TbtError. */
export function normalizeRulesOf(config: TbtConfig): NormalizeRules {
  return locatedAtValue(config.normalize.locate, () => resolveNormalizeRules(config.normalize.value, DEFAULT_NORMALIZE_RULES, config.normalize.location));
}

/** The config's `tolerances:` over the default tolerances. */
export function tolerancesOf(config: TbtConfig): Tolerances {
  return locatedAtValue(config.tolerances.locate, () => resolveTolerances(config.tolerances.value, DEFAULT_TOLERANCES, config.tolerances.location));
}

/** The config's `detectors:` over the default thresholds, and `--min-repeats` over those when given. */
export function detectorsOf(config: TbtConfig, overrides: { readonly minRepeats?: number } = {}): DetectorConfig {
  const detectors = locatedAtValue(config.detectors.locate, () => resolveDetectorConfig(config.detectors.value, DEFAULT_DETECTOR_CONFIG, config.detectors.location));
  if (overrides.minRepeats === undefined) return detectors;
  return resolveDetectorConfig({ nPlusOne: { minRepeats: overrides.minRepeats } }, detectors, { file: '--min-repeats' });
}

export function resolveRunSettings(config: TbtConfig): RunSettings {
  return { normalizeRules: normalizeRulesOf(config), tolerances: tolerancesOf(config), detectors: detectorsOf(config) };
}

/** What a test's own sections change of the run's settings. */
export type TestSettings = Pick<RunSettings, 'normalizeRules' | 'tolerances'>;

/**
 * A test's own `normalize:` and `tolerances:` sections over `base` (the run's settings); a bad
 * section throws a TbtError located at it. With the defaults as `base`, this validates a test
 * file's sections as a run would (`tbt check`).
 */
export function testSettingsOf(test: TestDefinition, base: TestSettings = DEFAULT_TEST_SETTINGS): TestSettings {
  return { normalizeRules: testNormalizeRulesOf(test, base), tolerances: testTolerancesOf(test, base) };
}

/** A test's own `normalize:` over `base`'s rules (see testSettingsOf). */
export function testNormalizeRulesOf(test: TestDefinition, base: TestSettings = DEFAULT_TEST_SETTINGS): NormalizeRules {
  const { normalize } = test;
  if (normalize === undefined) return base.normalizeRules;
  return locatedAtValue(testValueLocator(test), () => resolveNormalizeRules(normalize, base.normalizeRules, test.sectionLocations?.normalize ?? { file: test.file }));
}

/** A test's own `tolerances:` over `base`'s (see testSettingsOf). */
export function testTolerancesOf(test: TestDefinition, base: TestSettings = DEFAULT_TEST_SETTINGS): Tolerances {
  const { tolerances } = test;
  if (tolerances === undefined) return base.tolerances;
  return locatedAtValue(testValueLocator(test), () => resolveTolerances(tolerances, base.tolerances, test.sectionLocations?.tolerances ?? { file: test.file }));
}

/**
 * Where a value of a test's sections was written: at the path as the message spells it when the
 * file has that path (a key with blanks or colons in it), else by its keys, the deepest of them
 * the file knows.
 */
function testValueLocator(test: TestDefinition): ValueLocator | undefined {
  const values = test.sectionLocations?.values;
  if (values === undefined) return undefined;
  return (keys, spelled) => {
    if (spelled !== undefined && Object.prototype.hasOwnProperty.call(values, spelled)) return values[spelled];
    for (let n = keys.length; n > 0; n--) {
      const path = keys.slice(0, n).map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
      if (Object.prototype.hasOwnProperty.call(values, path)) return values[path];
    }
    return undefined;
  };
}

const DEFAULT_TEST_SETTINGS: TestSettings = { normalizeRules: DEFAULT_NORMALIZE_RULES, tolerances: DEFAULT_TOLERANCES };

/**
 * Where a value was written, by its keys from the top of its file (`['tolerances', 'rules', 0,
 * 'count']`); `spelled`: the path as the message wrote it, up to its `: `, when it has one.
 */
type ValueLocator = (keys: readonly (string | number)[], spelled?: string) => SourceLocation | undefined;

/**
 * Resolves a section, and places its error at the bad value rather than at the section's first
 * key: the stages name the value by its keys at the head of the message
 * (`tolerances.rules[0].count: range 2..1 is empty`), which the file can locate.
 */
function locatedAtValue<T>(locate: ValueLocator | undefined, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof TbtError) || error.kind !== 'config' || locate === undefined) throw error;
    const path = /^(?:normalize|tolerances|detectors)(?:\.[A-Za-z_][\w-]*|\[\d+\])*/.exec(error.message)?.[0];
    const keys = path?.match(/[A-Za-z_][\w-]*|\d+/g)?.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    // A key the pattern cut short (`GET /items`, `rpc:size`, `a/b`) names no key: the one before
    // it does. The path ends at `: ` or at a word of the message (`… must be a duration`).
    const rest = path === undefined ? '' : error.message.slice(path.length);
    const whole = rest === '' || rest.startsWith(': ') || (rest.startsWith(' ') && !/^ [^\s:]+:/.test(rest));
    if (keys !== undefined && !whole) keys.pop();
    const colon = error.message.indexOf(': ');
    const location = keys === undefined ? undefined : locate(keys, colon > 0 ? error.message.slice(0, colon) : undefined);
    if (location === undefined || location.line === undefined) throw error;
    throw new TbtError('config', error.message, { location, ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error.cause });
  }
}
