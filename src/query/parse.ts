// The grammar layer's face: text in, syntax tree with offsets out, or a ParseError. It imports
// neither the model's span types nor the evaluator (CRAFT.md §4).
export { parseSelector } from './parse-selector.ts';
export { parseAssertion, parseExpression } from './parse-expression.ts';
