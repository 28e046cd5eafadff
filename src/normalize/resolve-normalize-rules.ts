// Validates a `normalize:` section (config or test) and layers it over the inherited rules.
//
// The YAML shape (every key optional; the same in tbt.config.yaml and in a test file):
//
//   normalize:
//     defaults: true              # false: start empty instead of inheriting (the built-ins, and in
//                                 # a test also the config's rules). Secrets are then yours to redact.
//     disable: [mask-ids, drop-payload-sizes]   # inherited rules to switch off, by name
//     keep: [server.port, resource.deployment.environment]  # keep over a later drop; resource.* copies
//     drop: ['http.request.header.x-*', { key: order.note, service: order-service }]
//     redact: [x-internal-signature, { value: '^sk_live_' }] # by key, or by a value regex
//     mask:
//       - pattern: 'ORD-\d+'      # a regular expression, applied to string values
//         replacement: 'ORD-{n}'  # default "{masked}"; $1 refers to a group
//         key: order.number       # optional: only these keys (default: every string value)
//         ignore_case: true       # optional, default false
//     ids: [order.ref, { key: cart.key, service: cart }]   # more keys for the built-in id masker
//
// Keys are globs (`*`, `?`) or `/regex/`, matched case-insensitively on the folded key (camelCase
// split by `_`), nested kvlist keys by their dotted path. Any drop/keep/redact entry may be an
// object `{ key, service, span }`, and a mask may carry `service`/`span`, to apply to some spans
// only. Precedence: a test's rules, then the config's, then the built-ins; within one section,
// keep beats drop. The first matching drop/keep decides; masks all apply in that order; a redact
// applies to whatever is not dropped.
import { TbtError, type NormalizeRule, type NormalizeRules, type RuleScope, type SourceLocation } from '../model/index.ts';
import { isRegexPattern } from './key-pattern.ts';

const SECTION_KEYS = ['defaults', 'disable', 'keep', 'drop', 'redact', 'mask', 'ids'];
const SCOPED_KEYS = ['key', 'service', 'span'];
const REDACT_KEYS = ['key', 'value', 'service', 'span'];
const MASK_KEYS = ['pattern', 'replacement', 'key', 'ignore_case', 'service', 'span'];

/**
 * Resolves a raw `normalize:` section over `base` (the built-ins, or the config's resolved rules
 * for a test). `undefined`/`null` returns `base`. Bad input throws TbtError('config') naming the
 * offending key, at `where`.
 */
