// Renders a Snapshot to its YAML text: fixed key order, sorted attribute keys, flow maps when
// short. Pure and linear; the same Snapshot always gives the same bytes.
import type { AttributeValue, CanonicalNode, CanonicalTree, LearnedFacts, Snapshot } from '../model/index.ts';
import { FILE_COMMENT, NESTING_LIMIT, PLAIN_SCHEMA_VERSION, SNAPSHOT_SCHEMA_VERSION, formatDuration } from './format.ts';
import { emitEntry, inlineScalar } from './yaml-emitter.ts';

const spaces = (n: number): string => ' '.repeat(n);

/**
 * The text of a snapshot file. Durations are kept to the microsecond, and `-0` is written as 0;
 * everything else round-trips exactly through `parseSnapshot`, types included (`"200"` ≠ `200`).
 */
export function renderSnapshot(snapshot: Snapshot): string {
  const out: string[] = [`#${FILE_COMMENT}`, ''];
  out.push(`tbt_snapshot: ${holdsLearned(snapshot.tree.roots) ? SNAPSHOT_SCHEMA_VERSION : PLAIN_SCHEMA_VERSION}`);
  emitEntry(out, '', 0, 'id', snapshot.id);
  emitEntry(out, '', 0, 'test', snapshot.test);
  emitEntry(out, '', 0, 'file', snapshot.file);
  emitEntry(out, '', 0, 'trigger', snapshot.trigger);
  emitEntry(out, '', 0, 'normalize', snapshot.normalize);
  out.push(`spans: ${countSpans(snapshot.tree.roots)}`);
  if (snapshot.detectorFindings.length > 0) emitEntry(out, '', 0, 'detector_findings', snapshot.detectorFindings, false);
  emitTree(out, snapshot.tree.roots);
  return `${out.join('\n')}\n`;
}

/** Just the `tree:` section (and `continued:` when deep), as `tbt show` prints a tree. */
export function renderCanonicalTree(tree: CanonicalTree): string {
  const out: string[] = [];
  emitTree(out, tree.roots);
  return `${out.join('\n')}\n`;
}

function emitTree(out: string[], roots: readonly CanonicalNode[]): void {
  const continued: (readonly CanonicalNode[])[] = [];
  if (roots.length === 0) out.push('tree: []');
  else {
    out.push('tree:');
    emitNodes(out, roots, 2, continued);
  }
  if (continued.length > 0) {
    out.push('continued:');
    for (let ref = 0; ref < continued.length; ref++) {
      out.push(`  - ref: ${ref}`, '    children:');
      emitNodes(out, continued[ref] ?? [], 6, continued);
    }
  }
}

/** True when some node has a learned range or learned facts (schema 2). */
function holdsLearned(roots: readonly CanonicalNode[]): boolean {
  const stack = [...roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.minCount !== undefined || node.learned !== undefined) return true;
    stack.push(...node.children);
  }
  return false;
}

/** The `learned:` map as written: only the facts that are there. */
function learnedValue(learned: LearnedFacts): AttributeValue {
  const value: Record<string, AttributeValue> = {};
  if (learned.counts !== undefined) value.counts = [...learned.counts];
  if (learned.masked !== undefined) value.masked = { ...learned.masked };
  if (learned.seen !== undefined) value.seen = learned.seen;
  return value;
}

/** Spans a tree stands for: a node counts `count` times, and so does its whole subtree. */
export function countSpans(roots: readonly CanonicalNode[]): number {
  let total = 0;
  const stack: [CanonicalNode, number][] = roots.map((node) => [node, 1]);
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, times] = entry;
    const here = times * node.count;
    total += here;
    for (const child of node.children) stack.push([child, here]);
  }
  return total;
}

/**
 * Writes nodes as a block sequence whose dashes sit at `indent`. Iterative; past NESTING_LIMIT
 * levels a node's children move to the `continued` list and the node says `children_ref: K`.
 */
function emitNodes(out: string[], nodes: readonly CanonicalNode[], indent: number, continued: (readonly CanonicalNode[])[]): void {
  const stack: [CanonicalNode, number, number][] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node) stack.push([node, indent, 1]);
  }
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, at, depth] = entry;
    const inner = at + 2;
    const pad = spaces(inner);
    emitEntry(out, `${spaces(at)}- `, inner, 'span', node.name);
    emitEntry(out, pad, inner, 'service', node.service);
    out.push(`${pad}kind: ${inlineScalar(node.kind)}`);
    if (node.minCount !== undefined) out.push(`${pad}count: ${node.minCount}..${node.count}`);
    else if (node.count !== 1) out.push(`${pad}count: ${node.count}`);
    if (node.status.message !== undefined) emitEntry(out, pad, inner, 'status', { code: node.status.code, message: node.status.message });
    else if (node.status.code !== 'unset') out.push(`${pad}status: ${node.status.code}`);
    if (Object.keys(node.attributes).length > 0) emitEntry(out, pad, inner, 'attributes', node.attributes);
    if (node.events.length > 0) {
      out.push(`${pad}events:`);
      for (const event of node.events) {
        emitEntry(out, `${spaces(inner + 2)}- `, inner + 4, 'name', event.name);
        if (Object.keys(event.attributes).length > 0) emitEntry(out, spaces(inner + 4), inner + 4, 'attributes', event.attributes);
      }
    }
    if (node.learned !== undefined) emitEntry(out, pad, inner, 'learned', learnedValue(node.learned));
    out.push(`${pad}duration: ${formatDuration(node.durationMs)}`);
    if (node.concurrent) out.push(`${pad}concurrent: true`);
    if (node.children.length === 0) continue;
    if (depth >= NESTING_LIMIT) {
      out.push(`${pad}children_ref: ${continued.length}`);
      continued.push(node.children);
      continue;
    }
    out.push(`${pad}children:`);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push([child, inner + 2, depth + 1]);
    }
  }
}
