// Parses a snapshot file back into a Snapshot, validating every key and value against the
// format, and reporting problems as TbtError('snapshot') at file:line:column. Pure. Valid files
// take the fast path (read-snapshot-fast.ts); this reader judges everything else.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { firstYamlError, locationOf, setOwnKey } from '../common/index.ts';
import {
  TbtError,
  type AttributeValue,
  type Attributes,
  type CanonicalEvent,
  type CanonicalNode,
  type LearnedFacts,
  type Snapshot,
  type SourceLocation,
  type SpanKind,
  type SpanStatus,
  type StatusCode,
} from '../model/index.ts';
import { HEADER_KEYS, LEARNED_KEYS, NODE_KEYS, SNAPSHOT_SCHEMA_VERSION, parseDuration } from './format.ts';
import { countSpans } from './render-snapshot.ts';
import { readSnapshotFast } from './read-snapshot-fast.ts';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const CODES: readonly StatusCode[] = ['unset', 'ok', 'error'];
const HINT = 'the file looks truncated or badly edited: restore it from git, or record it again with --force';

interface PendingRef {
  readonly ref: number;
  readonly children: CanonicalNode[];
  /** The continued entry the ref sits in (-1 for the main tree): refs must point forward. */
  readonly within: number;
  readonly node: Node;
}

/**
 * Reads a snapshot's text and validates it key by key. Throws TbtError('snapshot') with a
 * location on anything invalid. A valid file is read the fast way (js-yaml, plain values); any
 * doubt goes to the precise reader below (the yaml package's document, with source ranges), which
 * decides and words every error.
 */
export function parseSnapshot(text: string, file: string): Snapshot {
  try {
    return readSnapshotFast(text);
  } catch {
    // Declined or not YAML: the precise reader gives the verdict, with file:line:column.
  }
  return parseSnapshotPrecisely(text, file);
}

/** The precise reader alone (the yaml package's document model): the judge of every doubtful file. */
export function parseSnapshotPrecisely(text: string, file: string): Snapshot {
  return new SnapshotReader(text, file).read();
}

class SnapshotReader {
  private readonly lines = new LineCounter();
  private readonly refs: PendingRef[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  read(): Snapshot {
    let doc;
    try {
      doc = parseDocument(this.text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false, version: '1.2', schema: 'core' });
    } catch (error) {
      if (error instanceof RangeError) throw this.error('the YAML is nested too deeply', undefined);
      throw error;
    }
    const yamlError = firstYamlError(doc, this.lines, this.file, this.text);
    if (yamlError) throw new TbtError('snapshot', `not valid YAML: ${yamlError.reason}`, { location: yamlError.location, hint: HINT });
    const root = doc.contents;
    if (!isMap(root)) throw this.error('expected a map with a `tbt_snapshot:` header', root ?? undefined);
    const fields = this.fields(root, HEADER_KEYS, '', true);

    const versionNode = fields.get('tbt_snapshot');
    if (!versionNode) {
      // YAML with none of a snapshot's own keys is another kind of file (a test file given to
      // `show` or `diff`, say): restoring it from git is not the way out.
      if (!fields.has('tree') && !fields.has('spans')) {
        throw new TbtError('snapshot', 'this YAML is not a tbt snapshot (it has no `tbt_snapshot:` header, and no `tree:`)', {
          location: this.at(root),
          hint: 'show, diff, lint and query read trace files and tbt snapshots (*.trace.yaml); a test file runs with `tbt verify` and is validated with `tbt check`',
        });
      }
      throw this.error('no `tbt_snapshot:` version key; this is not a tbt snapshot file', root);
    }
    const version = isScalar(versionNode) ? versionNode.value : undefined;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw this.error(`\`tbt_snapshot\` must be a schema version (1 to ${SNAPSHOT_SCHEMA_VERSION})`, versionNode);
    if (version > SNAPSHOT_SCHEMA_VERSION) {
      throw new TbtError('snapshot', `written by a newer tbt (snapshot schema ${version}; this tbt reads schema ${SNAPSHOT_SCHEMA_VERSION})`, {
        location: this.at(versionNode),
        hint: 'upgrade tbt to read it; recording again with --force would rewrite it in the older schema',
      });
    }
    this.checkKnownKeys(root, HEADER_KEYS, '');

    const tree = this.nodes(this.required(fields, 'tree', root, ''), 'tree', -1);
    const continuedNode = fields.get('continued');
    this.link(continuedNode === undefined ? [] : this.continued(continuedNode));
    const spansNode = this.required(fields, 'spans', root, '');
    const spans = this.integer(spansNode, 'spans', 0);
    const counted = countSpans(tree);
    if (counted !== spans) throw this.error(`the header says ${spans} spans but the tree holds ${counted}`, spansNode);
    const findingsNode = fields.get('detector_findings');
    return {
      id: this.string(this.required(fields, 'id', root, ''), 'id'),
      test: this.string(this.required(fields, 'test', root, ''), 'test'),
      file: this.string(this.required(fields, 'file', root, ''), 'file'),
      trigger: this.string(this.required(fields, 'trigger', root, ''), 'trigger'),
      normalize: this.string(this.required(fields, 'normalize', root, ''), 'normalize'),
      detectorFindings: findingsNode === undefined ? [] : this.seqItems(findingsNode, 'detector_findings').map((item, i) => this.string(item, `detector_findings[${i}]`)),
      tree: { roots: tree },
    };
  }

