// Lays the golden and current canonical trees out as aligned waterfall rows on one synthetic time
// axis, and marks the rows that findings point at. Canonical trees keep no clock, so the axis is
// an approximation: sequential siblings run one after another, a concurrent sibling starts with
// the one before it, children start with their parent, and a collapsed node (count N) is drawn
// as N back-to-back occurrences.
import { DEFAULT_TOLERANCES, diffTreesWithMatching } from '../diff/index.ts';
import type { Attributes, CanonicalNode, CanonicalTree, Finding, FindingKind, SpanKind, SpanMatching, StatusCode } from '../model/index.ts';

/** How a row's drift is coloured. */
export type DriftClass = 'missing' | 'unexpected' | 'changed' | 'slower';

/** One side of a row: where its bar sits on the axis (ms), and what the span was. */
export interface RowSide {
  readonly start: number;
  readonly durationMs: number;
  readonly count: number;
  readonly status: StatusCode;
  readonly statusMessage?: string;
  readonly attributes: Attributes;
  readonly events: readonly string[];
}

export interface WaterfallRow {
  readonly depth: number;
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  readonly golden?: RowSide;
  readonly current?: RowSide;
  /** Indices into the verdict's findings that point at this row. */
  readonly findings: number[];
  drift?: DriftClass;
}

export interface Waterfall {
  readonly rows: WaterfallRow[];
  /** The end of the axis in ms: the later of the two trees' ends. */
  readonly totalMs: number;
}

/** Synthetic start of every node of a tree (see the file comment), iteratively. */
function layout(tree: CanonicalTree | undefined): { starts: Map<CanonicalNode, number>; end: number } {
  const starts = new Map<CanonicalNode, number>();
  let end = 0;
  const place = (siblings: readonly CanonicalNode[], parentStart: number, queue: CanonicalNode[]): void => {
    let previousStart = parentStart;
    let latestEnd = parentStart;
    siblings.forEach((node, index) => {
      const start = index > 0 && node.concurrent ? previousStart : latestEnd;
      const nodeEnd = start + node.durationMs * Math.max(1, node.count);
      starts.set(node, start);
      previousStart = start;
      latestEnd = Math.max(latestEnd, nodeEnd);
      end = Math.max(end, nodeEnd);
      queue.push(node);
    });
  };
  const queue: CanonicalNode[] = [];
  place(tree?.roots ?? [], 0, queue);
  for (let i = 0; i < queue.length; i += 1) {
    const node = queue[i]!;
    place(node.children, starts.get(node) ?? 0, queue);
  }
  return { starts, end };
}

type Pair = readonly [CanonicalNode | undefined, CanonicalNode | undefined];

/**
 * Pairs golden and current siblings as diff matched them, in current order, with golden-only
 * siblings placed where they stood among their golden neighbours. A span whose diff partner lives
 * under another parent (a moved subtree) has no partner among these siblings: it gets a row on
 * each side, where it was and where it is.
 */
export function pairSiblings(golden: readonly CanonicalNode[], current: readonly CanonicalNode[], matching: SpanMatching): Pair[] {
  const positionOf = new Map<CanonicalNode, number>();
  golden.forEach((node, i) => {
    if (!positionOf.has(node)) positionOf.set(node, i);
  });
  const paired = new Array<boolean>(golden.length).fill(false);
  const goldenOf = current.map((node): number => {
    const partner = matching.goldenOf(node);
    const i = partner === undefined ? undefined : positionOf.get(partner);
    if (i === undefined || paired[i]) return -1;
    paired[i] = true;
    return i;
  });
  const out: Pair[] = [];
  let gi = 0;
  current.forEach((node, j) => {
    const i = goldenOf[j] ?? -1;
    if (i < 0) {
      // A replacement reads as a diff does: what went missing, then what appeared.
      for (; gi < golden.length && !paired[gi]; gi += 1) out.push([golden[gi], undefined]);
      out.push([undefined, node]);
      return;
    }
    for (; gi < i; gi += 1) if (!paired[gi]) out.push([golden[gi], undefined]);
    if (gi === i) gi += 1;
    out.push([golden[i], node]);
  });
  for (; gi < golden.length; gi += 1) if (!paired[gi]) out.push([golden[gi], undefined]);
  return out;
}

