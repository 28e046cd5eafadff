// Typing of literals shared by both binders: `kind` and status-code spellings (and back, for
// messages), regex checks.
import { canonicalKind, canonicalStatusCode } from './lookup.ts';
import { num, str, type Value } from './values.ts';

/** Reads `kind` and status-code literals in the model's spelling (`"SPAN_KIND_CLIENT"` → client). */
export function normalizeLiteral(key: string, value: Value): Value {
  if ((key === 'kind' || key === 'tracetest.span.kind') && value.kind === 'string') {
    const kind = canonicalKind(value.value);
    return kind ? str(kind) : value;
  }
  if (key === 'tracetest.span.status_code' && (value.kind === 'string' || value.kind === 'number')) {
    const code = canonicalStatusCode(value.value);
    return code ? str(code) : value;
  }
  return value;
}

/**
 * `observed` (in the model's spelling) spelled the way `literal` was written, so a message never
 * shows the user's `"error"` as `"STATUS_CODE_ERROR"`: `"error"` → error, `"ERROR"` → ERROR,
 * `2` → 2, `"SPAN_KIND_CLIENT"` → SPAN_KIND_SERVER. Anything else is returned as it is.
 */
export function spellLike(key: string, observed: Value, literal: Value): Value {
  if (observed.kind !== 'string') return observed;
  const written = literal.kind === 'string' ? literal.value.trim() : literal.kind === 'number' ? String(literal.value) : undefined;
  if (written === undefined) return observed;
  const upper = written === written.toUpperCase() && written !== written.toLowerCase();
  if (key === 'kind' || key === 'tracetest.span.kind') {
    const kind = canonicalKind(observed.value);
    if (!kind || !canonicalKind(written)) return observed;
    if (/^span_kind_/i.test(written)) return str(`SPAN_KIND_${kind.toUpperCase()}`);
    return str(upper ? kind.toUpperCase() : kind);
  }
  if (key === 'tracetest.span.status_code') {
    const code = STATUS_NAMES.indexOf(canonicalStatusCode(observed.value) ?? '');
    if (code < 0 || !canonicalStatusCode(written)) return observed;
    const name = (STATUS_NAMES[code] ?? '').replace(/^STATUS_CODE_/, '');
    if (/^\d+$/.test(written)) return literal.kind === 'number' ? num(code) : str(String(code));
    if (/^status_code_/i.test(written)) return str(`STATUS_CODE_${name}`);
    return str(upper ? name : name.toLowerCase());
  }
  return observed;
}

const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Throws through `fail` when `pattern` is not a valid regular expression. */
export function checkRegex(pattern: string, fail: (reason: string) => never): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    fail(`invalid regular expression: ${(error as Error).message}`);
  }
}