  /** The `continued:` entries, in order: `{ ref: K, children: [...] }` with K its index. */
  private continued(node: Node): CanonicalNode[][] {
    return this.seqItems(node, 'continued').map((entry, index) => {
      const path = `continued[${index}]`;
      if (!isMap(entry)) throw this.error('expected a map with `ref` and `children`', entry, path);
      const fields = this.fields(entry, ['ref', 'children'], path);
      const refNode = this.required(fields, 'ref', entry, path);
      if (this.integer(refNode, `${path}.ref`, 0) !== index) throw this.error(`expected ref: ${index}`, refNode, `${path}.ref`);
      return this.nodes(this.required(fields, 'children', entry, path), `${path}.children`, index);
    });
  }

  /** Attaches continued children to the nodes that point at them; each entry is used exactly once. */
  private link(continued: CanonicalNode[][]): void {
    const used = new Set<number>();
    for (const pending of this.refs) {
      const children = continued[pending.ref];
      if (children === undefined || pending.ref <= pending.within || used.has(pending.ref)) {
        throw this.error(`children_ref ${pending.ref} does not point at an unused, later \`continued\` entry`, pending.node);
      }
      used.add(pending.ref);
      for (const child of children) pending.children.push(child);
    }
    if (used.size !== continued.length) throw this.error('a `continued` entry is not referenced by any node', undefined);
  }

