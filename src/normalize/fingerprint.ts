// A short, stable fingerprint of resolved rules, recorded in a snapshot header so that a change
// of normalization settings is told apart from a change of behaviour.
import type { NormalizeRule, NormalizeRules } from '../model/index.ts';
import { hash64 } from './content-hash.ts';
import { ID_MASKER_VERSION } from './mask-ids.ts';

/**
 * Bumped when the built-in behaviour (ordering, collapsing, body shapes, how rules match) changes.
 * 2: a user's redact key rule matches keys inside nested maps by their own name, and value
 * patterns and known secrets see numbers.
 */
export const NORMALIZE_ALGORITHM_VERSION = 2;

/**
 * 16 hex digits over the rules' behaviour: kinds, keys, patterns, scopes, in order. Rule names
 * are left out, since renaming a rule changes nothing in a snapshot.
 */
export function normalizeFingerprint(rules: NormalizeRules): string {
  const parts = rules.rules.map((rule) => JSON.stringify(behaviourOf(rule)));
  return hash64(`tbt-normalize/${NORMALIZE_ALGORITHM_VERSION}\n${parts.join('\n')}`);
}

function behaviourOf(rule: NormalizeRule): unknown[] {
  const scope = [rule.where?.service ?? null, rule.where?.span ?? null];
  switch (rule.kind) {
    case 'drop':
    case 'keep':
      return [rule.kind, rule.key, ...scope];
    case 'mask-ids':
      return [rule.kind, rule.key, ID_MASKER_VERSION, ...scope];
    case 'mask':
      return [rule.kind, rule.key ?? null, rule.pattern, rule.ignoreCase, rule.replacement, ...scope];
    case 'redact':
      return [rule.kind, rule.key ?? null, rule.value ?? null, ...scope];
    case 'redact-shapes':
      return [rule.kind, rule.version, ...scope];
  }
}
