// Finds the line of a span in a rendered snapshot file, by walking its `tree:` / `children:`
// lists with the yaml Document API, so that annotations point at the YAML a reviewer reads.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { SpanPath } from '../model/index.ts';

export interface SnapshotLine {
  /** 1-based line of the item's first key. */
  readonly line: number;
  /** True when every segment of the path was found; false when this is the deepest ancestor. */
  readonly exact: boolean;
}

function scalarOf(map: YAMLMap, key: string): unknown {
  const value = map.get(key, true);
  return isScalar(value) ? value.value : undefined;
}

function itemsOf(seq: unknown): YAMLMap[] {
  if (!isSeq(seq)) return [];
  return (seq as YAMLSeq).items.filter((item): item is YAMLMap => isMap(item));
}

function matches(item: YAMLMap, segment: SpanPath[number]): boolean {
  return scalarOf(item, 'span') === segment.name && String(scalarOf(item, 'service') ?? '') === segment.service;
}

/** Depth-first search for an item matching the segment, anywhere in the tree (iterative). */
function findAnywhere(roots: YAMLMap[], segment: SpanPath[number]): YAMLMap | undefined {
  const stack = [...roots].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (matches(item, segment)) return item;
    stack.push(...itemsOf(item.get('children', true)).reverse());
  }
  return undefined;
}

/**
 * The line of the span at `path` in snapshot YAML text, or of its deepest ancestor present there
 * (an unexpected span is not in the snapshot). The path may start below the snapshot's root
 * (paths often leave out tbt's own trigger span). Undefined when nothing matches or the text is
 * not a snapshot.
 */
export function locateSnapshotLine(yamlText: string, path: SpanPath): SnapshotLine | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  let level = itemsOf(doc.contents.get('tree', true));
  let found: YAMLMap | undefined;
  let matched = 0;
  for (const segment of path) {
    let next = level.find((item) => matches(item, segment));
    if (next === undefined && matched === 0) next = findAnywhere(level, segment);
    if (next === undefined) break;
    found = next;
    matched += 1;
    level = itemsOf(next.get('children', true));
  }
  const start = (found as Node | undefined)?.range?.[0];
  if (found === undefined || start === undefined) return undefined;
  return { line: lineCounter.linePos(start).line, exact: matched === path.length };
}