  /** A sequence of tree nodes, read iteratively (children are pushed as they are met). */
  private nodes(seqNode: Node, path: string, within: number): CanonicalNode[] {
    const out: CanonicalNode[] = [];
    const stack: [Node, string, CanonicalNode[]][] = [];
    const items = this.seqItems(seqNode, path);
    for (let i = items.length - 1; i >= 0; i--) stack.push([items[i] as Node, `${path}[${i}]`, out]);
    for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
      const [yamlNode, nodePath, target] = entry;
      if (!isMap(yamlNode)) throw this.error('expected a span (a map with `span:`)', yamlNode, nodePath);
      const fields = this.fields(yamlNode, NODE_KEYS, nodePath);
      const children: CanonicalNode[] = [];
      target.push(this.node(yamlNode, fields, nodePath, children));
      const childrenNode = fields.get('children');
      const refNode = fields.get('children_ref');
      if (childrenNode && refNode) throw this.error('a span has either `children` or `children_ref`, not both', refNode, nodePath);
      if (refNode) this.refs.push({ ref: this.integer(refNode, `${nodePath}.children_ref`, 0), children, within, node: refNode });
      if (childrenNode) {
        const childItems = this.seqItems(childrenNode, `${nodePath}.children`);
        for (let i = childItems.length - 1; i >= 0; i--) stack.push([childItems[i] as Node, `${nodePath}.children[${i}]`, children]);
      }
    }
    return out;
  }

  private node(map: YAMLMap, fields: Map<string, Node>, path: string, children: CanonicalNode[]): CanonicalNode {
    const kindNode = this.required(fields, 'kind', map, path);
    const kind = this.string(kindNode, `${path}.kind`);
    if (!KINDS.includes(kind as SpanKind)) throw this.error(`unknown kind ${JSON.stringify(kind)} (expected ${KINDS.join(', ')})`, kindNode, `${path}.kind`);
    const countNode = fields.get('count');
    const durationNode = this.required(fields, 'duration', map, path);
    const durationMs = parseDuration(this.string(durationNode, `${path}.duration`));
    if (durationMs === undefined) throw this.error('expected a duration like `42ms` or `1.234ms`', durationNode, `${path}.duration`);
    const concurrentNode = fields.get('concurrent');
    const concurrent = concurrentNode === undefined ? false : this.scalarValue(concurrentNode, `${path}.concurrent`);
    if (typeof concurrent !== 'boolean') throw this.error('expected true or false', concurrentNode, `${path}.concurrent`);
    const attributesNode = fields.get('attributes');
    const eventsNode = fields.get('events');
    const count = countNode === undefined ? { count: 1 } : this.count(countNode, `${path}.count`);
    const learnedNode = fields.get('learned');
    const learned = learnedNode === undefined ? undefined : this.learned(learnedNode, `${path}.learned`);
    return {
      name: this.string(this.required(fields, 'span', map, path), `${path}.span`),
      service: this.string(this.required(fields, 'service', map, path), `${path}.service`),
      kind: kind as SpanKind,
      attributes: attributesNode === undefined ? {} : this.attributes(attributesNode, `${path}.attributes`),
      status: this.status(fields.get('status'), `${path}.status`),
      events: eventsNode === undefined ? [] : this.seqItems(eventsNode, `${path}.events`).map((item, i) => this.event(item, `${path}.events[${i}]`)),
      ...count,
      ...(learned === undefined ? {} : { learned }),
      durationMs,
      concurrent,
      children,
    };
  }

  /** `count: 3`, or a learned range `count: 0..1` (the most allowed is the node's count). */
  private count(node: Node, path: string): { count: number; minCount?: number } {
    const value = this.scalarValue(node, path);
    if (typeof value === 'string') {
      const range = /^(\d+)\.\.(\d+)$/.exec(value);
      const min = Number(range?.[1]);
      const max = Number(range?.[2]);
      if (range === null || !Number.isSafeInteger(max) || max < 1 || min >= max) throw this.error('expected a whole number ≥ 1, or a learned range MIN..MAX with MIN < MAX', node, path);
      return { count: max, minCount: min };
    }
    return { count: this.integer(node, path, 1) };
  }

  /** `learned: { seen: 2/3 runs, counts: [2, 3], masked: { key: 3 values in 3 runs } }`. */
  private learned(node: Node, path: string): LearnedFacts {
    if (!isMap(node)) throw this.error('expected a map of what was learned (seen, counts, masked)', node, path);
    const fields = this.fields(node, LEARNED_KEYS, path);
    const seen = fields.get('seen');
    const counts = fields.get('counts');
    const masked = fields.get('masked');
    let maskedMap: Record<string, string> | undefined;
    if (masked !== undefined) {
      if (!isMap(masked)) throw this.error('expected a map of attribute keys to what varied', masked, `${path}.masked`);
      maskedMap = {};
      for (const pair of masked.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string') throw this.error('expected an attribute key', (pair.key as Node | null) ?? masked, `${path}.masked`);
        setOwnKey(maskedMap, key, this.string(this.present(pair.value, pair.key as Node, `${path}.masked.${key}`), `${path}.masked.${key}`));
      }
    }
    return {
      ...(seen === undefined ? {} : { seen: this.string(seen, `${path}.seen`) }),
      ...(counts === undefined ? {} : { counts: this.seqItems(counts, `${path}.counts`).map((item, i) => this.integer(item, `${path}.counts[${i}]`, 0)) }),
      ...(maskedMap === undefined ? {} : { masked: maskedMap }),
    };
  }

  private status(node: Node | undefined, path: string): SpanStatus {
    if (node === undefined) return { code: 'unset' };
    let code: unknown;
    let message: string | undefined;
    if (isMap(node)) {
      const fields = this.fields(node, ['code', 'message'], path);
      code = this.scalarValue(this.required(fields, 'code', node, path), `${path}.code`);
      const messageNode = fields.get('message');
      if (messageNode !== undefined) message = this.string(messageNode, `${path}.message`);
    } else {
      code = this.scalarValue(node, path);
    }
    if (typeof code !== 'string' || !CODES.includes(code as StatusCode)) throw this.error(`expected a status code (${CODES.join(', ')})`, node, path);
    return message === undefined ? { code: code as StatusCode } : { code: code as StatusCode, message };
  }

  private event(node: Node, path: string): CanonicalEvent {
    if (!isMap(node)) throw this.error('expected an event (a map with `name:`)', node, path);
    const fields = this.fields(node, ['name', 'attributes'], path);
    const attributes = fields.get('attributes');
    return {
      name: this.string(this.required(fields, 'name', node, path), `${path}.name`),
      attributes: attributes === undefined ? {} : this.attributes(attributes, `${path}.attributes`),
    };
  }

  private attributes(node: Node, path: string): Attributes {
    if (!isMap(node)) throw this.error('expected a map of attributes', node, path);
    return this.value(node, path) as Attributes;
  }

  /** An attribute value: scalars keep their YAML type; maps and sequences nest (depth is bounded by the parser). */
  private value(node: Node, path: string): AttributeValue {
    if (isSeq(node)) return node.items.map((item, i) => this.value(this.present(item, node, `${path}[${i}]`), `${path}[${i}]`));
    if (isMap(node)) {
      const out: Record<string, AttributeValue> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') throw this.error('expected a plain key', (pair.key as Node | null) ?? node, path);
        const keyText = String(key);
        setOwnKey(out, keyText, this.value(this.present(pair.value, pair.key as Node, `${path}.${keyText}`), `${path}.${keyText}`));
      }
      return out;
    }
    const value = this.scalarValue(node, path);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    throw this.error('null is not an attribute value (quote it: "null")', node, path);
  }

  private fields(map: YAMLMap, allowed: readonly string[], path: string, header = false): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = keyNode && isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof key !== 'string') throw this.error('expected a plain key', keyNode ?? map, path);
      if (!header && !allowed.includes(key)) throw this.error(`unknown key \`${key}\` (expected ${allowed.join(', ')})`, keyNode ?? map, path);
      out.set(key, this.present(pair.value, keyNode ?? map, path === '' ? key : `${path}.${key}`));
    }
    return out;
  }

  /** Header keys are checked after the version, so a newer file gets the upgrade hint first. */
  private checkKnownKeys(map: YAMLMap, allowed: readonly string[], path: string): void {
    this.fields(map, allowed, path);
  }

  private present(value: unknown, near: Node, path: string): Node {
    if (value === null || value === undefined) {
      throw this.error('a value is missing', near, path);
    }
    if (isAlias(value)) throw this.error('anchors and aliases are not used in snapshots', value, path);
    return value as Node;
  }

  private required(fields: Map<string, Node>, key: string, near: Node, path: string): Node {
    const node = fields.get(key);
    if (node === undefined) throw this.error(`missing \`${key}\``, near, path);
    return node;
  }

  private seqItems(node: Node, path: string): Node[] {
    if (!isSeq(node)) throw this.error('expected a list', node, path);
    return node.items.map((item, i) => this.present(item, node, `${path}[${i}]`));
  }

  private scalarValue(node: Node, path: string): unknown {
    if (!isScalar(node)) throw this.error('expected a single value', node, path);
    return node.value;
  }

  private string(node: Node, path: string): string {
    const value = this.scalarValue(node, path);
    if (typeof value !== 'string') throw this.error('expected a string', node, path);
    return value;
  }

  private integer(node: Node, path: string, min: number): number {
    const value = this.scalarValue(node, path);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw this.error(`expected a whole number ≥ ${min}`, node, path);
    return value;
  }

  private at(node: Node | undefined): SourceLocation {
    return locationOf(this.lines, this.file, node);
  }

  private error(problem: string, node: Node | undefined, path?: string): TbtError {
    return new TbtError('snapshot', `invalid snapshot${path ? ` at ${path}` : ''}: ${problem}`, { location: this.at(node), hint: HINT });
  }
}

