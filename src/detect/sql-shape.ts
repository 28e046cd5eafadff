// The shape of a SQL (or CQL) statement: literals, numbers and placeholders become `?`, IN lists
// and multi-row VALUES collapse, comments and extra whitespace go. Counts what it replaced, since
// a statement whose values are all bound placeholders does not show its parameters.

export interface SqlShape {
  /** `SELECT * FROM stock WHERE sku IN (?)` */
  readonly text: string;
  /** Inline literals (strings, numbers) that were masked: the statement carries its values. */
  readonly literals: number;
  /** Bound placeholders (`?`, `$1`, `:name`, `%s`): the values are not in the statement. */
  readonly placeholders: number;
}

const STRING_LITERAL = /(?:\b[NnEeXxBb])?'(?:[^'\\]|''|\\.)*'/g;
const PLACEHOLDER = /\$\d+|(?<![:\w]):[A-Za-z_]\w*|%\(\w+\)s|%s|\?/g;
const NUMBER = /(?<![\w$])(?:0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?![\w])/gi;
const IN_LIST = /\bIN\s*\(\s*\?(?:\s*,\s*\?)*\s*\)/gi;
const TUPLE = String.raw`\(\s*\?(?:\s*,\s*\?)*\s*\)`;
const REPEATED_TUPLES = new RegExp(`(${TUPLE})(?:\\s*,\\s*${TUPLE})+`, 'g');
const TRANSACTION_CONTROL = /^(?:BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|SAVEPOINT|RELEASE|END)\b/i;

/** Normalizes one statement. Double-quoted text is an identifier (standard SQL), so it stays. */
export function sqlShape(statement: string): SqlShape {
  let literals = 0;
  let placeholders = 0;
  let text = statement.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  text = text.replace(STRING_LITERAL, () => {
    literals += 1;
    return '\u0000';
  });
  text = text.replace(PLACEHOLDER, () => {
    placeholders += 1;
    return '?';
  });
  text = text.replace(NUMBER, () => {
    literals += 1;
    return '?';
  });
  text = text
    .replace(/\u0000/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*;$/, '')
    .replace(IN_LIST, 'IN (?)')
    .replace(REPEATED_TUPLES, '$1');
  return { text, literals, placeholders };
}

/** BEGIN, COMMIT and friends repeat in every transactional loop; they are not calls to judge. */
export function isTransactionControl(statement: string): boolean {
  return TRANSACTION_CONTROL.test(statement.trim());
}
