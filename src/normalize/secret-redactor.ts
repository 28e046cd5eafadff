// The redaction that messages get: what tbt prints or writes beside the canonical tree (spec and
// assertion failures, error messages, trigger URLs) goes through the same secret rules as the
// snapshot (credential keys, credential shapes, `redact: { value }` patterns, masks whose
// replacement is the redaction marker), but not through the volatile masks: a failure message
// keeps its ids and numbers readable. Pure.
import { PATH_SEPARATOR, type AttributeValue, type Attributes, type InstrumentationScope, type JsonValue, type NormalizeRule, type NormalizeRules, type Span, type Trace } from '../model/index.ts';
import { freeKey, orderAlikeValues, setOwnKey } from '../common/index.ts';
import { REDACTED, RuleEngine, type ScopedNormalizer, type TextKey } from './rule-engine.ts';

export interface SecretRedactor {
  /** A free text (a message, a path, a URL) with credential shapes and credential parameters redacted. */
  text(text: string): string;
  /**
   * A value read from attribute `key` (undefined when it is no attribute's), redacted as a
   * snapshot would redact it: `[REDACTED]` under a credential key or for a `redact: { value }`
   * match, its secret parts otherwise.
   */
  value(key: string | undefined, value: JsonValue): JsonValue;
  /**
   * A span's name, status message or event name, redacted as a snapshot would redact it: unlike a
   * free text, a `redact: { value }` pattern that matches it hides it whole.
   */
  field(key: TextKey, text: string): string;
  /** A span's path (`api › GET /x › payments › charge`), each service and name redacted as a name is (field). */
  path(text: string): string;
}

/** A rule that exists to hide a secret; scopes are dropped, since a message belongs to no one span. */
function secretRuleOf(rule: NormalizeRule): NormalizeRule | undefined {
  const isSecret = rule.kind === 'redact' || rule.kind === 'redact-shapes' || (rule.kind === 'mask' && rule.replacement.includes(REDACTED));
  if (!isSecret) return undefined;
  const { where: _scope, ...unscoped } = rule;
  return unscoped;
}

/** What ends a word of a free text around a value: a blank, a quote or a bracket, a separator. */
const WORD_EDGE = `\\s"'\`,;()\\[\\]{}<>`;

/**
 * A `redact: { value }` pattern as a mask for free texts. Tested on a whole sentence, `^sk_live_`
 * would miss a key in its middle, and an unanchored pattern would hide only what it names of a
 * word: anchors at the pattern's ends become a word's edges, and the rest of the word after a
 * match goes with it (`card 4111111111111111 declined` → `card [REDACTED] declined`).
 */
function tokenMaskOf(value: string): NormalizeRule {
  let body = value;
  let start = '';
  if (body.startsWith('^')) {
    body = body.slice(1);
    start = `(?<![^${WORD_EDGE}])`;
  }
  // A `$` at the end (not an escaped `\$`) becomes the end of a word.
  let end = '';
  if (body.endsWith('$') && !/(^|[^\\])(\\\\)*\\\$$/.test(body)) {
    body = body.slice(0, -1);
    end = `(?![^${WORD_EDGE}])`;
  }
  return { kind: 'mask', pattern: `${start}(?:${body})${end}[^${WORD_EDGE}]*`, ignoreCase: true, replacement: REDACTED };
}

/**
 * The message redactor of these rules. `knownSecrets` are literal values to hide wherever they
 * occur (say, the values of credential-named environment variables a trigger expanded); values
 * shorter than 4 characters are ignored, as replacing them would mangle ordinary words.
 */
