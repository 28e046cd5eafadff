// What a recording writes and when it must not: the reasons a run is unfit to become a golden
// snapshot, the snapshot of runs learned together, and the note that says what was learned. Pure.
import { findUnansweredCalls, type ServicePort } from '../detect/index.ts';
import type { CanonicalNode, CanonicalTree, Finding, NormalizeRules, Snapshot, TestDefinition, Trigger } from '../model/index.ts';
import { textMasker, type SecretRedactor } from '../normalize/index.ts';
import type { Judgement } from './judge.ts';

/** What decides whether runs may be recorded, from the test's context. */
export interface RecordingGuard {
  readonly normalizeRules: NormalizeRules;
  readonly startedServices?: readonly ServicePort[];
  readonly writeDespiteFailedSpecs?: boolean;
}

/** `{ unfitToRecord }` when there is a reason, else nothing (optional fields stay absent). */
export function withUnfit(reason: string | undefined): { unfitToRecord?: string } {
  return reason === undefined ? {} : { unfitToRecord: reason };
}

/**
 * Why these runs must not become a golden snapshot: a spec or flow of the test failed, or the
 * trace looks incomplete (a call to a service that exports, with no server span below it).
 * Masked like span names: a token in a URL must not reach the terminal.
 */
export function unfitToRecord(runs: readonly Judgement[], options: RecordingGuard): string | undefined {
  const mask = textMasker(options.normalizeRules);
  for (const [index, run] of runs.entries()) {
    const of = runs.length > 1 ? ` (run ${index + 1} of ${runs.length})` : '';
    const failed = options.writeDespiteFailedSpecs === true ? undefined : run.assertions.find((assertion) => !assertion.passed);
    if (failed !== undefined) {
      const spec = failed.specName !== undefined ? `"${failed.specName}"` : failed.selector;
      return mask(`the test's own spec failed${of}: ${spec} ${failed.assertion}`);
    }
    const unanswered = findUnansweredCalls(run.tree, options.startedServices ?? [])[0];
    if (unanswered !== undefined) {
      const { span, port } = unanswered;
      return mask(`the trace looks incomplete${of}: ${span.service} › ${span.name} called port ${port}, whose service exports spans, and no server span arrived below it`);
    }
  }
  return undefined;
}

/** The snapshot of a tree learned from these runs: their detector findings are all known ones. */
export function snapshotOf(test: TestDefinition, fingerprint: string, runs: readonly Judgement[], tree: CanonicalTree, redactor?: SecretRedactor): Snapshot {
  const keys = runs.flatMap((run) => run.detectorFindings.map((finding) => finding.key ?? finding.message));
  return {
    id: test.id,
    test: test.name,
    file: test.file,
    // The trigger as written: a literal token in its URL must not reach the header.
    trigger: redactor ? redactor.text(describeTrigger(test.trigger)) : describeTrigger(test.trigger),
    normalize: fingerprint,
    detectorFindings: [...new Set(keys)].sort(),
    tree,
  };
}

/** The duration findings (against the golden tree) that every run had. */
export function slowerInEveryRun(runs: readonly Judgement[]): Finding[] {
  const [first, ...rest] = runs;
  if (first === undefined) return [];
  return first.drift.filter((finding) =>
    finding.kind === 'duration-exceeded' && rest.every((run) => run.drift.some((other) => other.key === finding.key)));
}

/** `learned from 3 runs: 1 optional span, 2 masked values; review `learned:` in the snapshot`. */
export function learnedSummary(tree: CanonicalTree, runs: number): string | undefined {
  let optional = 0;
  let ranges = 0;
  let masked = 0;
  const stack: CanonicalNode[] = [...tree.roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.minCount === 0) optional++;
    else if (node.minCount !== undefined) ranges++;
    masked += Object.keys(node.learned?.masked ?? {}).length;
    stack.push(...node.children);
  }
  const parts = [
    optional > 0 ? `${optional} optional span${optional === 1 ? '' : 's'}` : '',
    ranges > 0 ? `${ranges} count range${ranges === 1 ? '' : 's'}` : '',
    masked > 0 ? `${masked} masked value${masked === 1 ? '' : 's'}` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? undefined : `learned from ${runs} runs: ${parts.join(', ')}; review the \`learned:\` entries in the snapshot`;
}

/** The trigger as written, before variables are filled in, so the header holds no ports or hosts. */
export function describeTrigger(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'http':
      return `${trigger.method.toUpperCase()} ${trigger.url}`;
    case 'command':
      return [trigger.command, ...trigger.args].join(' ');
    case 'traceid':
      return `traceid ${trigger.traceId}`;
    case 'grpc':
      return `grpc ${trigger.method}`;
  }
}

