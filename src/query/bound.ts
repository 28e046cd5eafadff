// The bound forms of selectors, assertions and expressions: what the binder produces and the
// evaluator consumes. Data only.
import type { Combinator, VariableRefAst } from './ast.ts';
import type { FilterDefinition } from './filters.ts';
import type { Operator } from './operators.ts';
import type { PseudoClass } from './pseudo-classes.ts';
import type { Value } from './values.ts';

export type TemplatePart = string | VariableRefAst;

export type SelectorLiteral =
  | { readonly kind: 'constant'; readonly value: Value }
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[] };

export interface BoundFilter {
  readonly key: string;
  readonly operator: Operator;
  /** A typed constant, or text with `${env:…}`/`${var:…}` resolved at selection time. */
  readonly value: SelectorLiteral;
  /** `name = "Tracetest trigger"` also selects tbt's trigger root span. */
  readonly triggerAlias: boolean;
}

export interface BoundStep {
  readonly filters: readonly BoundFilter[];
  readonly pseudo?: { readonly definition: PseudoClass; readonly argument?: number };
}

export interface BoundChain {
  readonly steps: readonly BoundStep[];
  readonly combinators: readonly Combinator[];
}

export interface BoundSelector {
  readonly text: string;
  /** Empty: every span. */
  readonly groups: readonly BoundChain[];
  readonly variables: readonly VariableRefAst[];
}

export type AggregateName = 'count' | 'sum' | 'min' | 'max' | 'avg';

export type BoundExpr =
  | { readonly kind: 'const'; readonly value: Value }
  | { readonly kind: 'template'; readonly parts: readonly (string | BoundExpr)[] }
  | { readonly kind: 'attribute'; readonly key: string }
  | { readonly kind: 'selected-count' }
  | { readonly kind: 'variable'; readonly source: 'env' | 'var'; readonly name: string }
  | { readonly kind: 'array'; readonly items: readonly BoundExpr[] }
  | { readonly kind: 'negate'; readonly operand: BoundExpr }
  | { readonly kind: 'binary'; readonly operator: '+' | '-' | '*' | '/' | '%'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'filter'; readonly filter: FilterDefinition; readonly input: BoundExpr; readonly args: readonly BoundExpr[] }
  | { readonly kind: 'aggregate'; readonly name: AggregateName; readonly arg?: BoundExpr; readonly id: number };

export interface BoundAssertion {
  readonly text: string;
  readonly left: BoundExpr;
  readonly operator: Operator;
  readonly right: BoundExpr;
  /** `per-span` reads span attributes; `once` only reads the selection (counts, aggregates). */
  readonly mode: 'per-span' | 'once';
  /** The side whose value a report shows as observed. */
  readonly observed: 'left' | 'right';
  /** Each side's text as written, so a failure can name what it observed. */
  readonly leftText: string;
  readonly rightText: string;
  /**
   * A literal the binder respelled to the model's vocabulary (`"error"` binds as
   * `"STATUS_CODE_ERROR"`), as the user wrote it: reports speak the user's words on both sides.
   */
  readonly written?: { readonly key: string; readonly literal: Value };
  readonly variables: readonly { readonly source: 'env' | 'var'; readonly name: string }[];
}

export interface BoundExpression {
  readonly text: string;
  readonly expr: BoundExpr;
  readonly mode: 'per-span' | 'once';
  readonly variables: readonly { readonly source: 'env' | 'var'; readonly name: string }[];
}
