// Parses a YAML file a user wrote, keeping enough of the document to point back at a line and
// column when a value turns out to be wrong.
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { firstYamlError, locationOf } from '../common/index.ts';
import { TbtError, type SourceLocation } from '../model/index.ts';

export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** Where the value at `path` (keys and indexes) was written; the file alone when unknown. */
  locate(path: readonly (string | number)[]): SourceLocation;
  /** Where the last key of `path` itself was written (for "unknown key" errors). */
  locateKey(path: readonly (string | number)[]): SourceLocation;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = firstYamlError(doc, lineCounter, file, text);
  if (firstError) throw new TbtError('syntax', `invalid YAML: ${firstError.reason}`, { location: firstError.location });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An unknown alias (`*nope`) or an alias bomb is only found here, as a bare ReferenceError.
    throw new TbtError('syntax', `invalid YAML: ${(error as Error).message}`, { location: { file } });
  }
  const positionOf = (node: Node | undefined): SourceLocation => locationOf(lineCounter, file, node);
  return {
    file,
    value,
    locateKey(path) {
      let node: unknown = doc.contents;
      let keyNode: Node | undefined;
      for (const key of path) {
        if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          keyNode = isNodeLike(node) ? node : undefined;
          continue;
        }
        if (!isMap(node)) return positionOf(isNodeLike(node) ? node : undefined);
        const pair = node.items.find((item) => isScalarKey(item.key, key));
        if (!pair) return positionOf(node);
        keyNode = isNodeLike(pair.key) ? pair.key : undefined;
        node = pair.value;
      }
      return positionOf(keyNode);
    },
    locate(path) {
      let node: unknown = doc.contents;
      let found: Node | undefined = doc.contents ?? undefined;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalarKey(item.key, key));
          node = pair?.value;
          if (pair && isNodeLike(pair.value)) found = pair.value;
          else if (pair && isNodeLike(pair.key)) found = pair.key;
          else break;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          if (isNodeLike(node)) found = node;
          else break;
        } else break;
      }
      return positionOf(found);
    },
  };
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function isScalarKey(key: unknown, wanted: string | number): boolean {
  if (typeof key === 'object' && key !== null && 'value' in key) {
    return String((key as { value: unknown }).value) === String(wanted);
  }
  return String(key) === String(wanted);
}
