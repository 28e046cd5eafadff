// Applies resolved NormalizeRules to one span's attributes and texts. Decisions are planned once
// per attribute key (and span scope), so a 100k-span trace costs a map lookup per attribute.
import type { AttributeMap, AttributeValue, Attributes, NormalizeRule, NormalizeRules } from '../model/index.ts';
import { freeKey, orderAlikeValues, setOwnKey, sortedKeys } from '../common/index.ts';
import { compileGlob, compileKeyPattern, foldKey } from './key-pattern.ts';
import { redactSecretShapes } from './secret-shapes.ts';
import { maskSeparatedIds } from './mask-ids.ts';
import { Feature, featuresNeeded, textFeatures } from './mask-prechecks.ts';
import { ValueCache, type RecordSwitch } from './value-cache.ts';
import type { AttributeEntries } from './attribute-entries.ts';

/** What a redacted value becomes. */
export const REDACTED = '[REDACTED]';

/** Pseudo-keys under which texts that are not attributes are masked. */
export type TextKey = 'span.name' | 'status.message' | 'event.name' | 'tbt.response.body';

interface CompiledRule {
  readonly rule: NormalizeRule;
  readonly key?: RegExp;
  readonly value?: RegExp;
  readonly pattern?: RegExp;
  /** The text features (mask-prechecks.ts) `value` or `pattern` needs to match; 0 when unknown. */
  readonly needs?: number;
  readonly service?: RegExp;
  readonly span?: RegExp;
}

/**
 * A regular-expression mask, or the built-in id masker; `needs` are the text features without
 * which it cannot match, so it is skipped (0: always run).
 */
type Mask = { readonly re: RegExp; readonly replacement: string; readonly needs: number } | { readonly ids: true; readonly needs: number };

/** A value-matching redaction, with the features its regex needs. */
interface ValueRedact {
  readonly re: RegExp;
  readonly needs: number;
}

/** What a number's text can hold: digits, `.`, `-` (and `e`, `+`, which no feature names). */
const NUMBER_FEATURES = Feature.digit | Feature.dot | Feature.hyphen;

interface KeyPlan {
  readonly drop: boolean;
  readonly keptExplicitly: boolean;
  readonly redact: boolean;
  /** Credential shapes are redacted in this key's strings (before any mask, which could split one). */
  readonly shapes: boolean;
  readonly masks: readonly Mask[];
  readonly valueRedacts: readonly ValueRedact[];
  /**
   * The value redacts that a number's text could match (by their prechecks): a user's pattern
   * (`'^4111'` on a card number sent as an int) can; the built-in ones need letters or blanks.
   */
  readonly numberRedacts: readonly ValueRedact[];
  readonly cache: ValueCache;
  /** The key as a snapshot shows it: a key can be a secret too (a token used as a map key). */
  readonly shownKey: string;
}

/** Compiles a rule; a bad regular expression throws SyntaxError (resolve validates user rules first). */
export function compileRule(rule: NormalizeRule): CompiledRule {
  const scope = {
    ...(rule.where?.service === undefined ? {} : { service: compileGlob(rule.where.service) }),
    ...(rule.where?.span === undefined ? {} : { span: compileGlob(rule.where.span) }),
  };
  switch (rule.kind) {
    case 'drop':
    case 'keep':
    case 'mask-ids':
      return { rule, key: compileKeyPattern(rule.key), ...scope };
    case 'mask':
      return {
        rule,
        ...(rule.key === undefined ? {} : { key: compileKeyPattern(rule.key) }),
        pattern: new RegExp(rule.pattern, rule.ignoreCase ? 'gi' : 'g'),
        needs: featuresNeeded(rule.pattern, rule.ignoreCase === true),
        ...scope,
      };
    case 'redact':
      return {
        rule,
        ...(rule.key === undefined ? {} : { key: compileKeyPattern(rule.key) }),
        ...(rule.value === undefined ? {} : { value: new RegExp(rule.value, 'i'), needs: featuresNeeded(rule.value, true) }),
        ...scope,
      };
    case 'redact-shapes':
      return { rule, ...scope };
  }
}

