// Renders a Snapshot to its YAML text: fixed key order, sorted attribute keys, flow maps when
// short, no folding. Pure; the same Snapshot always gives the same bytes.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { AttributeValue, Attributes, CanonicalNode, Snapshot } from '../model/index.ts';
import { FILE_COMMENT, FLOW_WIDTH, NESTING_LIMIT, SNAPSHOT_SCHEMA_VERSION, formatDuration } from './format.ts';

const TO_STRING_OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: true } as const;

/**
 * The text of a snapshot file. Durations are kept to the microsecond, and `-0` is written as 0;
 * everything else round-trips exactly through `parseSnapshot`, types included (`"200"` ≠ `200`).
 */
export function renderSnapshot(snapshot: Snapshot): string {
  const doc = new Document();
  const root = new YAMLMap();
  add(root, 'tbt_snapshot', scalar(SNAPSHOT_SCHEMA_VERSION));
  add(root, 'id', scalar(snapshot.id));
  add(root, 'test', scalar(snapshot.test));
  add(root, 'file', scalar(snapshot.file));
  add(root, 'trigger', scalar(snapshot.trigger));
  add(root, 'normalize', scalar(snapshot.normalize));
  add(root, 'spans', scalar(countSpans(snapshot.tree.roots)));
  if (snapshot.detectorFindings.length > 0) {
    const findings = new YAMLSeq();
    for (const key of snapshot.detectorFindings) findings.items.push(scalar(key));
    add(root, 'detector_findings', findings);
  }
  const continued: (readonly CanonicalNode[])[] = [];
  add(root, 'tree', nodesSeq(snapshot.tree.roots, continued));
  if (continued.length > 0) {
    const entries = new YAMLSeq();
    for (let ref = 0; ref < continued.length; ref++) {
      const entry = new YAMLMap();
      add(entry, 'ref', scalar(ref));
      add(entry, 'children', nodesSeq(continued[ref] ?? [], continued));
      entries.items.push(entry);
    }
    add(root, 'continued', entries);
  }
  doc.contents = root;
  doc.commentBefore = FILE_COMMENT;
  return doc.toString(TO_STRING_OPTIONS);
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

/** Iterative: a node's children go into the `continued` list once NESTING_LIMIT is reached. */
function nodesSeq(nodes: readonly CanonicalNode[], continued: (readonly CanonicalNode[])[]): YAMLSeq {
  const top = new YAMLSeq();
  const stack: [CanonicalNode, number, YAMLSeq][] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node) stack.push([node, 1, top]);
  }
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, depth, target] = entry;
    const map = nodeHead(node);
    target.items.push(map);
    if (node.children.length === 0) continue;
    if (depth >= NESTING_LIMIT) {
      add(map, 'children_ref', scalar(continued.length));
      continued.push(node.children);
      continue;
    }
    const children = new YAMLSeq();
    add(map, 'children', children);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push([child, depth + 1, children]);
    }
  }
  return top;
}

function nodeHead(node: CanonicalNode): YAMLMap {
  const map = new YAMLMap();
  add(map, 'span', scalar(node.name));
  add(map, 'service', scalar(node.service));
  add(map, 'kind', scalar(node.kind));
  if (node.count !== 1) add(map, 'count', scalar(node.count));
  if (node.status.message !== undefined) {
    add(map, 'status', valueNode({ code: node.status.code, message: node.status.message }, false));
  } else if (node.status.code !== 'unset') {
    add(map, 'status', scalar(node.status.code));
  }
  if (Object.keys(node.attributes).length > 0) add(map, 'attributes', valueNode(node.attributes, true));
  if (node.events.length > 0) {
    const events = new YAMLSeq();
    for (const event of node.events) {
      const item = new YAMLMap();
      add(item, 'name', scalar(event.name));
      if (Object.keys(event.attributes).length > 0) add(item, 'attributes', valueNode(event.attributes, true));
      events.items.push(item);
    }
    add(map, 'events', events);
  }
  add(map, 'duration', scalar(formatDuration(node.durationMs)));
  if (node.concurrent) add(map, 'concurrent', scalar(true));
  return map;
}

/** A value's node; `sortKeys` is false only for the status map, whose keys have a fixed order. */
function valueNode(value: AttributeValue, sortKeys = true): Node {
  if (typeof value !== 'object') return scalar(value);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value as readonly AttributeValue[]) seq.items.push(valueNode(item));
    seq.flow = fitsOnOneLine(value);
    return seq;
  }
  const map = new YAMLMap();
  const record = value as Attributes;
  const keys = sortKeys ? Object.keys(record).sort() : Object.keys(record);
  for (const key of keys) {
    const item = record[key];
    if (item !== undefined) add(map, key, valueNode(item));
  }
  map.flow = fitsOnOneLine(value);
  return map;
}

/** A cheap, deterministic estimate of the flow form's width; false on any line break. */
function fitsOnOneLine(value: AttributeValue): boolean {
  let budget = FLOW_WIDTH;
  const stack: AttributeValue[] = [value];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      if (/[\n\r]/.test(item)) return false;
      budget -= item.length + 2;
    } else if (typeof item !== 'object') {
      budget -= String(item).length + 2;
    } else if (Array.isArray(item)) {
      budget -= 4;
      for (const inner of item as readonly AttributeValue[]) stack.push(inner);
    } else {
      budget -= 4;
      for (const [key, inner] of Object.entries(item as Attributes)) {
        budget -= key.length + 2;
        stack.push(inner);
      }
    }
    if (budget < 0) return false;
  }
  return true;
}

function scalar(value: string | number | boolean): Scalar {
  return new Scalar(typeof value === 'number' && Object.is(value, -0) ? 0 : value);
}

function add(map: YAMLMap, key: string, value: Node): void {
  map.items.push(new Pair(new Scalar(key), value));
}
