// The pipe filters of Tracetest's expression language (`attr:x | json_path '$.a'`), one registry
// entry each. A filter that cannot apply fails the assertion with a reason; it never throws out.
import { compileJsonPath, JsonPathSyntaxError, queryJsonPath, type CompiledJsonPath } from './json-path.ts';
import { asNumber, asText, describe, fromJson, typeName, type Value } from './values.ts';

/** An assertion that cannot be evaluated on a span: a value, caught by the evaluator. */
export class EvaluationFailure extends Error {
  override readonly name = 'EvaluationFailure';
}

export interface FilterContext {
  regex(pattern: string): RegExp | string;
  jsonPath(path: string): CompiledJsonPath | string;
}

export interface FilterDefinition {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** What the arguments are, for messages. */
  readonly usage: string;
  /** Checks a constant argument at bind time; returns a reason when it is wrong. */
  checkArg?(index: number, arg: Value): string | undefined;
  apply(input: Value, args: readonly Value[], context: FilterContext): Value;
}

function textOf(input: Value, filter: string): string {
  if (input.kind === 'array' || input.kind === 'object') {
    throw new EvaluationFailure(`${filter} needs text, got ${describe(input)}`);
  }
  return asText(input) ?? '';
}

function patternArg(args: readonly Value[], context: FilterContext, filter: string): RegExp {
  const arg = args[0];
  if (arg?.kind !== 'string') throw new EvaluationFailure(`${filter} needs a pattern in quotes`);
  const pattern = context.regex(arg.value);
  if (typeof pattern === 'string') throw new EvaluationFailure(pattern);
  return new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
}

/** Tracetest's shape: no match → [], one → the value, several → an array. */
function collapse(values: readonly Value[]): Value {
  if (values.length === 1) return values[0] as Value;
  return { kind: 'array', items: values };
}

const checkPattern = (index: number, arg: Value): string | undefined => {
  if (index !== 0) return undefined;
  if (arg.kind !== 'string') return 'the pattern must be in quotes';
  try {
    new RegExp(arg.value);
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
};

const FILTERS: readonly FilterDefinition[] = [
  {
    name: 'json_path',
    minArgs: 1,
    maxArgs: 1,
    usage: "json_path '$.path'",
    checkArg(index, arg) {
      if (arg.kind !== 'string') return 'the path must be in quotes';
      try {
        compileJsonPath(arg.value);
        return undefined;
      } catch (error) {
        return error instanceof JsonPathSyntaxError ? `invalid JSON path: ${error.message}` : String(error);
      }
    },
    apply(input, args, context) {
      const pathArg = args[0];
      if (pathArg?.kind !== 'string') throw new EvaluationFailure('json_path needs a path in quotes');
      const path = context.jsonPath(pathArg.value);
      if (typeof path === 'string') throw new EvaluationFailure(path);
      let document: Value = input;
      if (input.kind === 'string') {
        try {
          document = fromJson(JSON.parse(input.value));
        } catch {
          throw new EvaluationFailure(`json_path needs JSON, got ${describe(input)}`);
        }
      } else if (input.kind !== 'array' && input.kind !== 'object') {
        throw new EvaluationFailure(`json_path needs JSON, got ${describe(input)}`);
      }
      const found = queryJsonPath(path, document);
      if (found.length === 0) throw new EvaluationFailure(`json_path '${pathArg.value}' matched nothing`);
      return collapse(found);
    },
  },
  {
    name: 'regex',
    minArgs: 1,
    maxArgs: 1,
    usage: "regex 'pattern'",
    checkArg: checkPattern,
    apply(input, args, context) {
      const pattern = patternArg(args, context, 'regex');
      const matches = [...textOf(input, 'regex').matchAll(pattern)].map((match): Value => ({ kind: 'string', value: match[0] }));
      return collapse(matches);
    },
  },
  {
    name: 'regex_group',
    minArgs: 1,
    maxArgs: 1,
    usage: "regex_group 'pattern with (groups)'",
    checkArg: checkPattern,
    apply(input, args, context) {
      const pattern = patternArg(args, context, 'regex_group');
      const groups: Value[] = [];
      for (const match of textOf(input, 'regex_group').matchAll(pattern)) {
        for (const group of match.slice(1)) groups.push({ kind: 'string', value: group ?? '' });
      }
      return collapse(groups);
    },
  },
  {
    name: 'get_index',
    minArgs: 1,
    maxArgs: 1,
    usage: "get_index N or get_index 'last'",
    checkArg(index, arg) {
      if (arg.kind === 'string' && arg.value === 'last') return undefined;
      const n = asNumber(arg);
      return n !== undefined && Number.isInteger(n) && n >= 0 ? undefined : "the index must be a whole number ≥ 0 or 'last'";
    },
    apply(input, args) {
      const items = input.kind === 'array' ? input.items : [input];
      const arg = args[0] as Value;
      const index = arg.kind === 'string' && arg.value === 'last' ? items.length - 1 : asNumber(arg);
      if (index === undefined || !Number.isInteger(index) || index < 0) throw new EvaluationFailure(`get_index needs a whole number, got ${describe(arg)}`);
      const item = items[index];
      if (!item) throw new EvaluationFailure(`index ${index} is out of bounds for ${items.length} item(s)`);
      return item;
    },
  },
  {
    name: 'length',
    minArgs: 0,
    maxArgs: 0,
    usage: 'length',
    apply(input) {
      if (input.kind === 'array') return { kind: 'number', value: input.items.length };
      if (input.kind === 'object') return { kind: 'number', value: input.entries.size };
      return { kind: 'number', value: input.kind === 'null' ? 0 : 1 };
    },
  },
  {
    name: 'type',
    minArgs: 0,
    maxArgs: 0,
    usage: 'type',
    apply(input) {
      return { kind: 'string', value: typeName(input) };
    },
  },
];

const BY_NAME = new Map(FILTERS.map((filter) => [filter.name, filter]));

/** The filter registry. */
export function filterFor(name: string): FilterDefinition | undefined {
  return BY_NAME.get(name);
}

export const FILTER_NAMES: readonly string[] = FILTERS.map((filter) => filter.name);
