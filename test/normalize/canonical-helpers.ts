// Shortcuts for canonicalize tests: one span in, its canonical node out.
import { buildSpanTree, canonicalize, DEFAULT_NORMALIZE_RULES } from '../../src/normalize/index.ts';
import type { CanonicalNode, CanonicalTree, NormalizeRules } from '../../src/model/index.ts';
import { trace, type SpanSpec } from './span-builder.ts';

export function canonical(specs: readonly SpanSpec[], rules: NormalizeRules = DEFAULT_NORMALIZE_RULES): CanonicalTree {
  return canonicalize(buildSpanTree(trace(specs)), rules);
}

/** The canonical form of a single root span. */
export function one(spec: Omit<SpanSpec, 'id'>, rules: NormalizeRules = DEFAULT_NORMALIZE_RULES): CanonicalNode {
  const node = canonical([{ id: '1', ...spec }], rules).roots[0];
  if (!node) throw new Error('no root');
  return node;
}

/** A compact, order-revealing outline: `name×count~` (~ = concurrent), children indented. */
export function outline(tree: CanonicalTree): string {
  const lines: string[] = [];
  const stack: [CanonicalNode, number][] = [...tree.roots].reverse().map((node) => [node, 0]);
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    lines.push(`${'  '.repeat(depth)}${node.name}${node.count > 1 ? `×${node.count}` : ''}${node.concurrent ? '~' : ''}`);
    for (const child of [...node.children].reverse()) stack.push([child, depth + 1]);
  }
  return lines.join('\n');
}
