// The syntax trees of the selector and assertion languages, with source offsets. Pure data: no
// model types, no evaluation.

/** Half-open offsets `[start, end)` into the parsed text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** `env:NAME` or `var:NAME`, as written inside `${…}` or as a term. */
export interface VariableRefAst {
  readonly kind: 'env' | 'var';
  readonly name: string;
  readonly span: TextSpan;
}

/** One piece of a quoted string: literal text, or an interpolated `${…}`. */
export type StringPart<E> =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'interpolation'; readonly expr: E; readonly span: TextSpan };

// ── selectors ─────────────────────────────────────────────────────────────────────────────────

/** Selectors and assertions share one operator registry, so they accept the same set. */
type SelectorOperator = ComparisonOperator;

export type SelectorValueAst =
  | { readonly kind: 'string'; readonly parts: readonly StringPart<VariableRefAst>[]; readonly span: TextSpan }
  | { readonly kind: 'number'; readonly value: number; readonly span: TextSpan }
  | { readonly kind: 'duration'; readonly text: string; readonly unit: DurationUnit; readonly span: TextSpan }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: TextSpan };

export interface SelectorFilterAst {
  readonly key: string;
  readonly keySpan: TextSpan;
  readonly operator: SelectorOperator;
  readonly operatorSpan: TextSpan;
  readonly value: SelectorValueAst;
  readonly span: TextSpan;
}

export interface PseudoClassAst {
  /** As written; the binder checks it against the registry. */
  readonly name: string;
  readonly argument?: number;
  readonly span: TextSpan;
}

/** `span[filters]:pseudo` — one compound step of a chain. */
export interface SpanStepAst {
  readonly filters: readonly SelectorFilterAst[];
  readonly pseudo?: PseudoClassAst;
  readonly span: TextSpan;
}

/** How a step relates to the one before it: any depth (a space), or direct child (`>`). */
export type Combinator = 'descendant' | 'child';

export interface SelectorChainAst {
  readonly steps: readonly SpanStepAst[];
  /** `combinators[i]` joins `steps[i]` and `steps[i + 1]`. */
  readonly combinators: readonly Combinator[];
  readonly span: TextSpan;
}

/** A whole selector: `,`-separated chains. No chains means every span (the empty selector). */
export interface SelectorAst {
  readonly groups: readonly SelectorChainAst[];
  readonly span: TextSpan;
}

// ── expressions and assertions ────────────────────────────────────────────────────────────────

export type DurationUnit = 'ns' | 'us' | 'ms' | 's' | 'm' | 'h';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'not-contains' | '=~';

export type ExprAst =
  | { readonly kind: 'number'; readonly value: number; readonly span: TextSpan }
  /** The decimal amount exactly as written (normalized), so no precision is lost. */
  | { readonly kind: 'duration'; readonly text: string; readonly unit: DurationUnit; readonly span: TextSpan }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: TextSpan }
  | { readonly kind: 'string'; readonly parts: readonly StringPart<ExprAst>[]; readonly span: TextSpan }
  | { readonly kind: 'attribute'; readonly key: string; readonly span: TextSpan }
  | { readonly kind: 'env' | 'var'; readonly name: string; readonly span: TextSpan }
  | { readonly kind: 'array'; readonly items: readonly ExprAst[]; readonly span: TextSpan }
  | { readonly kind: 'negate'; readonly operand: ExprAst; readonly span: TextSpan }
  | {
      readonly kind: 'binary';
      readonly operator: ArithmeticOperator;
      readonly left: ExprAst;
      readonly right: ExprAst;
      readonly span: TextSpan;
    }
  | {
      readonly kind: 'filter';
      readonly input: ExprAst;
      readonly name: string;
      readonly nameSpan: TextSpan;
      readonly args: readonly ExprAst[];
      readonly span: TextSpan;
    }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly nameSpan: TextSpan;
      readonly args: readonly ExprAst[];
      readonly span: TextSpan;
    };

/** `LEFT OP RIGHT`. */
export interface AssertionAst {
  readonly left: ExprAst;
  readonly operator: ComparisonOperator;
  readonly operatorSpan: TextSpan;
  readonly right: ExprAst;
  readonly span: TextSpan;
}
