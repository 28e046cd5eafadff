// `${env:X}` and `${var:X}` in triggers, substituted at run time. A missing variable is a
// TbtError('variable') naming the variable and where it was used; tbt never prompts for it.
import { TbtError, type SourceLocation } from '../model/index.ts';
import type { EvaluationScope, TextOrigin } from '../query/index.ts';
import type { FieldOrigins } from './read-trigger.ts';

interface TriggerSource {
  readonly origins: FieldOrigins;
  /** The trigger's own position: the fallback for a field with no recorded origin. */
  readonly at?: SourceLocation;
}

const triggerSources = new WeakMap<object, TriggerSource>();

/** Called by the loader: where the trigger it built, and each of its fields, was written. */
export function rememberOrigins(trigger: object, origins: FieldOrigins, at?: SourceLocation): void {
  triggerSources.set(trigger, { origins, ...(at ? { at } : {}) });
}

/** Where a field of a loaded trigger (`url`, `headers.x-key`) was written, when the loader knows. */
export function locateTriggerField(trigger: object, field: string): SourceLocation | undefined {
  const source = triggerSources.get(trigger);
  const origin = source?.origins.get(field);
  if (!origin || origin.line === undefined) return source?.at;
  return { file: origin.file, line: origin.line, ...(origin.column !== undefined ? { column: origin.column } : {}) };
}

const MAX_DEPTH = 16;

function positionIn(origin: TextOrigin | undefined, text: string, offset: number, fallback: SourceLocation): SourceLocation {
  if (!origin || origin.line === undefined || origin.column === undefined) return fallback;
  if (origin.layout === 'inline') return { file: origin.file, line: origin.line, column: origin.column + offset };
  if (origin.layout === 'block') {
    const before = text.slice(0, offset);
    const lineIndex = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    return { file: origin.file, line: origin.line + lineIndex, column: origin.column + column };
  }
  return { file: origin.file, line: origin.line, column: origin.column };
}

/** A `${env:X}` or `${var:X}` with no value: the run throws it; `tbt check` collects it. */
type OnMissing = (error: TbtError, namespace: 'env' | 'var') => string;

const throwMissing: OnMissing = (error) => {
  throw error;
};

interface Expansion {
  readonly scope: EvaluationScope;
  readonly field: string;
  readonly locate: (offset: number) => SourceLocation;
  readonly onMissing: OnMissing;
}

/** Index just past the `}` closing the `${` at `start`, or -1 when it is never closed. */
function closingBrace(text: string, start: number): number {
  let depth = 1;
  for (let index = start + 2; index < text.length; index++) {
    if (text.startsWith('${', index)) {
      depth++;
      index++;
    } else if (text.charAt(index) === '}' && --depth === 0) {
      return index + 1;
    }
  }
  return -1;
}

function expand(text: string, expansion: Expansion, depth: number, located: boolean): string {
  if (depth > MAX_DEPTH) {
    throw new TbtError('variable', `variables refer to each other too deeply in ${expansion.field}`, { location: expansion.locate(0) });
  }
  let out = '';
  let cursor = 0;
  for (;;) {
    const start = text.indexOf('${', cursor);
    if (start < 0) return out + text.slice(cursor);
    out += text.slice(cursor, start);
    const end = closingBrace(text, start);
    if (end < 0) return out + text.slice(start);
    const inner = text.slice(start + 2, end - 1);
    const match = /^\s*(env|var|base64)\s*:([\s\S]*)$/.exec(inner);
    cursor = end;
    // Other namespaces (`${port:…}` belongs to the config) pass through untouched.
    if (!match) {
      out += text.slice(start, end);
      continue;
    }
    const namespace = match[1] as 'env' | 'var' | 'base64';
    const rest = match[2] ?? '';
    if (namespace === 'base64') {
      out += Buffer.from(expand(rest, expansion, depth + 1, false)).toString('base64');
      continue;
    }
    const name = rest.trim();
    const value = namespace === 'env' ? expansion.scope.env[name] : Object.prototype.hasOwnProperty.call(expansion.scope.vars, name) ? expansion.scope.vars[name] : undefined;
    if (value === undefined) {
      const error = new TbtError('variable', `variable ${namespace}:${name} is not set (used in ${expansion.field})`, {
        location: expansion.locate(located ? start : 0),
        hint:
          namespace === 'env'
            ? `set the environment variable ${name}`
            : `define ${name} in a VariableSet passed with --vars, or as an output of an earlier suite step`,
      });
      out += expansion.onMissing(error, namespace);
      continue;
    }
    // A VariableSet value may itself name an environment variable.
    out += namespace === 'var' ? expand(value, expansion, depth + 1, false) : value;
  }
}

