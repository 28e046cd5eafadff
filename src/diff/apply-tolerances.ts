// Decides, per span, which tolerance applies (config, test, then selector rules in order) and
// whether a given drift passes it. It never drops a drift: it only says "suppressed, because …".
import type {
  Attributes,
  AttributeTolerance,
  AttributeValue,
  CanonicalNode,
  CanonicalTree,
  CountTolerance,
  DurationTolerance,
  OptionalSpans,
  Tolerances,
} from '../model/index.ts';
import { isConnectionSetup } from '../normalize/index.ts';
import { formatCountTolerance, formatDurationTolerance } from './describe.ts';
import { DEFAULT_OPTIONAL_SPANS, DEFAULT_TOLERANCES, mergeAttributeTolerance } from './resolve-tolerances.ts';
import type { CanonicalTreeIndex } from './canonical-tree-index.ts';

export type SelectNodes = (selector: string, tree: CanonicalTree) => ReadonlySet<CanonicalNode>;

/** The outcome of holding one drift against its tolerance. */
export interface Judged {
  readonly suppressed: boolean;
  readonly tolerance: string;
  /** What recording learned that let the drift pass, when that is why it passed. */
  readonly learned?: string;
}

export const IGNORED_SUBTREE = 'ignore: subtree';

/** The tolerance text of a connection set-up span that came, went or repeated. */
export const OPTIONAL_CONNECTION = 'optional: connection set-up';

/**
 * Which spans may come, go or repeat without drift (`tolerances.optional`): connection set-up
 * spans unless switched off, and spans named by a glob. Reported suppressed, for verbose output.
 */
export class OptionalSpanMatcher {
  private readonly globs: readonly { readonly text: string; readonly re: RegExp }[];
  private readonly connections: boolean;

  constructor(optional: OptionalSpans = DEFAULT_OPTIONAL_SPANS) {
    this.connections = optional.connections;
    this.globs = optional.spans.map((text) => ({
      text,
      re: new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'isu'),
    }));
  }

  /**
   * Per attribute map object, per span name, the reason found (or '' for none): the answer reads
   * only the two, and canonicalize shares equal maps, so a 100k-span trace asks a handful of times.
   */
  private readonly byAttributes = new Map<Attributes, Map<string, string>>();

  /**
   * The tolerance that lets this span come and go, or undefined when it is not optional. With
   * `remember`, the answer is kept per (attribute map object, name): for a tree that shares maps,
   * where one map per span would only add entries.
   */
  reason(node: CanonicalNode, remember = false): string | undefined {
    if (!remember) return this.reasonOf(node);
    let byName = this.byAttributes.get(node.attributes);
    if (byName === undefined) this.byAttributes.set(node.attributes, (byName = new Map()));
    let reason = byName.get(node.name);
    if (reason === undefined) byName.set(node.name, (reason = this.reasonOf(node) ?? ''));
    return reason === '' ? undefined : reason;
  }

  private reasonOf(node: CanonicalNode): string | undefined {
    if (this.connections && isConnectionSetup(node)) return OPTIONAL_CONNECTION;
    for (const glob of this.globs) if (glob.re.test(node.name)) return `optional: ${glob.text}`;
    return undefined;
  }
}

/** The slowest duration a tolerance lets pass, after `beforeMs`. */
function durationLimitMs(tolerance: DurationTolerance, beforeMs: number): number {
  return tolerance.kind === 'off' ? Infinity : beforeMs * tolerance.factor + tolerance.slackMs;
}

/** The tolerances in force for one span (or one pair of matched spans). */
export class SpanTolerance {
  private compiled?: { ignore: RegExp[]; match: Map<string, RegExp> };

  constructor(
    readonly count: CountTolerance,
    readonly duration: DurationTolerance,
    readonly attributes: AttributeTolerance,
  ) {}

  /** A count that went from `before` to `after` (0 for a missing or unexpected span). */
  judgeCount(before: number, after: number): Judged {
    const tolerance = formatCountTolerance(this.count);
    switch (this.count.kind) {
      case 'exact':
        return { suppressed: before === after, tolerance };
      case 'delta':
        return { suppressed: Math.abs(after - before) <= this.count.delta, tolerance };
      case 'range':
        return { suppressed: after >= this.count.min && after <= this.count.max, tolerance };
    }
  }

  /**
   * Undefined when the duration is no drift at all. A slowdown that only a configured tolerance
   * lets pass (beyond the default one) comes back suppressed, so it stays visible in verbose mode.
   */
  judgeDuration(beforeMs: number, afterMs: number): (Judged & { limitMs?: number }) | undefined {
    if (!Number.isFinite(beforeMs) || !Number.isFinite(afterMs)) return undefined;
    const limitMs = durationLimitMs(this.duration, beforeMs);
    if (afterMs <= limitMs && afterMs <= durationLimitMs(DEFAULT_TOLERANCES.duration, beforeMs)) return undefined;
    // Formatted only now: this runs for every matched pair, and almost all pass.
    const tolerance = formatDurationTolerance(this.duration);
    if (afterMs > limitMs) return { suppressed: false, tolerance, limitMs };
    return this.duration.kind === 'off' ? { suppressed: true, tolerance } : { suppressed: true, tolerance, limitMs };
  }

