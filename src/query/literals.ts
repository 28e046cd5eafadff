// Typing of literals shared by both binders: `kind` and status-code spellings, regex checks.
import { canonicalKind, canonicalStatusCode } from './lookup.ts';
import { str, type Value } from './values.ts';

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

/** Throws through `fail` when `pattern` is not a valid regular expression. */
export function checkRegex(pattern: string, fail: (reason: string) => never): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    fail(`invalid regular expression: ${(error as Error).message}`);
  }
}
