// A fast reader for the exact text renderSnapshot writes. It is trusted only when rendering its
// result gives back the input byte for byte; then, because render∘parse is the identity on
// rendered text (property-tested), its result is what the yaml package would have produced.
// Anything else (hand edits, other YAML styles, errors) goes to the full parser.
import type { AttributeValue, Attributes, CanonicalEvent, CanonicalNode, Snapshot, SpanKind, SpanStatus } from '../model/index.ts';
import { SNAPSHOT_SCHEMA_VERSION, parseDuration } from './format.ts';
import { renderSnapshot } from './render-snapshot.ts';
import { readRenderedYaml, stringOf } from './rendered-yaml-reader.ts';

type Value = AttributeValue;

/** The snapshot, when `text` is exactly a rendering; undefined otherwise (never throws). */
export function fastParseSnapshot(text: string): Snapshot | undefined {
  try {
    const snapshot = toSnapshot(readRenderedYaml(text));
    return snapshot !== undefined && renderSnapshot(snapshot) === text ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

function toSnapshot(root: Attributes): Snapshot | undefined {
  if (root['tbt_snapshot'] !== SNAPSHOT_SCHEMA_VERSION) return undefined;
  const continuedRaw = root['continued'];
  const continued = continuedRaw === undefined ? [] : listOf(continuedRaw).map((entry) => nodes(mapOf(entry)['children']));
  const main = nodes(root['tree']);
  // Refs must point forward and be used once, so a hand-made cycle can never be built.
  const used = new Set<number>();
  for (const [within, list] of [[-1, main.refs] as const, ...continued.map((entry, index) => [index, entry.refs] as const)]) {
    for (const { ref, children } of list) {
      const target = continued[ref];
      if (!target || ref <= within || used.has(ref)) return undefined;
      used.add(ref);
      for (const child of target.roots) children.push(child);
    }
  }
  const findings = root['detector_findings'];
  return {
    id: stringOf(root['id'] as Value),
    test: stringOf(root['test'] as Value),
    file: stringOf(root['file'] as Value),
    trigger: stringOf(root['trigger'] as Value),
    normalize: stringOf(root['normalize'] as Value),
    detectorFindings: findings === undefined ? [] : listOf(findings).map(stringOf),
    tree: { roots: main.roots },
  };
}

interface Built {
  readonly roots: CanonicalNode[];
  readonly refs: { ref: number; children: CanonicalNode[] }[];
}

const KINDS: readonly string[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const CODES: readonly string[] = ['unset', 'ok', 'error'];

/**
 * Rendering does not check what it is given (`kind: sever` would render back as itself), so the
 * facts the format does not encode are checked here; a failure sends the text to the full reader.
 */
function nodes(raw: Value | undefined): Built {
  const built: Built = { roots: [], refs: [] };
  const stack: [Value, CanonicalNode[]][] = [];
  const items = listOf(raw);
  for (let i = items.length - 1; i >= 0; i--) stack.push([items[i] as Value, built.roots]);
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [rawNode, target] = entry;
    const map = mapOf(rawNode);
    const children: CanonicalNode[] = [];
    const durationMs = parseDuration(stringOf(map['duration'] as Value));
    const kind = stringOf(map['kind'] as Value);
    const count = map['count'] ?? 1;
    if (durationMs === undefined || !KINDS.includes(kind) || typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
      throw new Error('invalid node');
    }
    target.push({
      name: stringOf(map['span'] as Value),
      service: stringOf(map['service'] as Value),
      kind: kind as SpanKind,
      attributes: map['attributes'] === undefined ? {} : mapOf(map['attributes']),
      status: statusOf(map['status']),
      events: listOf(map['events'] ?? []).map((item): CanonicalEvent => {
        const event = mapOf(item);
        return { name: stringOf(event['name'] as Value), attributes: event['attributes'] === undefined ? {} : mapOf(event['attributes']) };
      }),
      count,
      durationMs,
      concurrent: map['concurrent'] === true,
      children,
    });
    const ref = map['children_ref'];
    if (ref !== undefined) {
      if (typeof ref !== 'number' || !Number.isSafeInteger(ref)) throw new Error('invalid ref');
      built.refs.push({ ref, children });
    }
    const kids = listOf(map['children'] ?? []);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i] as Value, children]);
  }
  return built;
}

function statusOf(raw: Value | undefined): SpanStatus {
  if (raw === undefined) return { code: 'unset' };
  const code = typeof raw === 'string' ? raw : mapOf(raw)['code'];
  if (typeof code !== 'string' || !CODES.includes(code)) throw new Error('invalid status');
  if (typeof raw === 'string') return { code: code as SpanStatus['code'] };
  return { code: code as SpanStatus['code'], message: stringOf(mapOf(raw)['message'] as Value) };
}

function mapOf(value: Value | undefined): Attributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a map');
  return value as Attributes;
}

function listOf(value: Value | undefined): readonly Value[] {
  if (!Array.isArray(value)) throw new Error('expected a list');
  return value as readonly Value[];
}