function side(node: CanonicalNode | undefined, starts: Map<CanonicalNode, number>): RowSide | undefined {
  if (node === undefined) return undefined;
  return {
    start: starts.get(node) ?? 0,
    durationMs: node.durationMs,
    count: node.count,
    status: node.status.code,
    ...(node.status.message !== undefined && node.status.message !== '' ? { statusMessage: node.status.message } : {}),
    attributes: node.attributes,
    events: node.events.map((e) => e.name),
  };
}

export function driftClassOf(kind: FindingKind): DriftClass {
  if (kind === 'missing') return 'missing';
  if (kind === 'unexpected') return 'unexpected';
  if (kind === 'duration-exceeded' || kind === 'slowness-locus') return 'slower';
  return 'changed';
}

const segmentKey = (s: { service: string; name: string }): string => `${s.service}\u0001${s.name}`;
const pathKey = (segments: ReadonlyArray<{ service: string; name: string }>): string => segments.map(segmentKey).join('\u0002');

/** No tree on one side: nothing is paired. */
const NOTHING_MATCHED: SpanMatching = { goldenOf: () => undefined };

/**
 * Rows of both trees, aligned on the matching the verdict's diff found, in pre-order; each
 * finding marks the row its path names. Without the diff's `matching` (a verdict built by hand),
 * the trees are matched here by diff itself, so rows pair as the findings do.
 */
export function buildWaterfall(
  golden: CanonicalTree | undefined,
  current: CanonicalTree | undefined,
  findings: readonly Finding[],
  diffMatching?: SpanMatching,
): Waterfall {
  const matching = diffMatching ?? (golden && current ? diffTreesWithMatching(golden, current, { tolerances: DEFAULT_TOLERANCES }).matching : NOTHING_MATCHED);
  const g = layout(golden);
  const c = layout(current);
  const rows: WaterfallRow[] = [];
  const byPath = new Map<string, number[]>();
  const register = (key: string, index: number): void => {
    const list = byPath.get(key);
    if (list) list.push(index);
    else byPath.set(key, [index]);
  };
  // Keys grow by one segment per level; `bare` is the key without tbt's own trigger root, which
  // finding paths may leave out.
  type Work = { pair: Pair; depth: number; key: string; bare: string | undefined };
  const stack: Work[] = pairSiblings(golden?.roots ?? [], current?.roots ?? [], matching)
    .reverse()
    .map((pair) => ({ pair, depth: 0, key: '', bare: undefined }));
  for (let work = stack.pop(); work !== undefined; work = stack.pop()) {
    const [gn, cn] = work.pair;
    const node = (cn ?? gn)!;
    const segment = segmentKey(node);
    const key = work.depth === 0 ? segment : `${work.key}\u0002${segment}`;
    let bare: string | undefined;
    if (work.depth === 0) bare = node.service === 'tbt' ? '' : undefined;
    else if (work.bare !== undefined) bare = work.bare === '' ? segment : `${work.bare}\u0002${segment}`;
    const index = rows.length;
    const goldenSide = side(gn, g.starts);
    const currentSide = side(cn, c.starts);
    rows.push({
      depth: work.depth, name: node.name, service: node.service, kind: node.kind, findings: [],
      ...(goldenSide ? { golden: goldenSide } : {}),
      ...(currentSide ? { current: currentSide } : {}),
    });
    register(key, index);
    if (bare !== undefined && bare !== '') register(bare, index);
    const children = pairSiblings(gn?.children ?? [], cn?.children ?? [], matching);
    for (let k = children.length - 1; k >= 0; k -= 1) stack.push({ pair: children[k]!, depth: work.depth + 1, key, bare });
  }
  findings.forEach((finding, index) => {
    const candidates = byPath.get(pathKey(finding.path));
    if (!candidates || candidates.length === 0) return;
    const wanted = (row: WaterfallRow): boolean =>
      finding.kind === 'missing' ? row.current === undefined : finding.kind === 'unexpected' ? row.golden === undefined : row.golden !== undefined && row.current !== undefined;
    const rowIndex = candidates.find((i) => wanted(rows[i]!)) ?? candidates[0]!;
    const row = rows[rowIndex]!;
    row.findings.push(index);
    if (row.drift === undefined && finding.suppressed !== true) row.drift = driftClassOf(finding.kind);
  });
  return { rows, totalMs: Math.max(g.end, c.end) };
}
