// Small builders for canonical trees in diff tests: defaults for everything a test does not
// care about, so each case shows only the field it changes.
import type { CanonicalNode, CanonicalTree, Finding } from '../../src/model/index.ts';

export type NodeInit = Partial<Omit<CanonicalNode, 'name' | 'children'>>;

/** A span with defaults: service `api`, kind internal, count 1, 10ms, sequential, no attributes. */
export function span(name: string, init: NodeInit = {}, children: readonly CanonicalNode[] = []): CanonicalNode {
  return {
    name,
    service: 'api',
    kind: 'internal',
    attributes: {},
    status: { code: 'unset' },
    events: [],
    count: 1,
    durationMs: 10,
    concurrent: false,
    ...init,
    children,
  };
}

export function tree(...roots: CanonicalNode[]): CanonicalTree {
  return { roots };
}

/** A copy of `node` with some fields replaced (children kept unless given). */
export function edit(node: CanonicalNode, init: Partial<Omit<CanonicalNode, 'children'>>, children?: readonly CanonicalNode[]): CanonicalNode {
  return { ...node, ...init, children: children ?? node.children };
}

/** `{service, name}` segments from `service:name` or bare names (service `api`). */
export function pathOf(...steps: string[]): Array<{ service: string; name: string }> {
  return steps.map((step) => {
    const at = step.indexOf(':');
    return at < 0 ? { service: 'api', name: step } : { service: step.slice(0, at), name: step.slice(at + 1) };
  });
}

/** Only the fields a reader compares, for compact assertions in property tests. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.kind}${f.suppressed ? ' (suppressed)' : ''}: ${f.path.map((s) => s.name).join('/')}: ${f.message}`);
}
