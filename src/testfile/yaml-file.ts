// A parsed YAML test file that remembers where every node was written: typed readers that
// report schema problems at file:line:column, and the origin of each scalar's text so query
// errors can point inside a selector.
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Alias, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextOrigin } from '../query/index.ts';
import { firstYamlError, locationAt, locationOf } from '../common/index.ts';
import { TbtError, type SourceLocation } from '../model/index.ts';

export type YamlNode = Node | null | undefined;

/** Schema problems are collected, so `tbt check` can list them all. */
export class Problems {
  readonly list: TbtError[] = [];

  add(error: TbtError): void {
    this.list.push(error);
  }
}

export class YamlFile {
  readonly file: string;
  readonly text: string;
  readonly doc: Document;
  readonly problems: Problems;
  private readonly lines: LineCounter;

  private constructor(file: string, text: string, doc: Document, lines: LineCounter, problems: Problems) {
    this.file = file;
    this.text = text;
    this.doc = doc;
    this.lines = lines;
    this.problems = problems;
  }

  /** Parses `text`; a YAML syntax error is thrown as TbtError('syntax') at its line and column. */
  static parse(text: string, file: string, problems: Problems = new Problems()): YamlFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = firstYamlError(doc, lines, file, text);
    if (first) throw new TbtError('syntax', `invalid YAML: ${first.reason}`, { location: first.location });
    resolveAliases(doc, (node, reason) => new TbtError('syntax', `invalid YAML: ${reason}`, { location: locationOf(lines, file, node) }));
    return new YamlFile(file, text, doc, lines, problems);
  }

  get root(): YamlNode {
    return this.doc.contents;
  }

  at(offset: number): SourceLocation {
    return locationAt(this.lines, this.file, offset);
  }

  locate(node: YamlNode): SourceLocation {
    return locationOf(this.lines, this.file, node);
  }

  /** Records a schema problem at `node` and returns undefined, so readers can bail out. */
  fail(node: YamlNode, message: string, hint?: string): undefined {
    this.problems.add(new TbtError('config', message, { location: this.locate(node), ...(hint ? { hint } : {}) }));
    return undefined;
  }

  map(node: YamlNode, what: string): YAMLMap | undefined {
    if (isMap(node)) return node;
    return this.fail(node, `${what} must be a mapping (key: value)`);
  }

  seq(node: YamlNode, what: string): YAMLSeq | undefined {
    if (isSeq(node)) return node;
    return this.fail(node, `${what} must be a list`);
  }

  /** The node under `key`, or undefined. */
  get(map: YAMLMap | undefined, key: string): YamlNode {
    if (!map) return undefined;
    const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    return pair?.value as YamlNode;
  }

  has(map: YAMLMap | undefined, key: string): boolean {
    return !!map && map.items.some((item) => isScalar(item.key) && String(item.key.value) === key);
  }

  keys(map: YAMLMap): { key: string; node: YamlNode }[] {
    return map.items.map((item) => ({ key: isScalar(item.key) ? String(item.key.value) : '', node: item.key as YamlNode }));
  }

  /**
   * Flags keys outside `allowed` (typos would otherwise be ignored silently). `extensions`: keys
   * starting `x-` are let through, as in docker compose files: a place for anchors (`x-headers: &headers`).
   */
  onlyKeys(map: YAMLMap, allowed: readonly string[], what: string, { extensions = false }: { readonly extensions?: boolean } = {}): void {
    for (const { key, node } of this.keys(map)) {
      if (extensions && key.startsWith('x-')) continue;
      if (key === '<<') this.fail(node, `merge keys (<<) are not read in ${what}`, 'write the keys out, or give the whole mapping an anchor (&name) and use it as *name');
      else if (!allowed.includes(key)) this.fail(node, `unknown key "${key}" in ${what}`, `allowed: ${allowed.join(', ')}${extensions ? ', and x-… keys (for anchors)' : ''}`);
    }
  }

  /** A scalar as text (numbers and booleans too); undefined (with a problem) otherwise. */
  string(node: YamlNode, what: string): string | undefined {
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return String(node.value);
    return this.fail(node, `${what} must be text`);
  }

  optionalString(map: YAMLMap | undefined, key: string, what: string): string | undefined {
    const node = this.get(map, key);
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    return this.string(node, what);
  }

  requiredString(map: YAMLMap | undefined, key: string, what: string, owner: YamlNode): string | undefined {
    const node = this.get(map, key);
    if (node === undefined || (isScalar(node) && node.value === null)) return this.fail(owner, `${what} is missing`);
    return this.string(node, what);
  }

  stringList(node: YamlNode, what: string): string[] | undefined {
    const seq = this.seq(node, what);
    if (!seq) return undefined;
    const out: string[] = [];
    seq.items.forEach((item, index) => {
      const text = this.string(item as YamlNode, `${what}[${index}]`);
      if (text !== undefined) out.push(text);
    });
    return out;
  }

  /** A `key: value` mapping, or Tracetest's list of `{ key, value }`, as text values. */
  stringMap(node: YamlNode, what: string): Record<string, string> {
    const out: Record<string, string> = {};
    if (node === undefined || (isScalar(node) && node.value === null)) return out;
    if (isSeq(node)) {
      for (const item of node.items) {
        const entry = this.map(item as YamlNode, `each entry of ${what}`);
        const key = this.requiredString(entry, 'key', `${what} key`, item as YamlNode);
        const value = this.optionalString(entry, 'value', `${what} value`) ?? '';
        if (key !== undefined) out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
      }
      return out;
    }
    const map = this.map(node, what);
    if (!map) return out;
    for (const item of map.items) {
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      const value = this.string(item.value as YamlNode, `${what}.${key ?? '?'}`);
      if (key !== undefined && value !== undefined) out[key] = value;
    }
    return out;
  }

  toJS(node: YamlNode): unknown {
    if (node === undefined || node === null) return undefined;
    return node.toJSON();
  }

  /**
   * Where a scalar's text starts, and whether its columns map 1:1 to offsets: exact for plain
   * and quoted one-liners, line-preserving for block literals, start-only otherwise.
   */
  origin(node: YamlNode): TextOrigin {
    const fallback: TextOrigin = { ...this.locate(node), layout: 'unknown' };
    if (!isScalar(node) || !node.range) return fallback;
    const [start, end] = node.range;
    const raw = this.text.slice(start, end);
    const scalar = node as Scalar;
    const value = String(scalar.value);
    if (scalar.type === Scalar.PLAIN && raw === value) return { ...this.at(start), layout: 'inline' };
    if ((scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) && raw.slice(1, -1) === value) {
      return { ...this.at(start + 1), layout: 'inline' };
    }
    if (scalar.type === Scalar.BLOCK_LITERAL) {
      const firstLine = raw.indexOf('\n');
      const content = raw.slice(firstLine + 1);
      const indent = /^[ ]*/.exec(content)?.[0].length ?? 0;
      if (firstLine >= 0) return { ...this.at(start + firstLine + 1 + indent), layout: 'block' };
    }
    return fallback;
  }
}