/** The rules that apply to the spans of one scope signature, with their per-key plans. */
export class ScopedNormalizer {
  private readonly plans = new Map<string, KeyPlan>();
  private readonly nestedPlans = new Map<string, KeyPlan>();
  /** Keys as shown (see shownKey), for the keys of nested maps, which have no plan of their own. */
  private readonly shownKeys = new Map<string, string>();
  /** Whether a redact-shapes rule applies: it hides credential shapes in keys as well as values. */
  private readonly redactsShapes: boolean;
  /** The `redact: { value }` patterns of no key in particular, which hide a name they match whole. */
  private readonly nameRedacts: readonly RegExp[];
  /** Per resource, the attributes a keep rule asked for; null when none. */
  private readonly resourceCache = new WeakMap<Attributes, Attributes | null>();
  /** The last resource asked about and its answer: a service's spans share one resource object. */
  private lastResource: Attributes | undefined;
  private lastKept: Attributes | null = null;

  /**
   * `knownSecrets`: literal values hidden wherever they occur, longest first. `recordSwitch`: the
   * engine's, which says whether the value memos record for a next trace.
   */
  constructor(
    private readonly active: readonly CompiledRule[],
    private readonly knownSecrets: readonly string[],
    private readonly recordSwitch: RecordSwitch,
  ) {
    this.redactsShapes = active.some((compiled) => compiled.rule.kind === 'redact-shapes');
    this.nameRedacts = active.flatMap((compiled) => (compiled.rule.kind === 'redact' && compiled.key === undefined && compiled.value !== undefined ? [compiled.value] : []));
  }

  /** Normalized attributes (of an event: a span's go through attributeEntries), keys sorted. */
  attributes(attributes: Attributes): Attributes {
    return this.normalizeMap(attributes, '');
  }

