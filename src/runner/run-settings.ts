// The one home of the config's normalization rules, tolerances and detector thresholds over the
// built-in defaults, and of a test's own `normalize:` and `tolerances:` sections over those. The
// runs, the offline commands and `tbt receive` all resolve them here, each only what it uses (a
// command that never diffs must not fail on a tolerances section it would never read).
import { DEFAULT_DETECTOR_CONFIG, resolveDetectorConfig, type DetectorConfig } from '../detect/index.ts';
import { DEFAULT_TOLERANCES, resolveTolerances, type Tolerances } from '../diff/index.ts';
import { TbtError, type NormalizeRules, type RawSection, type TbtConfig, type TestDefinition } from '../model/index.ts';
import { DEFAULT_NORMALIZE_RULES, resolveNormalizeRules } from '../normalize/index.ts';

/** The config's normalization rules, tolerances and detector thresholds, over the built-in defaults. */
export interface RunSettings {
  readonly normalizeRules: NormalizeRules;
  readonly tolerances: Tolerances;
  readonly detectors: DetectorConfig;
}

/** The config's `normalize:` over the default rules; a bad section throws a located TbtError. */
export function normalizeRulesOf(config: TbtConfig): NormalizeRules {
  return locatedInSection(config.normalize, () => resolveNormalizeRules(config.normalize.value, DEFAULT_NORMALIZE_RULES, config.normalize.location));
}

/** The config's `tolerances:` over the default tolerances. */
export function tolerancesOf(config: TbtConfig): Tolerances {
  return locatedInSection(config.tolerances, () => resolveTolerances(config.tolerances.value, DEFAULT_TOLERANCES, config.tolerances.location));
}

/** The config's `detectors:` over the default thresholds, and `--min-repeats` over those when given. */
export function detectorsOf(config: TbtConfig, overrides: { readonly minRepeats?: number } = {}): DetectorConfig {
  const detectors = locatedInSection(config.detectors, () => resolveDetectorConfig(config.detectors.value, DEFAULT_DETECTOR_CONFIG, config.detectors.location));
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
  return test.normalize === undefined ? base.normalizeRules : resolveNormalizeRules(test.normalize, base.normalizeRules, test.sectionLocations?.normalize ?? { file: test.file });
}

/** A test's own `tolerances:` over `base`'s (see testSettingsOf). */
export function testTolerancesOf(test: TestDefinition, base: TestSettings = DEFAULT_TEST_SETTINGS): Tolerances {
  return test.tolerances === undefined ? base.tolerances : resolveTolerances(test.tolerances, base.tolerances, test.sectionLocations?.tolerances ?? { file: test.file });
}

const DEFAULT_TEST_SETTINGS: TestSettings = { normalizeRules: DEFAULT_NORMALIZE_RULES, tolerances: DEFAULT_TOLERANCES };

/**
 * Resolves a config section, and places its error at the bad value rather than at the section's
 * first key: the stages name the value by its keys at the head of the message
 * (`tolerances.rules[0].count: range 2..1 is empty`), which the file can locate.
 */
function locatedInSection<T>(section: RawSection, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof TbtError) || error.kind !== 'config' || section.locate === undefined) throw error;
    const path = /^(?:normalize|tolerances|detectors)(?:\.[A-Za-z_][\w-]*|\[\d+\])*/.exec(error.message)?.[0];
    const keys = path?.match(/[A-Za-z_][\w-]*|\d+/g)?.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    const location = keys === undefined ? undefined : section.locate(keys);
    if (location === undefined || location.line === undefined) throw error;
    throw new TbtError('config', error.message, { location, ...(error.hint === undefined ? {} : { hint: error.hint }), cause: error.cause });
  }
}
