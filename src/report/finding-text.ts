// How findings, values and timings read as text: shared by the terminal, JUnit, Markdown and
// GitHub renderers so that all of them say the same thing the same way.
import { formatDurationMs } from '../common/index.ts';
import { formatPath, formatPathToRead } from '../model/index.ts';
import type { Finding, FindingKind, JsonValue, PhaseTimings, SpanPath, Verdict } from '../model/index.ts';

/** `+` appeared, `-` disappeared, `~` changed, `!` a detector's or an assertion's diagnosis. */
type FindingMarker = '+' | '-' | '~' | '!';

const MARKERS: Readonly<Record<FindingKind, FindingMarker>> = {
  unexpected: '+',
  'attribute-added': '+',
  missing: '-',
  'attribute-removed': '-',
  'count-changed': '~',
  'attribute-changed': '~',
  'status-changed': '~',
  moved: '~',
  renamed: '~',
  'order-changed': '~',
  'duration-exceeded': '~',
  'response-changed': '~',
  'n-plus-one': '!',
  'duplicate-call': '!',
  retry: '!',
  'new-error': '!',
  'fan-out': '!',
  'slowness-locus': '!',
  'assertion-failed': '!',
};

export function findingMarker(kind: FindingKind): FindingMarker {
  return MARKERS[kind];
}

/** Milliseconds as a person reads them: `850µs`, `42ms`, `1.32s` (the model's one style). */
export const formatDuration = formatDurationMs;

/** A value as it would be written in a snapshot: strings quoted, the rest as JSON. */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

const UNQUOTED: ReadonlySet<FindingKind> = new Set(['status-changed', 'order-changed', 'renamed', 'moved']);

function formatSide(kind: FindingKind, value: JsonValue): string {
  if (kind === 'count-changed' && typeof value === 'number') return `×${value}`;
  if (kind === 'duration-exceeded' && typeof value === 'number') return formatDuration(value);
  // These carry labels (a status, a span name), not attribute values: quotes would only add noise.
  if (UNQUOTED.has(kind) && typeof value === 'string') return value;
  return formatValue(value);
}

/** `×1 → ×2`, `= "x"` (added), `was "x"` (removed), or '' when the finding carries no values. */
function formatChange(finding: Finding): string {
  const { kind, before, after } = finding;
  if (before !== undefined && after !== undefined) {
    return `${formatSide(kind, before)} → ${formatSide(kind, after)}`;
  }
  if (after !== undefined) return `= ${formatSide(kind, after)}`;
  if (before !== undefined) return `was ${formatSide(kind, before)}`;
  return '';
}

/** The finding's one line, without path or marker: its message plus `before → after`. */
export function describeFinding(finding: Finding): string {
  const change = formatChange(finding);
  // An order finding's message names both spans already; its before/after would only repeat them.
  if (change === '' || finding.message.includes('→') || finding.kind === 'order-changed') return finding.message;
  return `${finding.message}: ${change}`;
}

/**
 * The tree path of a finding, or `(trace)` for one about the whole trace. tbt's own trigger span
 * heads every path; people read paths from the first service (`api-gateway › POST /checkout › …`),
 * so it is left out unless the finding is about the trigger itself.
 */
export function findingPathText(finding: Finding): string {
  return finding.path.length === 0 ? '(trace)' : formatPathToRead(shownPath(finding));
}

/** The finding's path without tbt's trigger span at its head (see findingPathText). */
function shownPath(finding: Finding): SpanPath {
  const startsAtTrigger = finding.path.length > 1 && finding.path[0]?.service === 'tbt';
  return startsAtTrigger ? finding.path.slice(1) : finding.path;
}

/**
 * Findings grouped by tree path (the whole path: two long ones may read alike when shortened),
 * groups in the order of their first (most important) finding; `path` is the one to print.
 */
export function groupByPath(findings: readonly Finding[]): Array<{ path: string; findings: Finding[] }> {
  const groups = new Map<string, { path: string; findings: Finding[] }>();
  for (const finding of findings) {
    const key = finding.path.length === 0 ? '' : formatPath(shownPath(finding));
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, { path: findingPathText(finding), findings: [finding] });
  }
  return [...groups.values()];
}

/**
 * Findings of one path in a row that read the same (eleven look-alike siblings all missing, the
 * same attribute gone from each of them) print once, with how many spans they stand for.
 */
export function foldAlike(findings: readonly Finding[]): Array<{ readonly finding: Finding; readonly times: number }> {
  const folded: Array<{ finding: Finding; times: number }> = [];
  const readsAs = (finding: Finding): string =>
    [finding.kind, finding.message, finding.tolerance, finding.suppressed, finding.learned, finding.diagnosis].join('\u0000');
  for (const finding of findings) {
    const last = folded.at(-1);
    if (last !== undefined && readsAs(last.finding) === readsAs(finding)) last.times += 1;
    else folded.push({ finding, times: 1 });
  }
  return folded;
}

/** The note after a folded finding: `[11 spans alike]`; nothing for one. */
export function alikeNote(times: number): string {
  return times > 1 ? `  [${times} spans alike]` : '';
}

/**
 * The findings a report lists for a verdict. Failed assertions are reported from
 * `verdict.assertions`, which holds their spans, so their findings are left out when present.
 */
export function reportedFindings(verdict: Verdict, verbose: boolean): Finding[] {
  const hasFailedAssertions = verdict.assertions.some((a) => !a.passed);
  return verdict.findings.filter(
    (f) => (verbose || f.suppressed !== true) && !(hasFailedAssertions && f.kind === 'assertion-failed'),
  );
}

/** Total milliseconds of a test: the sum of its phases. */
export function totalMs(timings: PhaseTimings): number {
  let total = 0;
  for (const ms of Object.values(timings)) total += ms;
  return total;
}

/** `trigger 40ms · collect 260ms · judge 3ms`, in the runner's phase order. */
export function formatTimings(timings: PhaseTimings): string {
  return Object.entries(timings)
    .map(([phase, ms]) => `${phase} ${formatDuration(ms)}`)
    .join(' · ');
}