/**
 * The most nodes a document may expand to through its aliases: more is an alias bomb (a few lines
 * that name each other ten times a level expand to billions of nodes for any reader that walks them).
 */
const MAX_EXPANDED_NODES = 100_000;
/** The deepest a document may nest through its aliases (readers recurse; a test file nests a few levels). */
const MAX_EXPANDED_DEPTH = 256;

/** An anchored node, the nodes it stands for and how deep it nests, aliases expanded. */
interface Anchored {
  readonly node: Node;
  readonly size: number;
  readonly depth: number;
}

/**
 * Puts each alias's node (`*headers`) where the alias was written, as a value, a list item or a
 * key, so the readers see anchored values as if written out, and problems in one point at where
 * it was written. An alias of an unknown anchor, inside the node it names, or that expands the
 * document past MAX_EXPANDED_NODES or MAX_EXPANDED_DEPTH is a syntax error at the alias. One walk
 * in document order, which meets each anchor before its aliases (yaml's own `Alias.resolve`
 * searches the whole document each time, through the nodes already put in).
 */
function resolveAliases(doc: Document, error: (node: Node, reason: string) => TbtError): void {
  const anchors = new Map<string, Anchored>();
  /** The size of an anchored collection still being walked: an alias to it is inside it. */
  const OPEN = -1;
  let expanded = 0;
  const count = (size: number, at: Node): void => {
    expanded += size;
    if (expanded > MAX_EXPANDED_NODES) throw error(at, `its aliases expand the file to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes`);
  };
  /** The node an alias at `depth` stands for. */
  const resolved = (alias: Alias, depth: number): Anchored => {
    const target = anchors.get(alias.source);
    if (target === undefined) throw error(alias, `unknown anchor "${alias.source}"`);
    if (target.size === OPEN) throw error(alias, `alias *${alias.source} is inside the node it names`);
    if (depth + target.depth > MAX_EXPANDED_DEPTH) throw error(alias, `its aliases nest the file deeper than ${MAX_EXPANDED_DEPTH} levels`);
    count(target.size, alias);
    return target;
  };
  /** Walks what stands at `depth` (an alias: put in place by `put`) and says what it stands for. */
  const visit = (item: unknown, depth: number, put: (node: Node) => void): { size: number; depth: number } => {
    if (!isAlias(item)) return walk(item, depth);
    const target = resolved(item, depth);
    put(target.node);
    return target;
  };
  /** Walks `node` at `depth`: how many nodes it stands for and how deep it nests, aliases expanded. */
  const walk = (node: unknown, depth: number): { size: number; depth: number } => {
    if (!isNode(node)) return { size: 0, depth: 0 };
    let size = 1;
    let deepest = 0;
    if (isCollection(node)) {
      if (node.anchor !== undefined) anchors.set(node.anchor, { node, size: OPEN, depth: 0 });
      const items = node.items as unknown[];
      /** The aliases written as keys, by their pairs, to point at. */
      const aliasKeys = new Map<unknown, Node>();
      for (let index = 0; index < items.length; index++) {
        const item = items[index];
        if (isPair(item) && isAlias(item.key)) aliasKeys.set(item, item.key);
        const parts = isPair(item)
          ? [visit(item.key, depth + 1, (key) => (item.key = key)), visit(item.value, depth + 1, (value) => (item.value = value))]
          : [visit(item, depth + 1, (value) => (items[index] = value))];
        for (const part of parts) {
          size += part.size;
          deepest = Math.max(deepest, part.depth + 1);
        }
      }
      // The parser checked the keys as written; a key put in by an alias can repeat one.
      if (aliasKeys.size > 0) repeatedKeyCheck(items, aliasKeys, error);
    } else count(1, node);
    if (node.anchor !== undefined) anchors.set(node.anchor, { node, size, depth: deepest });
    return { size, depth: deepest };
  };
  if (isAlias(doc.contents)) throw error(doc.contents, 'the document is only an alias');
  walk(doc.contents, 0);
}

/** Throws at the second of two keys of a map that read the same (`url:` and `*url :`). */
function repeatedKeyCheck(items: readonly unknown[], aliasKeys: ReadonlyMap<unknown, Node>, error: (node: Node, reason: string) => TbtError): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    if (seen.has(key)) throw error(aliasKeys.get(item) ?? item.key, `the key "${key}" is written twice in one mapping (once through an alias)`);
    seen.add(key);
  }
}

export function isNullNode(node: YamlNode): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}
