// Binds selector syntax trees: operators and pseudo-classes from their registries, typed
// literals, checked regexes; each problem is a ParseError at the offending part.
import type { SelectorValueAst, TextSpan, VariableRefAst } from './ast.ts';
import type { BoundChain, BoundFilter, BoundSelector, BoundStep, SelectorLiteral, TemplatePart } from './bound.ts';
import { fromDecimal } from './duration.ts';
import { ParseError } from './errors.ts';
import { checkRegex, normalizeLiteral } from './literals.ts';
import { operatorFor } from './operators.ts';
import { parseSelector } from './parse.ts';
import { pseudoClassFor, PSEUDO_CLASS_NAMES } from './pseudo-classes.ts';
import { dur, num, str } from './values.ts';

const TRIGGER_ALIAS = 'Tracetest trigger';

export function bindSelectorText(text: string): BoundSelector {
  const ast = parseSelector(text);
  const variables: VariableRefAst[] = [];
  const fail = (span: TextSpan, reason: string, hint?: string): never => {
    throw new ParseError('selector', text, span.start, reason, hint);
  };
  const groups = ast.groups.map((chain): BoundChain => ({
    combinators: chain.combinators,
    steps: chain.steps.map((step): BoundStep => {
      const filters = step.filters.map((filter): BoundFilter => {
        const value = bindSelectorValue(filter.key, filter.value, variables);
        if (filter.operator === '=~' && value.kind === 'constant') {
          if (value.value.kind !== 'string') fail(filter.value.span, '=~ needs a pattern in quotes');
          else checkRegex(value.value.value, (reason) => fail(filter.value.span, reason));
        }
        const triggerAlias =
          filter.key === 'name' && filter.operator === '=' && value.kind === 'constant' && value.value.kind === 'string' && value.value.value === TRIGGER_ALIAS;
        return { key: filter.key, operator: operatorFor(filter.operator), value, triggerAlias };
      });
      if (!step.pseudo) return { filters };
      const definition = pseudoClassFor(step.pseudo.name);
      if (!definition) return fail(step.pseudo.span, `unknown pseudo-class ":${step.pseudo.name}"`, `pseudo-classes: ${PSEUDO_CLASS_NAMES.map((name) => `:${name}`).join(' ')}`);
      const problem = definition.check(step.pseudo.argument);
      if (problem) fail(step.pseudo.span, problem);
      return { filters, pseudo: { definition, ...(step.pseudo.argument === undefined ? {} : { argument: step.pseudo.argument }) } };
    }),
  }));
  return { text, groups, variables };
}

function bindSelectorValue(key: string, value: SelectorValueAst, variables: VariableRefAst[]): SelectorLiteral {
  switch (value.kind) {
    case 'number':
      return { kind: 'constant', value: normalizeLiteral(key, num(value.value)) };
    case 'duration':
      return { kind: 'constant', value: dur(fromDecimal(value.text, value.unit)) };
    case 'boolean':
      return { kind: 'constant', value: { kind: 'boolean', value: value.value } };
    case 'string': {
      if (value.parts.every((part) => part.kind === 'text')) {
        const text = value.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
        return { kind: 'constant', value: normalizeLiteral(key, str(text)) };
      }
      const parts = value.parts.map((part): TemplatePart => {
        if (part.kind === 'text') return part.text;
        variables.push(part.expr);
        return part.expr;
      });
      return { kind: 'template', parts };
    }
  }
}
