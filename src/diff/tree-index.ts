// Flattens a canonical tree into arrays (pre-order, parent links, content hashes) so that matching
// is iterative and never recurses: a 100k-deep chain must not overflow the stack.
import type { AttributeValue, CanonicalNode, CanonicalTree } from '../model/index.ts';

/** Gives equal strings the same small integer, across both trees of one diff. */
export class Interner {
  private readonly ids = new Map<string, number>();

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }
}

/**
 * One tree, flattened. Index 0 is a virtual root whose children are the tree's roots, so the
 * roots are matched like any other siblings. Indices follow pre-order: a parent precedes its
 * descendants, and a subtree is the contiguous range `[i, i + size[i])`.
 */
export interface TreeIndex {
  readonly nodes: readonly CanonicalNode[];
  readonly parent: Int32Array;
  readonly children: readonly (readonly number[])[];
  readonly size: Int32Array;
  /** Sequential phase among siblings: it grows at each sibling that did not overlap the previous. */
  readonly phase: Int32Array;
  /** Interned identity (what matching pairs on). */
  readonly identity: Int32Array;
  /** Interned identity + attributes + status + events: equal when the span itself is unchanged. */
  readonly self: Int32Array;
  /** Interned multiset of the children's (shape, count): equal when the subtrees below are. */
  readonly body: Int32Array;
  /** Interned self + body: equal when the whole subtree is unchanged, whatever its own count. */
  readonly shape: Int32Array;
}

const VIRTUAL_ROOT_NAME = '(trace)';

/** Object keys sorted, so that two equal attribute maps give the same text. */
export function stableStringify(value: AttributeValue | readonly unknown[] | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item as AttributeValue)).join(',')}]`;
  const map = value as Readonly<Record<string, AttributeValue>>;
  const keys = Object.keys(map).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(map[key])}`).join(',')}}`;
}

export function indexTree(
  tree: CanonicalTree,
  identityOf: (node: CanonicalNode) => string,
  interner: Interner,
): TreeIndex {
  const root: CanonicalNode = {
    name: VIRTUAL_ROOT_NAME,
    service: '',
    kind: 'unspecified',
    attributes: {},
    status: { code: 'unset' },
    events: [],
    count: 1,
    durationMs: 0,
    concurrent: false,
    children: tree.roots,
  };
  const nodes: CanonicalNode[] = [];
  const parents: number[] = [];
  const children: number[][] = [];
  const stack: Array<{ node: CanonicalNode; parent: number }> = [{ node: root, parent: -1 }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: CanonicalNode; parent: number };
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    children.push([]);
    if (parent >= 0) (children[parent] as number[]).push(index);
    for (let k = node.children.length - 1; k >= 0; k--) {
      stack.push({ node: node.children[k] as CanonicalNode, parent: index });
    }
  }

  const n = nodes.length;
  const parent = Int32Array.from(parents);
  const size = new Int32Array(n).fill(1);
  const phase = new Int32Array(n);
  const identity = new Int32Array(n);
  const self = new Int32Array(n);
  const body = new Int32Array(n);
  const shape = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const node = nodes[i] as CanonicalNode;
    const kids = children[i] as number[];
    const identityText = i === 0 ? '\u0001root' : identityOf(node);
    identity[i] = interner.id(`I${identityText}`);
    self[i] = interner.id(
      `S${identity[i]}|${stableStringify(node.attributes)}|${node.status.code}|${node.status.message ?? ''}|${stableStringify(node.events as readonly unknown[])}`,
    );
    const entries: string[] = [];
    let current = 0;
    for (let k = 0; k < kids.length; k++) {
      const child = kids[k] as number;
      const childNode = nodes[child] as CanonicalNode;
      size[i] = (size[i] as number) + (size[child] as number);
      if (k > 0 && !childNode.concurrent) current++;
      phase[child] = current;
      entries.push(`${shape[child]}x${childNode.count}`);
    }
    entries.sort();
    body[i] = interner.id(`B${entries.join(',')}`);
    shape[i] = interner.id(`H${self[i]}/${body[i]}`);
  }
  return { nodes, parent, children, size, phase, identity, self, body, shape };
}