  /** An attribute that was added (before undefined), removed (after undefined) or changed. */
  judgeAttribute(key: string, before: AttributeValue | undefined, after: AttributeValue | undefined): Judged {
    const compiled = this.compile();
    if (compiled.ignore.some((pattern) => pattern.test(key))) return { suppressed: true, tolerance: 'ignore' };
    const pattern = compiled.match.get(key);
    if (pattern !== undefined) {
      const matches = (value: AttributeValue | undefined): boolean => value !== undefined && typeof value !== 'object' && pattern.test(String(value));
      return { suppressed: matches(before) && matches(after), tolerance: `=~ /${pattern.source}/` };
    }
    const margin = this.attributes.numeric[key];
    if (margin !== undefined) {
      const within = typeof before === 'number' && typeof after === 'number' && Math.abs(after - before) <= margin;
      return { suppressed: within, tolerance: `±${margin}` };
    }
    return { suppressed: false, tolerance: 'exact' };
  }

  private compile(): { ignore: RegExp[]; match: Map<string, RegExp> } {
    if (this.compiled) return this.compiled;
    const glob = (text: string): RegExp =>
      new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'u');
    this.compiled = {
      ignore: this.attributes.ignore.map(glob),
      match: new Map(Object.entries(this.attributes.match).map(([key, source]) => [key, new RegExp(source, 'u')])),
    };
    return this.compiled;
  }
}

/** Which rules select which spans of the two trees, and the tolerance that results per span. */
export class ToleranceContext {
  /** True at and under a span that an `ignore: subtree` rule selects. */
  readonly ignoredG: Uint8Array;
  readonly ignoredC: Uint8Array;
  private readonly rulesG: (readonly number[] | undefined)[];
  private readonly rulesC: (readonly number[] | undefined)[];
  private readonly base: SpanTolerance;
  private readonly cache = new Map<string, SpanTolerance>();

  constructor(
    private readonly tolerances: Tolerances,
    golden: { tree: CanonicalTree; index: CanonicalTreeIndex },
    current: { tree: CanonicalTree; index: CanonicalTreeIndex },
    selectNodes: SelectNodes | undefined,
  ) {
    this.base = new SpanTolerance(tolerances.count, tolerances.duration, tolerances.attributes);
    if (tolerances.rules.length > 0 && selectNodes === undefined) {
      // A wiring bug, not a user error: rules would otherwise be dropped without a word.
      throw new Error('diffTrees: tolerance rules need options.selectNodes');
    }
    this.rulesG = this.selectRules(golden, selectNodes);
    this.rulesC = this.selectRules(current, selectNodes);
    this.ignoredG = this.markIgnored(golden.index, this.rulesG);
    this.ignoredC = this.markIgnored(current.index, this.rulesC);
  }

  /** The tolerance for a golden span `g` paired with current span `c` (-1 for none). */
  forPair(g: number, c: number): SpanTolerance {
    const fromG = g >= 0 ? this.rulesG[g] : undefined;
    const fromC = c >= 0 ? this.rulesC[c] : undefined;
    if (fromG === undefined && fromC === undefined) return this.base;
    const ids = [...new Set([...(fromG ?? []), ...(fromC ?? [])])].sort((a, b) => a - b);
    const key = ids.join(',');
    let found = this.cache.get(key);
    if (found === undefined) {
      let { count, duration, attributes } = this.tolerances;
      for (const id of ids) {
        const rule = this.tolerances.rules[id];
        if (rule === undefined) continue;
        count = rule.count ?? count;
        duration = rule.duration ?? duration;
        if (rule.attributes) attributes = mergeAttributeTolerance(attributes, rule.attributes);
      }
      found = new SpanTolerance(count, duration, attributes);
      this.cache.set(key, found);
    }
    return found;
  }

  /** True when a rule with `allowExtraChildren` selects the golden span `g` or current span `c`. */
  allowsExtraChildren(g: number, c: number): boolean {
    const test = (ids: readonly number[] | undefined): boolean =>
      ids !== undefined && ids.some((id) => this.tolerances.rules[id]?.allowExtraChildren === true);
    return test(g >= 0 ? this.rulesG[g] : undefined) || test(c >= 0 ? this.rulesC[c] : undefined);
  }

  private selectRules(side: { tree: CanonicalTree; index: CanonicalTreeIndex }, selectNodes: SelectNodes | undefined): (readonly number[] | undefined)[] {
    const out: (number[] | undefined)[] = new Array(side.index.nodes.length).fill(undefined);
    if (selectNodes === undefined) return out;
    this.tolerances.rules.forEach((rule, id) => {
      const selected = selectNodes(rule.selector, side.tree);
      if (selected.size === 0) return;
      // From 1: the virtual root is no span, and no selector can pick it.
      for (let i = 1; i < side.index.nodes.length; i++) {
        if (selected.has(side.index.nodes[i] as CanonicalNode)) (out[i] ??= []).push(id);
      }
    });
    return out;
  }

  private markIgnored(index: CanonicalTreeIndex, rules: (readonly number[] | undefined)[]): Uint8Array {
    const ignored = new Uint8Array(index.nodes.length);
    for (let i = 1; i < index.nodes.length; i++) {
      const own = rules[i]?.some((id) => this.tolerances.rules[id]?.ignoreSubtree === true) ?? false;
      ignored[i] = own || ignored[index.parent[i] as number] === 1 ? 1 : 0;
    }
    return ignored;
  }
}
