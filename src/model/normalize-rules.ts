// Normalization rules as data: a closed union that normalize applies, that the config and test
// files write (`normalize:`), and whose fingerprint a snapshot header records.

/**
 * Restricts a rule to some spans. Both are globs (`*`, `?`), matched case-insensitively against
 * the span's service and raw name; an absent field matches every span.
 */
export interface RuleScope {
  readonly service?: string;
  readonly span?: string;
}

/**
 * A key pattern: a glob over the dotted attribute key (`http.request.header.*`), or a regular
 * expression written `/…/`. Keys are matched folded (lower case, camelCase humps split with `_`),
 * and nested kvlist keys are matched by their full path (`tbt.response.headers.content-type`).
 * Resource attributes are addressed as `resource.<key>`; the span name, status message and event
 * names as the pseudo-keys `span.name`, `status.message` and `event.name` (masks only).
 */
export type KeyPattern = string;

interface RuleBase {
  /** Set on built-in rules, so that a `disable:` list can switch one off. */
  readonly name?: string;
  readonly where?: RuleScope;
}

/** Remove matching attributes. The first matching drop or keep rule decides. */
export interface DropRule extends RuleBase {
  readonly kind: 'drop';
  readonly key: KeyPattern;
}

/** Keep matching attributes (over later drops); for `resource.*` keys, copy them into the node. */
export interface KeepRule extends RuleBase {
  readonly kind: 'keep';
  readonly key: KeyPattern;
}

/** Replace every match of `pattern` (a regular expression) in string values; `$1` works. */
export interface MaskRule extends RuleBase {
  readonly kind: 'mask';
  /** Absent: every string value, including span names and status messages. */
  readonly key?: KeyPattern;
  readonly pattern: string;
  readonly ignoreCase: boolean;
  readonly replacement: string;
}

/**
 * Replace the whole value by `[REDACTED]`: of attributes whose key matches `key`, and of string
 * values that match `value` (a case-insensitive regular expression). At least one is set.
 */
export interface RedactRule extends RuleBase {
  readonly kind: 'redact';
  readonly key?: KeyPattern;
  readonly value?: string;
}

/**
 * Redact the secret part of every value shaped like a credential (cloud and SaaS tokens, private
 * keys, JWTs, passwords in DSNs, URLs and statements), in every string value and text, before any
 * mask runs. Only the built-ins hold one (`redact-secret-shapes`); `disable:` switches it off.
 */
interface RedactShapesRule extends RuleBase {
  readonly kind: 'redact-shapes';
  /** The version of the shape catalogue, so that the rules' fingerprint follows its changes. */
  readonly version: number;
}

/**
 * Mask the ids that follow `:`, `/`, `-` or `#` (`order:1`, `/users/42`, `cart-1001`) in string
 * values of matching keys, by tbt's built-in id masker (normalize's mask-ids.ts), as `{id}`.
 */
export interface MaskIdsRule extends RuleBase {
  readonly kind: 'mask-ids';
  readonly key: KeyPattern;
}

export type NormalizeRule = DropRule | KeepRule | MaskRule | MaskIdsRule | RedactRule | RedactShapesRule;

/**
 * Resolved rules, most specific first: a test's own rules, then the config's, then the defaults.
 * Masks apply in this order; drop/keep is decided by the first match; redaction always applies
 * to what is not dropped.
 */
export interface NormalizeRules {
  readonly rules: readonly NormalizeRule[];
}
