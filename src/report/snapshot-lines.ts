// Finds the line of a span in a rendered snapshot file, by walking its `tree:` / `children:`
// lists with the yaml Document API, so that annotations point at the YAML a reviewer reads.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { pathSegmentOf, type Attributes, type SpanPath } from '../model/index.ts';

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

/** The display target paths give this span (`/charges` for a client `POST`, a DB span's table). */
function targetOf(item: YAMLMap, segment: SpanPath[number]): string | undefined {
  const attributes = item.get('attributes', true);
  if (!isMap(attributes)) return undefined;
  const values = (attributes as YAMLMap).toJSON() as Attributes;
  return pathSegmentOf({ service: segment.service, name: segment.name, attributes: values }).target;
}

function matches(item: YAMLMap, segment: SpanPath[number], byTarget: boolean): boolean {
  if (scalarOf(item, 'span') !== segment.name || String(scalarOf(item, 'service') ?? '') !== segment.service) return false;
  return !byTarget || segment.target === undefined || targetOf(item, segment) === segment.target;
}

/** Every item of the tree in document order (pre-order), iteratively: traces can be deep. */
function allItems(roots: YAMLMap[]): YAMLMap[] {
  const out: YAMLMap[] = [];
  const stack = [...roots].reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    out.push(item);
    stack.push(...itemsOf(item.get('children', true)).reverse());
  }
  return out;
}

interface Match {
  readonly item: YAMLMap;
  /** How many segments of the path, from the first, the chain down to `item` matched. */
  readonly depth: number;
}

/**
 * The deepest item whose ancestor chain, starting at some item that matches the path's first
 * segment, matches the path segment by segment; the first in document order among equally deep
 * ones. Every same-named sibling is tried (a gateway's three `POST` calls look alike by service
 * and name), so a dead end under the first one does not hide a full match under the third. Each
 * item is reached at one depth only (its ancestor `depth - 1` levels up is the start), so the work
 * stays within items × path length.
 */
function deepestMatch(roots: YAMLMap[], path: SpanPath, byTarget: boolean): Match | undefined {
  const first = path[0];
  if (first === undefined) return undefined;
  let best: Match | undefined;
  for (const start of allItems(roots)) {
    if (!matches(start, first, byTarget)) continue;
    const stack: Match[] = [{ item: start, depth: 1 }];
    for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
      if (best === undefined || current.depth > best.depth) best = current;
      if (current.depth === path.length) return current;
      const segment = path[current.depth];
      if (segment === undefined) continue;
      const next = itemsOf(current.item.get('children', true)).filter((child) => matches(child, segment, byTarget));
      stack.push(...next.reverse().map((item) => ({ item, depth: current.depth + 1 })));
    }
  }
  return best;
}

/**
 * The line of the span at `path` in snapshot YAML text, or of its deepest ancestor present there
 * (an unexpected span is not in the snapshot). The path may start below the snapshot's root
 * (paths often leave out tbt's own trigger span). A full match anywhere wins over a partial one;
 * among equals, the first in the file. Undefined when nothing matches or the text is not a
 * snapshot.
 */
export function locateSnapshotLine(yamlText: string, path: SpanPath): SnapshotLine | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const roots = itemsOf(doc.contents.get('tree', true));
  // Targets tell look-alike `POST` siblings apart; a path whose targets were not masked the way
  // the snapshot's were (a detector's, from raw spans) still finds its span by name alone.
  const byTarget = deepestMatch(roots, path, true);
  const found = byTarget !== undefined && byTarget.depth === path.length ? byTarget : deepestMatch(roots, path, false);
  const start = (found?.item as Node | undefined)?.range?.[0];
  if (found === undefined || start === undefined) return undefined;
  return { line: lineCounter.linePos(start).line, exact: found.depth === path.length };
}
