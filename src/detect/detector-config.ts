// The `detectors:` section of tbt.config.yaml: defaults, and validation with located errors.
// Pure: the YAML was parsed by config; this only checks and merges values.
import { readDurationMs } from '../common/index.ts';
import { TbtError, type DetectorConfig, type DetectorRuleConfig, type Severity, type SourceLocation } from '../model/index.ts';

/**
 * ```yaml
 * detectors:                 # `detectors: off` turns every rule off
 *   nPlusOne:                # `nPlusOne: off` turns one rule off
 *     enabled: true
 *     minRepeats: 3          # sequential calls of one shape that make an N+1
 *     severity: warning      # error | warning | info
 *   fanOut: { minRepeats: 3, severity: info }
 *   duplicate: { severity: warning }
 *   retry: { severity: warning }
 *   newError: { severity: error }
 *   slownessLocus: { minGrowth: 1ms, severity: warning }   # verify only
 * ```
 */
export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  nPlusOne: { enabled: true, severity: 'warning', minRepeats: 3 },
  fanOut: { enabled: true, severity: 'info', minRepeats: 3 },
  duplicate: { enabled: true, severity: 'warning' },
  retry: { enabled: true, severity: 'warning' },
  newError: { enabled: true, severity: 'error' },
  slownessLocus: { enabled: true, severity: 'warning', minGrowthMs: 1 },
};

type RuleName = keyof DetectorConfig;
const RULES = Object.keys(DEFAULT_DETECTOR_CONFIG) as RuleName[];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const EXTRA_KEYS: Readonly<Record<RuleName, readonly string[]>> = {
  nPlusOne: ['minRepeats'],
  fanOut: ['minRepeats'],
  duplicate: [],
  retry: [],
  newError: [],
  slownessLocus: ['minGrowth'],
};

/**
 * Merges a raw `detectors:` value over `base`. `undefined` and `null` keep `base`. Throws a
 * TbtError of kind 'config' at `where` for anything it cannot read.
 */
export function resolveDetectorConfig(raw: unknown, base: DetectorConfig, where: SourceLocation): DetectorConfig {
  if (raw === undefined || raw === null) return base;
  const toggle = asToggle(raw);
  if (toggle !== undefined) {
    const set = <T extends DetectorRuleConfig>(current: T): T => ({ ...current, enabled: toggle });
    return {
      nPlusOne: set(base.nPlusOne),
      fanOut: set(base.fanOut),
      duplicate: set(base.duplicate),
      retry: set(base.retry),
      newError: set(base.newError),
      slownessLocus: set(base.slownessLocus),
    };
  }
  const section = asMap(raw, 'detectors', where);
  for (const key of Object.keys(section)) {
    if (!(RULES as readonly string[]).includes(key)) {
      throw new TbtError('config', `unknown detector "${key}" in detectors`, { location: where, hint: `known detectors: ${RULES.join(', ')}` });
    }
  }
  return {
    nPlusOne: { ...rule(section, 'nPlusOne', base.nPlusOne, where), minRepeats: repeats(section, 'nPlusOne', base.nPlusOne.minRepeats, where) },
    fanOut: { ...rule(section, 'fanOut', base.fanOut, where), minRepeats: repeats(section, 'fanOut', base.fanOut.minRepeats, where) },
    duplicate: rule(section, 'duplicate', base.duplicate, where),
    retry: rule(section, 'retry', base.retry, where),
    newError: rule(section, 'newError', base.newError, where),
    slownessLocus: {
      ...rule(section, 'slownessLocus', base.slownessLocus, where),
      minGrowthMs: growth(section, base.slownessLocus.minGrowthMs, where),
    },
  };
}

function rule(section: Record<string, unknown>, name: RuleName, base: DetectorRuleConfig, where: SourceLocation): DetectorRuleConfig {
  const raw = section[name];
  if (raw === undefined || raw === null) return { enabled: base.enabled, severity: base.severity };
  const toggle = asToggle(raw);
  if (toggle !== undefined) return { enabled: toggle, severity: base.severity };
  const map = asMap(raw, `detectors.${name}`, where);
  const known = ['enabled', 'severity', ...EXTRA_KEYS[name]];
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) {
      throw new TbtError('config', `unknown key "${key}" in detectors.${name}`, { location: where, hint: `known keys: ${known.join(', ')}` });
    }
  }
  let enabled = base.enabled;
  if (map.enabled !== undefined) {
    const value = asToggle(map.enabled);
    if (value === undefined) throw new TbtError('config', `detectors.${name}.enabled must be true or false`, { location: where });
    enabled = value;
  }
  let severity = base.severity;
  if (map.severity !== undefined) {
    if (!SEVERITIES.includes(map.severity as Severity)) {
      throw new TbtError('config', `detectors.${name}.severity must be error, warning or info, not ${JSON.stringify(map.severity)}`, {
        location: where,
      });
    }
    severity = map.severity as Severity;
  }
  return { enabled, severity };
}

function repeats(section: Record<string, unknown>, name: RuleName, base: number, where: SourceLocation): number {
  const raw = section[name];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return base;
  const value = (raw as Record<string, unknown>).minRepeats;
  if (value === undefined) return base;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) {
    throw new TbtError('config', `detectors.${name}.minRepeats must be a whole number of at least 2, not ${JSON.stringify(value)}`, {
      location: where,
    });
  }
  return value;
}

function growth(section: Record<string, unknown>, base: number, where: SourceLocation): number {
  const raw = section.slownessLocus;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return base;
  const value = (raw as Record<string, unknown>).minGrowth;
  if (value === undefined) return base;
  const ms = readDurationMs(value);
  if (ms === undefined) {
    throw new TbtError('config', `detectors.slownessLocus.minGrowth must be a duration such as 5ms, not ${JSON.stringify(value)}`, {
      location: where,
    });
  }
  return ms;
}

function asToggle(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'on') return true;
  if (value === 'off') return false;
  return undefined;
}

function asMap(value: unknown, what: string, where: SourceLocation): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TbtError('config', `${what} must be a map (or on/off), not ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`, {
      location: where,
    });
  }
  return value as Record<string, unknown>;
}
