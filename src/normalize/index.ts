// The normalize stage's public face: from a Trace to the raw span tree and the canonical tree,
// under configurable rules. Pure: no I/O, no environment, no clock.
import type { CanonicalTree, NormalizeRules, SpanTree, Trace } from '../model/index.ts';
import { buildSpanTree } from './build-span-tree.ts';
import { canonicalize } from './canonicalize.ts';

/** Links spans into a tree (siblings by start time, then identity); orphans become extra roots with a warning. */
export { buildSpanTree } from './build-span-tree.ts';
/** The canonical tree: volatile data dropped, values masked, secrets redacted, siblings ordered and collapsed. */
export { canonicalize, Canonicalizer, isTriggerSpan, textMasker } from './canonicalize.ts';
/** A node's identity (service, name, kind and semantic attributes) as a string; diff matches on it. */
export { spanIdentity } from './span-identity.ts';
/** The attribute groups an identity takes (the first key present in each), for stages that intern identities from parts. */
export { IDENTITY_ATTRIBUTE_GROUPS } from './span-identity.ts';
/**
 * tbt's one id masker, which the `mask-ids` rule applies to the canonical tree and the detectors
 * apply to raw values: `order:1` → `order:{id}`, `/users/42` → `/users/{id}`, uuids and hex ids.
 */
export { maskIds } from './mask-ids.ts';
/** True for spans a driver emits depending on pool state: connects, DNS lookups, session `SET`/`SHOW`. */
export { isConnectionSetup } from './connection-spans.ts';
/** The built-in rules and their names (for `disable:`). */
export { DEFAULT_NORMALIZE_RULES } from './default-rules.ts';
/** Validates a `normalize:` YAML section and layers it over inherited rules; throws TbtError('config'). */
export { resolveNormalizeRules } from './resolve-normalize-rules.ts';
/** A 16-hex-digit fingerprint of resolved rules, for the snapshot header. */
export { normalizeFingerprint } from './fingerprint.ts';
/** The redaction of messages (spec failures, errors): the rules' secret part, without volatile masks. */
export { secretRedactor, redactTrace, type SecretRedactor } from './secret-redactor.ts';
export { knownSecretsOf } from './known-secrets.ts';
/** Credential shapes (tokens, keys, DSN passwords, …) redacted in a free text; pure. */
export { redactSecretShapes } from './secret-shapes.ts';

/** Both trees of a trace: the raw one (for query and detect) and the canonical one (for snapshot and diff). */
interface NormalizedTrace {
  readonly spanTree: SpanTree;
  readonly canonical: CanonicalTree;
}

/** `buildSpanTree` then `canonicalize`, the pipeline's usual call. */
export function normalizeTrace(trace: Trace, rules: NormalizeRules): NormalizedTrace {
  const spanTree = buildSpanTree(trace);
  return { spanTree, canonical: canonicalize(spanTree, rules) };
}