  /**
   * A span's normalized attributes plus the resource attributes a keep rule asked for, as entries
   * in key order (code units) written into `entries` (emptied first), without the map:
   * canonicalize asks for a shared map of these entries (content-ids.ts), and most spans'
   * normalized maps were seen before. A kept resource key wins over a span key of its name.
   */
  attributeEntries(attributes: Attributes, resource: Attributes | undefined, entries: AttributeEntries): void {
    entries.clear();
    const keys = sortedKeys(attributes);
    // Raw keys come sorted, and are appended; once a key is shown redacted, entries go in by place.
    let inOrder = true;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = attributes[key];
      if (value === undefined) continue;
      const plan = this.plan(key);
      if (plan.drop) continue;
      const normalized = this.normalizeValue(value, key, plan);
      if (inOrder && plan.shownKey === key) entries.push(key, normalized);
      else {
        inOrder = false;
        entries.put(entries.freeKey(plan.shownKey), normalized);
      }
    }
    if (!inOrder) entries.orderAlike();
    const kept = resource === undefined ? null : this.keptOf(resource);
    if (kept !== null) for (const key of sortedKeys(kept)) entries.put(key, kept[key] as AttributeValue);
  }

  /** The resource attributes a keep rule asked for, or null; looked up once per resource. */
  private keptOf(resource: Attributes): Attributes | null {
    if (resource !== this.lastResource) {
      let kept = this.resourceCache.get(resource);
      if (kept === undefined) {
        const found = this.keptResource(resource);
        kept = Object.keys(found).length === 0 ? null : found;
        this.resourceCache.set(resource, kept);
      }
      this.lastResource = resource;
      this.lastKept = kept;
    }
    return this.lastKept;
  }

  /**
   * One value as it would be normalized under attribute `key` (a credential key gives
   * `[REDACTED]`); `ownName`: the key's own name when `key` is the path of a nested map's key.
   */
  value(key: string, value: AttributeValue, ownName?: string): AttributeValue {
    const plan = this.plan(key, ownName);
    return plan.drop ? value : this.normalizeValue(value, key, plan);
  }

  /** A text that is not an attribute value (a span name, a status message), masked. */
  text(key: TextKey, value: string): string {
    return this.maskString(value, this.plan(key));
  }

  private keptResource(resource: Attributes): Attributes {
    const out: Record<string, AttributeValue> = {};
    for (const key of sortedKeys(resource)) {
      const path = `resource.${key}`;
      const plan = this.plan(path);
      const value = resource[key];
      if (value === undefined || plan.drop || !plan.keptExplicitly) continue;
      setOwnKey(out, plan.shownKey, this.normalizeValue(value, path, plan));
    }
    return out;
  }

  private normalizeMap(map: AttributeMap, prefix: string): AttributeMap {
    const out: Record<string, AttributeValue> = {};
    for (const key of sortedKeys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const plan = this.plan(path, prefix === '' ? undefined : key);
      if (plan.drop) continue;
      setOwnKey(out, freeKey(out, prefix === '' ? plan.shownKey : this.shownName(key)), this.normalizeValue(value, path, plan));
    }
    orderAlikeValues(out);
    return out;
  }

  private normalizeValue(value: AttributeValue, path: string, plan: KeyPlan): AttributeValue {
    if (plan.redact) return REDACTED;
    if (typeof value === 'string') return this.maskString(value, plan);
    if (typeof value === 'number') return plan.numberRedacts.length === 0 && this.knownSecrets.length === 0 ? value : this.maskNumber(value, plan);
    if (typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map((item: AttributeValue) => this.normalizeValue(item, path, plan));
    return this.normalizeMap(value as AttributeMap, path);
  }

  /**
   * A number as a value pattern or a known secret sees it: its decimal text (a PIN or a card
   * number sent as an int is as secret as its string). A known secret must be the whole number.
   */
  private maskNumber(value: number, plan: KeyPlan): AttributeValue {
    const text = String(value);
    if (plan.numberRedacts.some((redact) => redact.re.test(text)) || this.knownSecrets.includes(text)) return REDACTED;
    return value;
  }

  private maskString(value: string, plan: KeyPlan): string {
    if (plan.masks.length === 0 && plan.valueRedacts.length === 0 && !plan.shapes && this.knownSecrets.length === 0) return value;
    const cached = plan.cache.get(value);
    if (cached !== undefined) return cached;
    // One scan says which characters the text holds; a mask or redaction whose regex needs one it
    // lacks is skipped (the same result: a regex that cannot match leaves the text as it is).
    let features = textFeatures(value);
    let out = value;
    let redacted = false;
    for (const redact of plan.valueRedacts) {
      if ((features & redact.needs) === redact.needs && redact.re.test(value)) {
        redacted = true;
        break;
      }
    }
    if (redacted) out = REDACTED;
    else {
      if (plan.shapes) out = redactSecretShapes(out);
      for (const secret of this.knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      if (out !== value) features = textFeatures(out);
      for (const mask of plan.masks) {
        if ((features & mask.needs) !== mask.needs) continue;
        const next = 'ids' in mask ? maskSeparatedIds(out) : out.replace(mask.re, mask.replacement);
        if (next !== out) {
          out = next;
          features = textFeatures(out);
        }
      }
    }
    plan.cache.set(value, out);
    return out;
  }

  /** The values asked for next come from another trace (see ValueCache). */
  nextTrace(): void {
    for (const plans of [this.plans, this.nestedPlans]) for (const plan of plans.values()) plan.cache.nextTrace();
  }

  /**
   * The plan of attribute `path`; `ownName`: the key's own name when `path` is a key inside a
   * nested map (`headers.x-signature`), which a user's `redact` rule matches as well, as a
   * credential key's rule does under any parent (a rule written for a key hides that key wherever
   * a map holds it). Nested plans are kept apart from flat keys', which can spell the same path.
   */
  private plan(path: string, ownName?: string): KeyPlan {
    const plans = ownName === undefined ? this.plans : this.nestedPlans;
    let plan = plans.get(path);
    if (plan === undefined) {
      plan = this.computePlan(foldKey(path), this.shownName(path), ownName === undefined ? undefined : foldKey(ownName));
      plans.set(path, plan);
    }
    return plan;
  }

  /**
   * A key, or a service's name, as a snapshot shows it: credential shapes and known secrets in it
   * redacted, or `[REDACTED]` whole when a `redact: { value }` pattern matches it (rules match it
   * as it is). Worked out once per text.
   */
  shownName(key: string): string {
    let shown = this.shownKeys.get(key);
    if (shown === undefined) {
      // A name a `redact: { value }` pattern matches goes whole, as such a value does.
      if (this.nameRedacts.some((pattern) => pattern.test(key))) shown = REDACTED;
      else {
        shown = this.redactsShapes ? redactSecretShapes(key) : key;
        for (const secret of this.knownSecrets) if (shown.includes(secret)) shown = shown.split(secret).join(REDACTED);
      }
      this.shownKeys.set(key, shown);
    }
    return shown;
  }

  private computePlan(folded: string, shownKey: string, ownName?: string): KeyPlan {
    let decided: 'drop' | 'keep' | undefined;
    let redact = false;
    let shapes = false;
    const masks: Mask[] = [];
    const valueRedacts: ValueRedact[] = [];
    for (const compiled of this.active) {
      const { rule } = compiled;
      // A user's redact rule also matches a nested key by its own name; a built-in one matches
      // paths as written (its `^pass$` is meant for `pass` alone, not `boarding.pass`).
      const keyMatches = compiled.key === undefined || compiled.key.test(folded) || (ownName !== undefined && rule.kind === 'redact' && rule.name === undefined && compiled.key.test(ownName));
      if (!keyMatches) continue;
      if (rule.kind === 'drop' || rule.kind === 'keep') decided ??= rule.kind;
      else if (rule.kind === 'mask' && compiled.pattern) masks.push({ re: compiled.pattern, replacement: rule.replacement, needs: compiled.needs ?? 0 });
      // The id masker looks after a separator for a word with a digit in it.
      else if (rule.kind === 'mask-ids') masks.push({ ids: true, needs: Feature.digit });
      else if (rule.kind === 'redact') {
        if (compiled.value) valueRedacts.push({ re: compiled.value, needs: compiled.needs ?? 0 });
        else redact = true;
      } else if (rule.kind === 'redact-shapes') shapes = true;
    }
    const numberRedacts = valueRedacts.filter((redact) => (redact.needs & ~NUMBER_FEATURES) === 0);
    return { drop: decided === 'drop', keptExplicitly: decided === 'keep', redact, shapes, masks, valueRedacts, numberRedacts, cache: new ValueCache(this.recordSwitch), shownKey };
  }
}

/** Compiled rules, handing out one ScopedNormalizer per distinct set of matching scoped rules. */
export class RuleEngine {
  private readonly compiled: readonly CompiledRule[];
  private readonly scopedIndexes: readonly number[];
  private readonly bySignature = new Map<string, ScopedNormalizer>();
  private readonly unscoped: ScopedNormalizer | undefined;

  private readonly knownSecrets: readonly string[];
  /** Shared with every normalizer and value memo of this engine (see nextTrace). */
  private readonly recordSwitch: RecordSwitch = { recording: false };

  /**
   * `knownSecrets` are values known to be secret in this run (a credential-named environment
   * variable's); they are hidden like a shape, and are no part of the rules' fingerprint.
   */
  constructor(rules: NormalizeRules, knownSecrets: readonly string[] = []) {
    this.compiled = rules.rules.map(compileRule);
    this.knownSecrets = [...new Set(knownSecrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
    this.scopedIndexes = this.compiled.flatMap((rule, index) => (rule.rule.where === undefined ? [] : [index]));
    this.unscoped = this.scopedIndexes.length === 0 ? new ScopedNormalizer(this.compiled, this.knownSecrets, this.recordSwitch) : undefined;
  }

  /**
   * The values asked for next come from another trace (see ValueCache): what the memos recorded
   * becomes their memo, and they record again only when `anotherFollows`.
   */
  nextTrace(anotherFollows: boolean): void {
    this.unscoped?.nextTrace();
    for (const normalizer of this.bySignature.values()) normalizer.nextTrace();
    this.recordSwitch.recording = anotherFollows;
  }

  /** The normalizer for a span of this service and (raw) name. */
  forSpan(service: string, name: string): ScopedNormalizer {
    if (this.unscoped) return this.unscoped;
    let signature = '';
    for (const index of this.scopedIndexes) {
      const rule = this.compiled[index];
      if (rule && (!rule.service || rule.service.test(service)) && (!rule.span || rule.span.test(name))) signature += `${index},`;
    }
    let normalizer = this.bySignature.get(signature);
    if (normalizer === undefined) {
      const matched = new Set(signature.split(',').filter(Boolean).map(Number));
      normalizer = new ScopedNormalizer(
        this.compiled.filter((rule, index) => rule.rule.where === undefined || matched.has(index)),
        this.knownSecrets,
        this.recordSwitch,
      );
      this.bySignature.set(signature, normalizer);
    }
    return normalizer;
  }
}