export function secretRedactor(rules: NormalizeRules, knownSecrets: readonly string[] = []): SecretRedactor {
  const secretRules = rules.rules.flatMap((rule) => secretRuleOf(rule) ?? []);
  const values: ScopedNormalizer = new RuleEngine({ rules: secretRules }).forSpan('', '');
  // A free text (a warning, a message) holds values among other words: a user's whole-value
  // pattern hides the words it matches instead of the text (see tokenMaskOf). A built-in one (a
  // rule with a name) is left out: it has a mask of its own for texts (`Bearer x` in a sentence),
  // and as words it would hide prose (`missing Bearer header`).
  const texts: ScopedNormalizer = new RuleEngine({
    rules: secretRules.flatMap((rule) => {
      if (rule.kind !== 'redact' || rule.value === undefined) return [rule];
      return rule.name === undefined ? [tokenMaskOf(rule.value)] : [];
    }),
  }).forSpan('', '');
  const known = [...new Set(knownSecrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  /** `ownName`: the last key of `key` when it is a path inside a map (ScopedNormalizer.value). */
  const redactJson = (key: string, value: JsonValue, ownName?: string): JsonValue => {
    if (value === null) return null;
    if (typeof value === 'string') return scrub(values.value(key, value, ownName) as string);
    if (typeof value === 'number' || typeof value === 'boolean') {
      // A number is a known secret only as a whole (a PIN sent as an int).
      if (typeof value === 'number' && known.includes(String(value))) return REDACTED;
      const shown = values.value(key, value, ownName);
      return shown === value ? value : REDACTED;
    }
    if (Array.isArray(value)) return value.map((item: JsonValue) => redactJson(key, item, ownName));
    const out: Record<string, JsonValue> = {};
    for (const [inner, item] of Object.entries(value as Record<string, JsonValue>)) {
      const path = key === '' ? inner : `${key}.${inner}`;
      const own = key === '' ? undefined : inner;
      // A credential key inside a map hides its whole value, like a kvlist in a snapshot.
      const hidden = values.value(path, 'x' as AttributeValue, own) === REDACTED && item !== null;
      // A key can be a secret too; keys that redact alike keep every value (`… (2)`).
      setOwnKey(out, freeKey(out, scrub(texts.text('status.message', inner))), hidden ? REDACTED : redactJson(path, item, own));
    }
    orderAlikeValues(out);
    return out;
  };
  return {
    text: (text) => scrub(texts.text('status.message', text)),
    value: (key, value) => redactJson(key ?? '', value),
    field: (key, text) => scrub(values.text(key, text)),
    path: (text) => text.split(PATH_SEPARATOR).map((part) => scrub(values.text('span.name', part))).join(PATH_SEPARATOR),
  };
}

/**
 * The trace with every text of its spans (names, services, attribute keys and values, status
 * messages, events, links, resources and scopes) redacted; spans without a secret are kept as
 * they are. Detectors read this: they mask ids in what they quote before normalize sees it, which
 * would break a shape apart. `tbt receive --out` writes it: a file of the trace as received.
 */
export function redactTrace(trace: Trace, redactor: SecretRedactor): Trace {
  // A resource or scope is one object for all the spans of a batch: each is redacted once.
  const shared = new SharedRedactions(redactor);
  let changed = false;
  const spans = trace.spans.map((span) => {
    const redacted = redactSpan(span, redactor, shared);
    if (redacted !== span) changed = true;
    return redacted;
  });
  return changed ? { ...trace, spans } : trace;
}

/** Resources and scopes redacted once each, by object. */
class SharedRedactions {
  private readonly resources = new Map<Attributes, Attributes>();
  private readonly scopes = new Map<InstrumentationScope, InstrumentationScope>();

  constructor(private readonly redactor: SecretRedactor) {}

  resource(resource: Attributes): Attributes {
    let shown = this.resources.get(resource);
    if (shown === undefined) {
      shown = redactAttributes(resource, this.redactor);
      this.resources.set(resource, shown);
    }
    return shown;
  }

  scope(scope: InstrumentationScope): InstrumentationScope {
    let shown = this.scopes.get(scope);
    if (shown === undefined) {
      const name = this.redactor.text(scope.name);
      const version = scope.version === undefined ? undefined : this.redactor.text(scope.version);
      const attributes = redactAttributes(scope.attributes, this.redactor);
      shown = name === scope.name && version === scope.version && attributes === scope.attributes
        ? scope
        : { ...scope, name, ...(version === undefined ? {} : { version }), attributes };
      this.scopes.set(scope, shown);
    }
    return shown;
  }
}

function redactSpan(span: Span, redactor: SecretRedactor, shared: SharedRedactions): Span {
  const name = redactor.field('span.name', span.name);
  const service = redactor.text(span.service);
  const attributes = redactAttributes(span.attributes, redactor);
  const resource = shared.resource(span.resource);
  const scope = shared.scope(span.scope);
  const message = span.status.message === undefined ? undefined : redactor.field('status.message', span.status.message);
  let eventsChanged = false;
  const events = span.events.map((event) => {
    const eventName = redactor.field('event.name', event.name);
    const eventAttributes = redactAttributes(event.attributes, redactor);
    if (eventName === event.name && eventAttributes === event.attributes) return event;
    eventsChanged = true;
    return { ...event, name: eventName, attributes: eventAttributes };
  });
  let linksChanged = false;
  const links = span.links.map((link) => {
    const linkAttributes = redactAttributes(link.attributes, redactor);
    if (linkAttributes === link.attributes) return link;
    linksChanged = true;
    return { ...link, attributes: linkAttributes };
  });
  const same = name === span.name && service === span.service && attributes === span.attributes && resource === span.resource &&
    scope === span.scope && message === span.status.message && !eventsChanged && !linksChanged;
  if (same) return span;
  return {
    ...span,
    name,
    service,
    attributes,
    resource,
    scope,
    status: message === undefined ? span.status : { ...span.status, message },
    events,
    links,
  };
}

/**
 * The attributes with their keys and values redacted (a key can be a secret: a token used as a
 * map key); the same object when nothing changed. Keys that redact alike keep every value: the
 * second is `[REDACTED] (2)`, and so on.
 */
function redactAttributes(attributes: Attributes, redactor: SecretRedactor): Attributes {
  let out: Record<string, AttributeValue> | undefined;
  const entries = Object.entries(attributes);
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i] as [string, AttributeValue];
    const shownKey = redactor.text(key);
    const shown = redactor.value(key, value as JsonValue) as AttributeValue;
    if (out === undefined) {
      const unchanged = shownKey === key && (shown === value || (typeof value === 'object' && JSON.stringify(shown) === JSON.stringify(value)));
      if (unchanged) continue;
      // Rebuilt from here on, in the same order: the entries before this one were unchanged.
      out = {};
      for (let j = 0; j < i; j++) setOwnKey(out, (entries[j] as [string, AttributeValue])[0], (entries[j] as [string, AttributeValue])[1]);
    }
    setOwnKey(out, freeKey(out, shownKey), shown);
  }
  if (out === undefined) return attributes;
  orderAlikeValues(out);
  return out;
}