/** The origin of the closest enclosing field that has one: `body.cart.0.sku`, then `body.cart.0`, … */
function enclosingOrigin(origins: FieldOrigins | undefined, path: string): TextOrigin | undefined {
  if (!origins) return undefined;
  for (let field = path; field !== ''; field = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : '') {
    const origin = origins.get(field);
    if (origin) return origin;
  }
  return undefined;
}

interface WalkContext {
  readonly scope: EvaluationScope;
  readonly where: SourceLocation;
  readonly origins: FieldOrigins | undefined;
  readonly label: string;
  readonly onMissing: OnMissing;
}

function walk(value: unknown, path: string, context: WalkContext, depth: number): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    // A field's own origin gives the exact column; otherwise the start of the closest field
    // around it, else the trigger itself.
    const exact = context.origins?.get(path);
    const origin = exact ?? enclosingOrigin(context.origins, path);
    const base: SourceLocation = origin
      ? { file: origin.file, ...(origin.line !== undefined ? { line: origin.line } : {}), ...(origin.column !== undefined ? { column: origin.column } : {}) }
      : context.where;
    const locate = (offset: number): SourceLocation => (exact ? positionIn(exact, value, offset, base) : base);
    return expand(value, { scope: context.scope, field: `${context.label}${path ? ` ${path}` : ''}`, locate, onMissing: context.onMissing }, 0, true);
  }
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}.${index}`, context, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = key === 'kind' && depth === 0 ? inner : walk(inner, path ? `${path}.${key}` : key, context, depth + 1);
  return out;
}

/**
 * Returns a copy of `value` (a trigger, usually) with every `${env:X}` and `${var:X}` in its
 * strings replaced from `scope`. Throws TbtError('variable') for a missing one, located at the
 * field that uses it (line and column) when the loader recorded where that was; else at `where`
 * when it has a line (pass `TestDefinition.triggerLocation`), else where the loader saw the trigger.
 */
export function resolveTemplates<T>(value: T, scope: EvaluationScope, where: SourceLocation): T {
  const source = typeof value === 'object' && value !== null ? triggerSources.get(value) : undefined;
  const resolved = walkTrigger(value, scope, where, throwMissing) as T;
  if (source && typeof resolved === 'object' && resolved !== null) triggerSources.set(resolved, source);
  return resolved;
}

/**
 * `tbt check`'s view of what a run would refuse: one located TbtError per `${env:X}` or
 * `${var:X}` in `value` (or in a `${var:X}` value it uses) that `scope` lacks. A suite's earlier
 * steps set their outputs at run time: the caller puts their names in `scope.vars`.
 */
export function unsetVariables(value: unknown, scope: EvaluationScope, where: SourceLocation): TbtError[] {
  const unset: TbtError[] = [];
  walkTrigger(value, scope, where, (error) => {
    unset.push(error);
    return '';
  });
  return unset;
}

function walkTrigger(value: unknown, scope: EvaluationScope, where: SourceLocation, onMissing: OnMissing): unknown {
  const source = typeof value === 'object' && value !== null ? triggerSources.get(value) : undefined;
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? String((value as { kind: unknown }).kind) : undefined;
  const label = kind ? `trigger ${kind}` : 'trigger';
  const fallback = where.line === undefined && source?.at ? source.at : where;
  return walk(value, '', { scope, where: fallback, origins: source?.origins, label, onMissing }, 0);
}