export function resolveNormalizeRules(raw: unknown, base: NormalizeRules, where: SourceLocation): NormalizeRules {
  if (raw === undefined || raw === null) return base;
  const fail = (path: string, problem: string, hint?: string): never => {
    throw new TbtError('config', `normalize${path}: ${problem}`, { location: where, ...(hint === undefined ? {} : { hint }) });
  };
  const section = asRecord(raw, '', fail);
  for (const key of Object.keys(section)) {
    if (!SECTION_KEYS.includes(key)) fail(`.${key}`, 'unknown key', `valid keys: ${SECTION_KEYS.join(', ')}`);
  }

  let inherited = base.rules;
  const defaults = section['defaults'];
  if (defaults !== undefined && typeof defaults !== 'boolean') fail('.defaults', 'expected true or false');
  if (defaults === false) inherited = [];

  const disable = listOf(section['disable'], '.disable', fail);
  if (disable.length > 0) {
    const known = new Set(base.rules.flatMap((rule) => (rule.name === undefined ? [] : [rule.name])));
    const names = disable.map((item, i) => (typeof item === 'string' ? item : fail(`.disable[${i}]`, 'expected a rule name')));
    names.forEach((name, i) => {
      if (!known.has(name)) fail(`.disable[${i}]`, `no inherited rule is named ${JSON.stringify(name)}`, `names: ${[...known].join(', ')}`);
    });
    inherited = inherited.filter((rule) => rule.name === undefined || !names.includes(rule.name));
  }

  const own: NormalizeRule[] = [];
  for (const [sectionKey, kind] of [['keep', 'keep'], ['drop', 'drop'], ['ids', 'mask-ids']] as const) {
    listOf(section[sectionKey], `.${sectionKey}`, fail).forEach((item, i) => {
      const path = `.${sectionKey}[${i}]`;
      const fields = typeof item === 'string' ? { key: item } : pick(asRecord(item, path, fail), SCOPED_KEYS, path, fail);
      const key = keyPattern(fields['key'], typeof item === 'string' ? path : `${path}.key`, fail);
      own.push({ kind, key, ...scopeOf(fields, path, fail) });
    });
  }
  listOf(section['redact'], '.redact', fail).forEach((item, i) => {
    const path = `.redact[${i}]`;
    const fields = typeof item === 'string' ? { key: item } : pick(asRecord(item, path, fail), REDACT_KEYS, path, fail);
    if (fields['key'] === undefined && fields['value'] === undefined) fail(path, 'needs a key or a value pattern');
    const rule: NormalizeRule = {
      kind: 'redact',
      ...(fields['key'] === undefined ? {} : { key: keyPattern(fields['key'], typeof item === 'string' ? path : `${path}.key`, fail) }),
      ...(fields['value'] === undefined ? {} : { value: regex(text(fields['value'], `${path}.value`, fail), 'i', `${path}.value`, fail) }),
      ...scopeOf(fields, path, fail),
    };
    own.push(rule);
  });
  listOf(section['mask'], '.mask', fail).forEach((item, i) => {
    const path = `.mask[${i}]`;
    const fields = pick(asRecord(item, path, fail), MASK_KEYS, path, fail);
    const ignoreCase = fields['ignore_case'] ?? false;
    if (typeof ignoreCase !== 'boolean') fail(`${path}.ignore_case`, 'expected true or false');
    const replacement = fields['replacement'] ?? '{masked}';
    if (typeof replacement !== 'string') fail(`${path}.replacement`, 'expected a string');
    const rule: NormalizeRule = {
      kind: 'mask',
      ...(fields['key'] === undefined ? {} : { key: keyPattern(fields['key'], `${path}.key`, fail) }),
      pattern: regex(text(fields['pattern'], `${path}.pattern`, fail), ignoreCase === true ? 'gi' : 'g', `${path}.pattern`, fail),
      ignoreCase: ignoreCase === true,
      replacement: String(replacement),
      ...scopeOf(fields, path, fail),
    };
    own.push(rule);
  });
  return { rules: [...own, ...inherited] };
}

type Fail = (path: string, problem: string, hint?: string) => never;

function asRecord(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'expected a map');
  return value as Record<string, unknown>;
}

function listOf(value: unknown, path: string, fail: Fail): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return fail(path, 'expected a list');
  return value;
}

function pick(record: Record<string, unknown>, allowed: readonly string[], path: string, fail: Fail): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, 'unknown key', `valid keys: ${allowed.join(', ')}`);
  }
  return record;
}

function text(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string' || value === '') return fail(path, 'expected a non-empty string');
  return value;
}

function keyPattern(value: unknown, path: string, fail: Fail): string {
  const pattern = text(value, path, fail);
  if (isRegexPattern(pattern)) regex(pattern.slice(1, -1), 'i', path, fail);
  return pattern;
}

function scopeOf(fields: Record<string, unknown>, path: string, fail: Fail): { where?: RuleScope } {
  const service = fields['service'] === undefined ? undefined : text(fields['service'], `${path}.service`, fail);
  const span = fields['span'] === undefined ? undefined : text(fields['span'], `${path}.span`, fail);
  if (service === undefined && span === undefined) return {};
  return { where: { ...(service === undefined ? {} : { service }), ...(span === undefined ? {} : { span }) } };
}

/** Compiles a regular expression now, so a bad one is reported here, with its key. */
function regex(source: string, flags: string, path: string, fail: Fail): string {
  try {
    new RegExp(source, flags);
  } catch (error) {
    fail(path, `not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
  }
  return source;
}
